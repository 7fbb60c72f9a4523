package dev.vmssrollout.model;

/** How instances are grouped into waves. */
public enum StrategyMode { UPDATE_DOMAIN, FAULT_DOMAIN, ZONE, BATCH, INSTANCES }
