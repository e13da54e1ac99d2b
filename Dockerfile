# HSCT Screen: gunicorn (gunicorn.conf.py) serving the Django app, WhiteNoise serving the static files.
# docker-compose.yml puts nginx in front and runs PostgreSQL, Redis, migrations and the daily purge.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DEBUG=0 \
    PORT=8000 \
    WEB_CONCURRENCY=2

WORKDIR /app

# The app runs as an unprivileged user that cannot change its own code.
RUN groupadd --system app && useradd --system --gid app --home-dir /app --no-create-home app

COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .

# The translations are compiled at build time (the .mo files are never in git), as `make messages` does.
RUN python -m tools.compile_messages

# Static files are collected once, at build time. This key only lets settings load (they refuse keys under 50
# characters when DEBUG is off); it is never used to sign anything.
RUN SECRET_KEY=collectstatic-only-not-a-real-key-used-to-load-settings-at-build-time python manage.py collectstatic --no-input \
    && chmod 0755 docker/entrypoint.sh

USER app
EXPOSE 8000
ENTRYPOINT ["/app/docker/entrypoint.sh"]
# gunicorn reads gunicorn.conf.py from /app: gthread workers, timeouts, PORT, WEB_CONCURRENCY, GUNICORN_THREADS.
CMD ["gunicorn", "hsct_screen.wsgi"]
