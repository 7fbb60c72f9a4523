-- What Azure said about an instance found failed or unhealthy in its wave (the failed provisioning state's code and
-- message, or the health status's, and the health it reported); null while nothing is wrong with it.
ALTER TABLE instances
    ADD COLUMN problem_code    text,
    ADD COLUMN problem_message text,
    ADD COLUMN problem_health  text;
