#!/bin/sh
# Container start: check the settings, then run the given command. Migrations run once, in the `migrate`
# service of docker-compose.yml, so that several web instances never migrate at the same time.
set -eu

if [ -z "${DATABASE_URL:-}" ]; then
    echo "DATABASE_URL is not set: point it at PostgreSQL (see .env.example)." >&2
    exit 1
fi

python manage.py check --deploy --fail-level ERROR

exec "$@"
