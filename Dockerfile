# HSCT Screen: gunicorn serving the Django app, WhiteNoise serving the static files.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DEBUG=0 \
    PORT=8000 \
    WEB_CONCURRENCY=3

WORKDIR /app

# The app runs as an unprivileged user that cannot change its own code.
RUN groupadd --system app && useradd --system --gid app --home-dir /app --no-create-home app

COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .

# Static files are collected once, at build time. This key only lets settings load; it is never used to sign anything.
RUN SECRET_KEY=collectstatic-only-not-a-real-key python manage.py collectstatic --no-input \
    && chmod 0755 docker/entrypoint.sh

USER app
EXPOSE 8000
ENTRYPOINT ["/app/docker/entrypoint.sh"]
# gunicorn reads WEB_CONCURRENCY for its worker count; its control socket would need a writable home, and is unused.
CMD ["sh", "-c", "exec gunicorn hsct_screen.wsgi --bind 0.0.0.0:${PORT} --timeout 30 --no-control-socket"]
