package dev.vmssrollout.api.security;

import java.util.List;

/** The authorities the API knows; local users and JWT role claims carry these exact names. */
public final class Roles {

    public static final String SUBMIT = "rollout.submit";
    public static final String APPROVE = "rollout.approve";
    public static final String OPERATE = "rollout.operate";
    /** Create, change and delete maintenance calendars (reading them needs only a signed-in caller). */
    public static final String CALENDARS = "calendar.manage";

    public static final List<String> ALL = List.of(SUBMIT, APPROVE, OPERATE, CALENDARS);

    private Roles() {
    }
}
