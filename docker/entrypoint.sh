#!/bin/sh
# Container start: check the settings, bring the database schema up to date, then run the given command.
set -eu

if [ -z "${DATABASE_URL:-}" ]; then
    echo "DATABASE_URL is not set: point it at PostgreSQL (see .env.example)." >&2
    exit 1
fi

# Migrations also load the default screening criteria on a new database.
python manage.py migrate --no-input
python manage.py check --deploy --fail-level ERROR

exec "$@"
