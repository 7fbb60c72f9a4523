package dev.vmssrollout.model;

/** Where one instance stands in a rollout; these are the heatmap's colours. */
public enum InstanceState { PENDING, UPGRADING, HEALTHY, UNHEALTHY, FAILED, SKIPPED, ROLLED_BACK, DELETED }
