"""Reads of criteria sets."""

from hsct_screen.criteria.models import CriteriaSet


class NoPublishedCriteria(Exception):
    """No criteria set is published, so nothing can be evaluated."""


def published_criteria_set() -> CriteriaSet:
    criteria_set = CriteriaSet.objects.filter(status=CriteriaSet.Status.PUBLISHED).prefetch_related("criteria").first()
    if criteria_set is None:
        raise NoPublishedCriteria("no criteria set is published")
    return criteria_set
