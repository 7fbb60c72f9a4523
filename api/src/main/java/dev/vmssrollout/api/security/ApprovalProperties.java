package dev.vmssrollout.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code vmss.approvals.four-eyes}: the submitter of a rollout may not approve its waves. */
@ConfigurationProperties("vmss.approvals")
public record ApprovalProperties(@DefaultValue("true") boolean fourEyes) {
}
