#!/bin/sh
# Runs once, when the PostgreSQL volume is new (docker-entrypoint-initdb.d): one role per tenant of this server.
# vmss owns the rollout database; temporal may create its own two (temporal-sql-tool create).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v vmss_password="$VMSS_DB_PASSWORD" -v temporal_password="$TEMPORAL_DB_PASSWORD" <<'SQL'
CREATE ROLE vmss LOGIN PASSWORD :'vmss_password';
CREATE DATABASE vmss_rollout OWNER vmss;
CREATE ROLE temporal LOGIN CREATEDB PASSWORD :'temporal_password';
SQL
