package dev.vmssrollout.api.security;

import java.util.List;

/** The authorities the API knows; local users and JWT role claims carry these exact names. */
public final class Roles {

    public static final String SUBMIT = "rollout.submit";
    public static final String APPROVE = "rollout.approve";
    public static final String OPERATE = "rollout.operate";

    public static final List<String> ALL = List.of(SUBMIT, APPROVE, OPERATE);

    private Roles() {
    }
}
