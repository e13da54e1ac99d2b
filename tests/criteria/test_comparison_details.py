"""A set's comparison details (kind, recruitment status, date checked, sources, listing) in the admin and in files."""

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from hsct_screen.criteria import services
from hsct_screen.criteria.models import CriteriaSet, describe_status, is_stale
from hsct_screen.criteria.services import SETS_DIR
from tests.criteria.test_admin import comparison_post

pytestmark = pytest.mark.django_db


def change_url(criteria_set):
    return reverse("admin:criteria_criteriaset_change", args=[criteria_set.pk])


def post_details(client, criteria_set, **changes):
    count = str(criteria_set.criteria.count())
    data = {
        **comparison_post(criteria_set),
        "name": criteria_set.name,
        "identifier": criteria_set.identifier,
        "description": criteria_set.description,
        "criteria-TOTAL_FORMS": count,
        "criteria-INITIAL_FORMS": count,
        **changes,
    }
    data = {name: value for name, value in data.items() if value is not None}
    return client.post(change_url(criteria_set), data)


def test_a_trials_status_can_be_updated_on_a_retired_set_and_is_kept_in_its_history(client, editor):
    trial = CriteriaSet.objects.get(identifier="ram-ms")
    client.force_login(editor)
    response = post_details(client, trial, recruitment_status="closed", status_checked_on="2026-12-01")
    assert response.status_code == 302
    trial.refresh_from_db()
    assert (trial.recruitment_status, trial.status_checked_on) == ("closed", date(2026, 12, 1))
    post_details(client, trial, countries="Norway, Sweden, Denmark, Netherlands, Finland")
    latest = trial.history.first()
    assert latest.history_user == editor
    changed = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in changed.changes] == [
        ("countries", "Norway, Sweden, Denmark, Netherlands", "Norway, Sweden, Denmark, Netherlands, Finland")
    ]
    assert latest.prev_record.recruitment_status == "closed"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"recruitment_status": "in_use"}, "recruitment_status", "A trial needs its recruitment status"),
        ({"kind": "guideline"}, "recruitment_status", "Only trials recruit"),
        ({"status_checked_on": ""}, "status_checked_on", "needs the date its status"),
        ({"registry_url": ""}, "registry_url", "address of its registry page"),
        ({"source_citation": ""}, "source_citation", "source patients can look up"),
        ({"status_checked_on": "24/11/2026"}, "status_checked_on", "Enter a valid date"),
    ],
)
def test_bad_comparison_details_are_refused_naming_the_field(client, editor, changes, field, message):
    trial = CriteriaSet.objects.get(identifier="ram-ms")
    client.force_login(editor)
    response = post_details(client, trial, **changes)
    assert response.status_code == 200
    assert message in str(response.context["adminform"].form.errors[field])
    trial.refresh_from_db()
    assert (trial.kind, trial.recruitment_status) == ("trial", "active_not_recruiting")


def test_the_database_refuses_a_guideline_that_recruits():
    with pytest.raises(IntegrityError), transaction.atomic():
        CriteriaSet.objects.filter(identifier="nmss-2021").update(recruitment_status="recruiting")


def test_the_admin_list_marks_stale_statuses(client, editor):
    client.force_login(editor)
    page = client.get(reverse("admin:criteria_criteriaset_changelist")).content.decode()
    # BEAT-MS was last checked against its registry record of 26 January 2024.
    assert page.count("Stale: not checked since") >= 1
    assert "Stale: not checked since 26 January 2024" in page or "Stale: not checked since Jan. 26, 2024" in page


def test_staleness_counts_120_days_and_never_checked_is_stale():
    checked = date(2026, 11, 24)
    assert not is_stale(checked, date(2027, 3, 24))  # 120 days later
    assert is_stale(checked, date(2027, 3, 25))
    assert is_stale(None, checked)


def test_export_carries_the_comparison_details_and_import_reads_them_back(published):
    trial = CriteriaSet.objects.prefetch_related("criteria").get(identifier="starms")
    data = services.criteria_set_export(trial)
    assert data["format"] == "hsct-screen-criteria/2"
    assert (data["kind"], data["recruitment_status"], data["status_checked_on"]) == ("trial", "closed", "2026-11-24")
    imported = services.criteria_set_import(data)
    assert imported.identifier == "starms-2"
    assert (imported.kind, imported.recruitment_status, imported.listed, imported.registry_url) == (
        "trial",
        "closed",
        True,
        "https://www.isrctn.com/ISRCTN88667898",
    )


def test_a_version_1_file_still_loads_as_an_unlisted_guideline(published):
    data = json.loads((SETS_DIR / "default.json").read_text(encoding="utf-8"))
    old = {name: data[name] for name in ("identifier", "name", "description", "sources", "criteria")}
    old["format"] = "hsct-screen-criteria/1"
    # Version 1 criteria had no case-by-case or longer-window settings.
    for item in old["criteria"]:
        item["settings"] = {k: v for k, v in item["settings"].items() if k not in ("case_by_case", "longer_window")}
    imported = services.criteria_set_import(old)
    assert (imported.kind, imported.recruitment_status, imported.listed) == ("guideline", "in_use", False)
    assert imported.criteria.get(key="ms_type").settings == {"accepted": ["rrms"], "case_by_case": []}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "study"}, "kind"),
        ({"recruitment_status": "open"}, "recruitment_status"),
        ({"status_checked_on": "2026-13-01"}, "status_checked_on"),
        ({"status_checked_on": 20261124}, "status_checked_on"),
        ({"registry_url": "javascript:alert(1)"}, "registry_url"),
        ({"listed": "yes"}, "listed"),
        ({"comparison_order": -1}, "comparison_order"),
        ({"kind": "guideline"}, "recruitment_status"),
        ({"registry_url": ""}, "registry_url"),
    ],
)
def test_a_file_with_bad_comparison_details_is_refused_whole_naming_the_field(changes, field):
    data = {**json.loads((SETS_DIR / "ram-ms.json").read_text(encoding="utf-8")), **changes}
    before = CriteriaSet.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.criteria_set_import(data)
    assert field in caught.value.message_dict
    assert CriteriaSet.objects.count() == before


def test_a_copy_keeps_the_details_but_is_not_listed(published):
    source = CriteriaSet.objects.get(identifier="london-ms-ahsct-2016")
    copy = services.criteria_set_copy(source=source)
    assert (copy.kind, copy.source_citation, copy.listed) == ("guideline", source.source_citation, False)


@pytest.mark.parametrize(("language", "written"), [("en", "26 Jan 2024"), ("es", "26 ene 2024")])
def test_the_date_a_status_was_checked_is_written_the_languages_short_way(language, written):
    with translation.override(language):
        status = describe_status(
            kind=CriteriaSet.Kind.TRIAL,
            status=CriteriaSet.RecruitmentStatus.RECRUITING,
            checked_on=date(2024, 1, 26),
            today=date(2026, 11, 24),
        )
    assert written in status.note
