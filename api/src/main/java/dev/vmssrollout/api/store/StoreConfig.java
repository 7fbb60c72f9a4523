package dev.vmssrollout.api.store;

import dev.vmssrollout.db.JdbcAnalysisStore;
import dev.vmssrollout.db.JdbcCalendarStore;
import dev.vmssrollout.db.JdbcReleaseStore;
import dev.vmssrollout.db.JdbcRolloutStore;
import dev.vmssrollout.model.release.ReleaseStore;
import dev.vmssrollout.model.store.AnalysisStore;
import dev.vmssrollout.model.store.CalendarStore;
import dev.vmssrollout.model.store.RolloutStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;

/**
 * The rollout store over Spring's DataSource ({@code spring.datasource.*}, or a DataSource bean
 * the local stack provides). Boot's Flyway auto-configuration migrates the schema from the db
 * module's {@code classpath:db/migration} before the store is used. An auto-configuration, so that
 * a RolloutStore bean of the application's own replaces this one.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
public class StoreConfig {

    @Bean
    @ConditionalOnMissingBean
    CalendarStore calendarStore(DataSource dataSource) {
        return new JdbcCalendarStore(dataSource);
    }

    /** The evidence of metric analyses, which the rollout views show per wave. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(DataSource.class)
    AnalysisStore analysisStore(DataSource dataSource) {
        return new JdbcAnalysisStore(dataSource);
    }

    @Bean
    @ConditionalOnMissingBean
    ReleaseStore releaseStore(DataSource dataSource) {
        return new JdbcReleaseStore(dataSource);
    }

    @Bean
    @ConditionalOnMissingBean
    RolloutStore rolloutStore(DataSource dataSource) {
        // The store keeps its own JSON mapper: the API's is strict about request bodies, stored JSON must not be.
        return new JdbcRolloutStore(dataSource);
    }
}
