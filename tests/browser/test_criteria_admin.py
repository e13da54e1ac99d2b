"""The criteria editor's pages pass axe at 1280 and 320 px, and an editor can change, preview and publish a set."""

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from hsct_screen.criteria.models import CriteriaSet
from tests.browser import journey
from tests.browser.test_accessibility import assert_page_is_accessible
from tests.factories import UserFactory, published_set, stand_in_translations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Set SHOTS_DIR to keep screenshots of the pages at both widths (for people reviewing a change).
SHOTS_DIR = Path(os.environ["SHOTS_DIR"]) if os.environ.get("SHOTS_DIR") else None


class _OutsideAxe(list):
    """CSP errors, except while axe runs: its own probes set inline styles on admin forms, the page does not."""

    axe_running = False

    def append(self, item):
        if not self.axe_running:
            super().append(item)


@pytest.fixture
def csp_errors():
    errors = _OutsideAxe()
    yield errors
    assert not errors, f"Content Security Policy violations: {list(errors)}"


@pytest.fixture
def accessible(csp_errors):
    def check(page):
        csp_errors.axe_running = True
        try:
            assert_page_is_accessible(page)
        finally:
            csp_errors.axe_running = False
        page.set_viewport_size(journey.DESKTOP)

    return check


@pytest.fixture
def editor_page(make_page, url):
    """A desktop page logged in through the admin's login form as a member of Criteria editors."""
    user = UserFactory(username="editor", password=journey.PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Criteria editors"))
    page = make_page(viewport=journey.DESKTOP)
    journey.log_in(
        page,
        url,
        "editor",
        login_path="/admin/login/?next=/admin/criteria/criteriaset/",
        lands_on="/admin/criteria/criteriaset/",
    )
    return page


def shoot(page, name):
    if SHOTS_DIR is None:
        return
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS_DIR / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size(journey.DESKTOP)


def make_draft(page, url):
    """Copy the published set to a new draft through its change page, as an editor would.

    Its texts are translated first (stand-ins where the shipped file has none), so the draft may be published.
    """
    published = stand_in_translations(published_set())
    page.goto(url(f"/admin/criteria/criteriaset/{published.pk}/change/"))
    page.get_by_role("link", name="Copy to a new draft").click()
    page.get_by_role("button", name="Copy to a new draft").click()
    page.wait_for_url(re.compile(r"/admin/criteria/criteriaset/\d+/change/$"))
    return CriteriaSet.objects.get(status=CriteriaSet.Status.DRAFT)


def test_the_criteria_set_list_is_accessible(editor_page, url, accessible):
    editor_page.goto(url("/admin/criteria/criteriaset/"))
    assert editor_page.locator("#changelist-filter").count() == 1
    accessible(editor_page)
    shoot(editor_page, "set-list")


def test_a_draft_change_page_and_its_preview_are_accessible(editor_page, url, accessible):
    draft = make_draft(editor_page, url)
    accessible(editor_page)
    editor_page.goto(url(f"/admin/criteria/criteriaset/{draft.pk}/preview/"))
    accessible(editor_page)
    # A criterion's page: each English text with its Spanish text beside it (stacked at 320 px).
    conditions = draft.criteria.get(key="health_conditions")
    editor_page.goto(url(f"/admin/criteria/criterion/{conditions.pk}/change/"))
    assert editor_page.get_by_label("Title shown to patients (Spanish)").count() == 1
    accessible(editor_page)


def test_an_editor_changes_a_setting_sees_the_diff_publishes_a_new_name_and_patients_see_it(
    editor_page, url, make_page
):
    page = editor_page
    draft = make_draft(page, url)

    # Change a setting of one criterion and a Spanish text beside its English; saving returns to the draft.
    page.get_by_role("link", name="Time since diagnosis").click()
    page.get_by_label("Most years since diagnosis").fill("15")
    page.get_by_label("Title shown to patients (Spanish)").fill("Tiempo desde el diagnóstico")
    shoot(page, "criterion-change")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(url(f"/admin/criteria/criteriaset/{draft.pk}/change/"))
    shoot(page, "set-change")

    # The preview shows the change, and refuses to publish while the description says 10 years.
    page.get_by_role("link", name="Preview and publish").click()
    diff = page.locator("#preview-diff-disease_duration")
    assert "Most years since diagnosis" in diff.inner_text()
    assert re.search(r"10\s+15", diff.inner_text())
    assert "still says 10" in page.locator(".errornote").first.inner_text()

    # Update the description on the draft, then preview again.
    page.goto(url(f"/admin/criteria/criteriaset/{draft.pk}/change/"))
    for language in ("English", "Spanish"):
        description = page.get_by_label(f"Description and sources ({language})")
        description.fill(re.sub(r"(?<![\w.])10(?![\w.])", "15", description.input_value()))
    page.get_by_role("button", name="Save and continue editing").click()
    page.get_by_role("link", name="Preview and publish").click()
    assert page.locator(".errornote").count() == 0
    shoot(page, "preview-diff")

    # Publish under a new public name and version label.
    page.get_by_label("Name patients see (English)").fill("HSCT Screen criteria, 15 years")
    page.get_by_label("Name patients see (Spanish)").fill("Criterios de HSCT Screen, 15 años")
    page.get_by_label("Version label").fill("contract-default-3")
    page.get_by_label("Change note").fill("Fifteen years since diagnosis, as the newer guidelines allow.")
    shoot(page, "publish")
    page.get_by_role("button", name="Publish", exact=True).click()
    assert "Published “HSCT Screen criteria, 15 years”" in page.locator(".messagelist").inner_text()
    draft.refresh_from_db()
    assert (draft.status, draft.identifier) == (CriteriaSet.Status.PUBLISHED, "contract-default-3")
    assert draft.criteria.get(key="disease_duration").translations["es"]["title"] == "Tiempo desde el diagnóstico"
    assert draft.translations["es"]["name"] == "Criterios de HSCT Screen, 15 años"

    # The next person's result names the new version.
    patient = make_page()
    journey.walk_by_clicks(patient, url, journey.possible_candidate_answers())
    assert "contract-default-3" in patient.locator("main").inner_text()
