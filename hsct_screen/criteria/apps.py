from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CriteriaConfig(AppConfig):
    name = "hsct_screen.criteria"
    verbose_name = _("Screening criteria")

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save

        from hsct_screen.criteria import cache
        from hsct_screen.criteria.models import CriteriaSet, Criterion

        # Any write to a set or a criterion (admin, publish, import, copy) and every migration drops the cached
        # published criteria in every process; see hsct_screen.criteria.cache.
        for model in (CriteriaSet, Criterion):
            post_save.connect(cache.invalidate, sender=model, dispatch_uid=f"criteria-cache-save-{model.__name__}")
            post_delete.connect(cache.invalidate, sender=model, dispatch_uid=f"criteria-cache-delete-{model.__name__}")
        post_migrate.connect(cache.invalidate, dispatch_uid="criteria-cache-migrate")
