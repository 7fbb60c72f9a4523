/**
 * The rollout store on PostgreSQL: Flyway migrations ({@code classpath:db/migration}) and
 * {@link dev.vmssrollout.db.JdbcRolloutStore}, the JDBC implementation of the domain's
 * {@link dev.vmssrollout.model.store.RolloutStore}. No Spring context is needed: the classes take
 * a {@link javax.sql.DataSource} in their constructors.
 */
package dev.vmssrollout.db;
