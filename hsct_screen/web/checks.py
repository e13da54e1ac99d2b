"""Deploy checks of the edge: settings that look fine locally but break a real deployment."""

from django.conf import settings
from django.core import checks

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    if settings.CACHES["default"]["BACKEND"] in PER_PROCESS_CACHES:
        return [
            checks.Warning(
                "The cache is kept in each process's memory: rate limits count per process and cached sessions "
                "are lost on restart and not shared between instances.",
                hint="Set REDIS_URL, e.g. redis://redis:6379/0 (docker-compose.yml runs Redis).",
                id="hsct_screen.web.W001",
            )
        ]
    return []
