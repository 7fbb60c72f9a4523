-- Webhook notifications the worker delivered (see NotificationActivities): a notification activity
-- that is retried, or runs again after a worker crash, skips the webhooks that already have it.
-- Forward-only, like V1: change it in a new V<n>__ file.

CREATE TABLE notification_deliveries (
    -- <rolloutId>:<seq of the event that entered the state>, also sent as the Idempotency-Key header
    idempotency_key text        NOT NULL,
    -- a hash of the webhook's URL, never the URL itself: Slack and Teams URLs are secrets
    webhook         text        NOT NULL,
    delivered_at    timestamptz NOT NULL,
    PRIMARY KEY (idempotency_key, webhook)
);
