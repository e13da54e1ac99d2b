"""Users for each role, drafts to edit, and a stand-in for the learn pages that criteria link to."""

import pytest
from django.contrib.auth.models import Group

from hsct_screen.criteria import services
from hsct_screen.learn import content as learn_content
from tests.factories import UserFactory, published_set, stand_in_translations

CANDIDATE_ANCHORS = frozenset(
    {
        "ms-type",
        "time-since-diagnosis",
        "walking",
        "recent-activity",
        "medicines-tried",
        "age",
        "other-health-conditions",
    }
)


@pytest.fixture
def real_learn_content():
    """Ask for this to check against the real learn pages instead of the stand-in."""


@pytest.fixture(autouse=True)
def fake_learn_pages(request, monkeypatch):
    """The learn page criteria link to, with the sections it is known to have, independent of its wording."""
    if "real_learn_content" in request.fixturenames:
        return
    pages = {
        "who-may-be-a-candidate": learn_content.Page(
            slug="who-may-be-a-candidate", title="Who may be a candidate", anchors=CANDIDATE_ANCHORS
        ),
        "risks": learn_content.Page(slug="risks", title="Risks", anchors=frozenset({"infections"})),
    }
    monkeypatch.setattr(learn_content, "get_page", lambda slug, language=None: pages.get(slug))


@pytest.fixture
def outsider(db):
    return UserFactory(username="outsider")


@pytest.fixture
def staff_without_criteria(db):
    """Like clinic staff: may log in to the admin, holds no criteria permission."""
    return UserFactory(username="clinic", is_staff=True)


@pytest.fixture
def editor(db):
    user = UserFactory(username="editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Criteria editors"))
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def published(db):
    return published_set()


@pytest.fixture
def draft(published):
    """A copy of the published set; both have every text translated (stand-ins where the shipped file has none)."""
    stand_in_translations(published)
    return services.criteria_set_copy(source=published)


def criterion_of(criteria_set, key):
    return criteria_set.criteria.get(key=key)
