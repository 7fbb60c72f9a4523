/**
 * The rollout store as the domain sees it: where plans and their progress are kept so that they
 * outlive the Temporal server. The interfaces and read models live here; the JDBC implementation
 * lives in the {@code db} module.
 */
package dev.vmssrollout.model.store;
