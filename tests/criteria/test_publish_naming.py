"""Publishing names the set for patients, checks its description, and the preview shows what changed."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hsct_screen.criteria import selectors, services
from hsct_screen.criteria.models import CriteriaSet
from tests.criteria.conftest import criterion_of
from tests.factories import SubmissionFactory, answers, criterion_form_data

pytestmark = pytest.mark.django_db


def set_max_years(draft, years):
    duration = criterion_of(draft, "disease_duration")
    duration.settings = {"max_years": years}
    duration.save()


def publish(draft, **naming):
    return services.criteria_set_publish(criteria_set=draft, note="Fifteen years.", **naming)


@pytest.mark.parametrize(
    ("name", "identifier", "field"),
    [
        ("Draft copy of Default criteria", "contract-default-3", "name"),
        ("   ", "contract-default-3", "name"),
        ("HSCT Screen criteria 2027", "contract-default-2-draft", "identifier"),
        ("HSCT Screen criteria 2027", "draft-3", "identifier"),
        ("HSCT Screen criteria 2027", "Contract Default 3", "identifier"),
        ("HSCT Screen criteria 2027", "contract-default-2", "identifier"),  # taken by the published set
    ],
)
def test_publishing_refuses_a_draft_name_or_version_label(published, draft, name, identifier, field):
    with pytest.raises(ValidationError) as caught:
        publish(draft, name=name, identifier=identifier)
    assert field in caught.value.message_dict
    draft.refresh_from_db()
    assert draft.status == CriteriaSet.Status.DRAFT


def test_publishing_gives_the_set_its_public_name_and_version_label(published, draft):
    publish(draft, name="HSCT Screen criteria 2027", identifier="contract-default-3")
    draft.refresh_from_db()
    assert (draft.name, draft.identifier, draft.status) == (
        "HSCT Screen criteria 2027",
        "contract-default-3",
        CriteriaSet.Status.PUBLISHED,
    )


def test_the_suggested_version_label_counts_on_from_the_published_one(published):
    assert published.identifier == "contract-default-2"
    assert services.suggested_identifier(published) == "contract-default-3"


def test_a_description_that_still_quotes_a_changed_number_is_refused(published, draft):
    assert "10 years" in draft.description
    set_max_years(draft, 15)
    problems = selectors.publish_problems(draft, published)
    assert any("still says 10" in problem and "is now 15" in problem for problem in problems)
    with pytest.raises(ValidationError):
        publish(draft, name="HSCT Screen criteria 2027", identifier="contract-default-3")


def test_a_description_updated_to_the_new_number_may_be_published(published, draft):
    set_max_years(draft, 15)
    draft.description = draft.description.replace("10 years", "15 years")
    draft.save()
    # Its translations quote the same number, each in its own words.
    for entry in draft.translations.values():
        entry["description"] = re.sub(r"(?<![\w.])10(?![\w.])", "15", entry["description"])
    draft.save()
    assert selectors.description_problems(draft, published) == []
    publish(draft, name="HSCT Screen criteria 2027", identifier="contract-default-3")


def test_the_diff_names_each_changed_setting_text_and_set_field(published, draft):
    set_max_years(draft, 15)
    age = criterion_of(draft, "age")
    age.text_met = "You are {age}."
    age.save()
    draft.description = "Shorter."
    draft.save()
    diff = selectors.criteria_set_diff(draft, published)
    by_key = {item.key: item for item in diff.criteria}
    assert set(by_key) == {"disease_duration", "age"}
    [years] = by_key["disease_duration"].changes
    assert (years.label, years.before, years.after) == ("Most years since diagnosis", "10", "15")
    assert [change.label for change in by_key["age"].changes] == ["Explanation when met"]
    assert {change.label for change in diff.set_changes} == {"Name", "Description and sources"}


def test_an_unchanged_copy_has_no_criterion_changes(published, draft):
    assert selectors.criteria_set_diff(draft, published).criteria == []


def test_the_preview_shows_the_diff_and_links_the_affected_submissions(client, editor, published, draft):
    set_max_years(draft, 15)
    moved = SubmissionFactory(answers=answers(diagnosis_year=2013), outcome="unlikely_candidate")
    client.force_login(editor)
    page = client.get(reverse("admin:criteria_criteriaset_preview", args=[draft.pk])).content.decode()
    assert 'id="preview-diff-disease_duration"' in page
    assert "Most years since diagnosis" in page
    assert f'href="{reverse("staff:detail", args=[moved.reference_code])}"' in page
    assert 'name="identifier"' in page
    assert 'value="contract-default-3"' in page
    assert "Draft copy" not in page.split('name="name"')[1].split(">")[0]


def test_publishing_from_the_admin_with_a_draft_name_is_refused_on_that_field(client, editor, published, draft):
    client.force_login(editor)
    response = client.post(
        reverse("admin:criteria_criteriaset_publish", args=[draft.pk]),
        {
            "name": draft.name,
            "identifier": draft.identifier,
            "change_note": "Same.",
            "fingerprint": selectors.criteria_set_fingerprint(draft),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "without “Draft copy”" in page
    assert "leave “draft” out" in page


def test_saving_a_criterion_returns_to_its_set(client, editor, draft):
    criterion = criterion_of(draft, "walking")
    client.force_login(editor)
    data = criterion_form_data(criterion, required="on", enabled="on", setting_accepted=criterion.settings["accepted"])
    response = client.post(reverse("admin:criteria_criterion_change", args=[criterion.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == reverse("admin:criteria_criteriaset_change", args=[draft.pk])


def test_a_criterion_page_leads_back_to_its_set(client, editor, draft):
    criterion = criterion_of(draft, "age")
    client.force_login(editor)
    page = client.get(reverse("admin:criteria_criterion_change", args=[criterion.pk])).content.decode()
    breadcrumbs = page.split('class="breadcrumbs"')[1].split("</div>")[0]
    assert f'href="{reverse("admin:criteria_criteriaset_change", args=[draft.pk])}"' in breadcrumbs
