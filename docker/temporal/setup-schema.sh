#!/bin/sh
# One-shot (temporalio/admin-tools): creates Temporal's two databases on PostgreSQL and brings their schemas to the
# version this image ships. Safe to run on every `up`: it creates what is missing and applies only newer versions.
set -eu
SQL="--plugin ${DB:-postgres12} --ep ${POSTGRES_SEEDS} -p ${DB_PORT:-5432} -u ${POSTGRES_USER}"
export SQL_PASSWORD="${POSTGRES_PWD}"
SCHEMA=/etc/temporal/schema/postgresql/v12

until nc -z "${POSTGRES_SEEDS}" "${DB_PORT:-5432}"; do
  echo "waiting for PostgreSQL at ${POSTGRES_SEEDS}:${DB_PORT:-5432}"
  sleep 1
done

setup() { # database, schema directory
  if ! out=$(temporal-sql-tool $SQL --db "$1" create 2>&1); then
    case "$out" in
      *"already exists"*) echo "database $1 exists" ;;
      *) echo "$out" >&2; exit 1 ;;
    esac
  fi
  temporal-sql-tool $SQL --db "$1" setup-schema -v 0.0
  temporal-sql-tool $SQL --db "$1" update-schema -d "$2"
}

setup "${DBNAME:-temporal}" "$SCHEMA/temporal/versioned"
setup "${VISIBILITY_DBNAME:-temporal_visibility}" "$SCHEMA/visibility/versioned"
echo "Temporal schemas are current"
