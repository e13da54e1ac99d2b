"""Criteria texts in other languages: checked like the English, edited beside it, required to publish, cached apart."""

import json

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from hsct_screen.criteria import cache, selectors, services
from hsct_screen.criteria import translations as texts
from hsct_screen.criteria.forms import criterion_form_class, validate_criterion
from hsct_screen.criteria.models import CriteriaSet
from tests.criteria.conftest import criterion_of
from tests.factories import (
    CriteriaSetFactory,
    CriterionFactory,
    answers,
    criterion_form_data,
    stand_in_file_translations,
    stand_in_translations,
)

pytestmark = pytest.mark.django_db

SPANISH_TITLE = "Tiempo desde el diagnóstico"
SPANISH_MET = "Le diagnosticaron en {diagnosis_year}, hace unos {years} años."


def criterion_post(criterion, **overrides):
    """What the admin's criterion page sends for a disease-duration criterion, English and Spanish."""
    fields = {
        "required": "on",
        "enabled": "on",
        "setting_max_years": "10",
        "title_es": SPANISH_TITLE,
        "text_met_es": SPANISH_MET,
        "text_not_met_es": "Han pasado más de {max_years} años.",
        "text_unknown_es": "No pudimos calcularlo.",
    }
    return criterion_form_data(criterion, **{**fields, **overrides})


def test_the_list_of_languages_to_translate_into_comes_from_settings(settings):
    settings.LANGUAGES = [("en", "English"), ("es", "Spanish"), ("fr", "French")]
    assert texts.other_languages() == ["es", "fr"]
    settings.LANGUAGE_CODE = "es"
    assert texts.other_languages() == ["en", "fr"]


def test_a_translated_text_with_a_placeholder_the_kind_does_not_offer_is_refused_naming_the_field():
    data = {
        "key": "disease_duration",
        "required": True,
        "enabled": True,
        "settings": {"max_years": 10},
        "title": "Time since diagnosis",
        "text_met": "Diagnosed in {diagnosis_year}.",
        "text_not_met": "",
        "text_unknown": "",
        "learn_more": "",
        "translations": {"es": {"title": SPANISH_TITLE, "text_met": "Diagnóstico en {age}."}},
    }
    with pytest.raises(ValidationError) as error:
        validate_criterion(data)
    assert list(error.value.message_dict) == ["translations.es.text_met"]
    assert "{age}" in error.value.message_dict["translations.es.text_met"][0]


def test_a_translation_into_a_language_the_site_does_not_offer_is_refused():
    data = {
        "key": "walking",
        "required": True,
        "enabled": True,
        "settings": {"accepted": ["no_limit"]},
        "title": "Walking",
        "text_met": "",
        "text_not_met": "",
        "text_unknown": "",
        "learn_more": "",
        "translations": {"fr": {"title": "Marche"}},
    }
    with pytest.raises(ValidationError) as error:
        validate_criterion(data)
    assert list(error.value.message_dict) == ["translations.fr"]


def test_the_admin_form_has_a_spanish_field_labelled_with_its_language_beside_each_english_text():
    form = criterion_form_class("health_conditions")()
    assert str(form.fields["title"].label) == "Title shown to patients (English)"
    assert str(form.fields["title_es"].label) == "Title shown to patients (Spanish)"
    assert str(form.fields["text_not_met_es"].label) == "Explanation when not met (Spanish)"
    assert str(form.fields["setting_conditions__heart_es"].label) == (
        "Advice for each health condition: heart disease (Spanish)"
    )
    assert form.fields["text_met_es"].widget.attrs["lang"] == "es"


def test_the_admin_page_shows_each_text_and_its_spanish_on_one_line(client, editor, draft):
    criterion = criterion_of(draft, "disease_duration")
    client.force_login(editor)
    page = client.get(reverse("admin:criteria_criterion_change", args=[criterion.pk])).content.decode()
    assert "translated-texts" in page
    line = page.split('class="form-row field-title field-title_es')[1].split('class="form-row')[0]
    assert 'name="title"' in line and 'name="title_es"' in line
    assert 'for="id_title_es">Title shown to patients (Spanish):</label>' in line


def test_saving_the_admin_page_stores_the_spanish_texts(client, editor, draft):
    criterion = criterion_of(draft, "disease_duration")
    client.force_login(editor)
    response = client.post(reverse("admin:criteria_criterion_change", args=[criterion.pk]), criterion_post(criterion))
    assert response.status_code == 302, response.content.decode()[:2000]
    criterion.refresh_from_db()
    assert criterion.translations["es"]["title"] == SPANISH_TITLE
    assert criterion.translations["es"]["text_met"] == SPANISH_MET


def test_the_admin_page_refuses_a_spanish_placeholder_the_kind_does_not_offer_at_its_field(client, editor, draft):
    criterion = criterion_of(draft, "disease_duration")
    client.force_login(editor)
    response = client.post(
        reverse("admin:criteria_criterion_change", args=[criterion.pk]),
        criterion_post(criterion, text_met_es="Tiene {edad} años."),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["text_met_es"]
    assert "{edad}" in errors["text_met_es"][0]


def test_the_set_page_stores_the_spanish_name_and_countries(client, editor, draft):
    client.force_login(editor)
    page = client.get(reverse("admin:criteria_criteriaset_change", args=[draft.pk])).content.decode()
    assert 'name="name_es"' in page and 'name="countries_es"' in page
    data = {
        "name": "Trial set",
        "name_es": "Conjunto del ensayo",
        "identifier": draft.identifier,
        "description": "",
        "description_es": "",
        "kind": "guideline",
        "recruitment_status": "in_use",
        "status_checked_on": "",
        "source_citation": "",
        "source_url": "",
        "registry_url": "",
        "countries": "Norway",
        "countries_es": "Noruega",
        "comparison_order": "0",
        "criteria-TOTAL_FORMS": "0",
        "criteria-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:criteria_criteriaset_change", args=[draft.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    draft.refresh_from_db()
    assert draft.translations == {"es": {"name": "Conjunto del ensayo", "countries": "Noruega"}}


def test_publishing_is_blocked_naming_the_criterion_and_field_whose_spanish_is_missing(draft):
    walking = criterion_of(draft, "walking")
    del walking.translations["es"]["text_met"]
    walking.save()
    with pytest.raises(ValidationError) as error:
        services.criteria_set_publish(criteria_set=draft, note="Spanish check.")
    [problem] = error.value.message_dict["__all__"]
    assert problem.startswith(f"{walking.title} (walking): “Explanation when met (Spanish)” is empty.")
    draft.refresh_from_db()
    assert draft.status == CriteriaSet.Status.DRAFT


def test_publishing_is_blocked_when_a_health_condition_advice_has_no_spanish(draft):
    conditions = criterion_of(draft, "health_conditions")
    del conditions.translations["es"]["settings"]["conditions"]["heart"]
    conditions.save()
    problems = selectors.publish_problems(draft, None)
    assert problems == [
        f"{conditions.title} (health_conditions): “Advice for each health condition: heart disease (Spanish)” is "
        "empty. Write it before publishing, or pages in Spanish would show English."
    ]


def test_a_disabled_criterion_or_an_empty_english_text_needs_no_spanish(draft):
    walking = criterion_of(draft, "walking")
    walking.enabled = False
    walking.translations = {}
    walking.save()
    age = criterion_of(draft, "age")
    age.text_unknown = ""
    age.translations["es"].pop("text_unknown", None)
    age.save()
    assert selectors.publish_problems(draft, None) == []


def test_the_admin_publish_shows_the_missing_spanish_text(client, editor, draft):
    criteria_set = CriteriaSet.objects.get(pk=draft.pk)
    criteria_set.translations = {}
    criteria_set.save()
    client.force_login(editor)
    response = client.post(
        reverse("admin:criteria_criteriaset_publish", args=[draft.pk]),
        {
            "name": "HSCT Screen criteria 2027",
            "identifier": "contract-default-9",
            "change_note": "Spanish.",
            "fingerprint": selectors.criteria_set_fingerprint(criteria_set),
        },
    )
    assert response.status_code == 400
    assert "“Name (Spanish)” is empty." in response.content.decode()


def test_a_copy_of_a_set_keeps_its_translations(published):
    stand_in_translations(published)
    copy = services.criteria_set_copy(source=published)
    assert copy.translations == published.translations
    assert criterion_of(copy, "walking").translations == criterion_of(published, "walking").translations


def test_the_preview_diff_shows_a_changed_spanish_text(published):
    stand_in_translations(published)
    draft = services.criteria_set_copy(source=published)
    walking = criterion_of(draft, "walking")
    walking.translations["es"]["title"] = "Caminar"
    walking.save()
    diff = selectors.criteria_set_diff(draft, CriteriaSet.objects.prefetch_related("criteria").get(pk=published.pk))
    [item] = [item for item in diff.criteria if item.key == "walking"]
    assert [(change.label, change.after) for change in item.changes] == [
        ("Title shown to patients (Spanish)", "Caminar")
    ]


def test_the_history_records_a_changed_spanish_text(client, editor, draft):
    criterion = criterion_of(draft, "disease_duration")
    client.force_login(editor)
    client.post(reverse("admin:criteria_criterion_change", args=[criterion.pk]), criterion_post(criterion))
    latest, previous = criterion.history.all()[:2]
    [change] = [change for change in latest.diff_against(previous).changes if change.field == "translations"]
    assert change.new["es"]["title"] == SPANISH_TITLE


def test_export_and_import_carry_the_translations(published):
    stand_in_translations(published, replace=True)
    exported = services.criteria_set_export(CriteriaSet.objects.prefetch_related("criteria").get(pk=published.pk))
    assert exported["translations"]["es"]["name"].endswith("(es)")
    imported = services.criteria_set_import(json.loads(json.dumps(exported)))
    assert imported.translations == published.translations
    assert criterion_of(imported, "age").translations == criterion_of(published, "age").translations


def test_the_spanish_evaluation_reads_spanish_texts_and_falls_back_to_english_where_missing(published):
    stand_in_translations(published, replace=True)
    walking = criterion_of(published, "walking")
    del walking.translations["es"]["title"]
    walking.save()
    result, _set = services.evaluate_answers(answers(health_conditions=["heart"]), language="es")
    titles = {finding.key: finding.title for finding in result.criteria}
    assert titles["walking"] == walking.title
    assert titles["ms_type"] == f"{criterion_of(published, 'ms_type').title} (es)"
    assert [advisory.message[-4:] for advisory in result.advisories] == ["(es)"]
    english, _set = services.evaluate_answers(answers(), language="en")
    assert all(not finding.title.endswith("(es)") for finding in english.criteria)


def test_the_cache_keeps_each_language_apart(published, django_assert_num_queries):
    stand_in_translations(published, replace=True)
    english = selectors.published_for_evaluation("en")
    with django_assert_num_queries(0):
        spanish = selectors.published_for_evaluation("es")
    assert english.specs[0].title == criterion_of(published, "ms_type").title
    assert spanish.specs[0].title == f"{english.specs[0].title} (es)"
    cache._memo.clear()  # as in another process: each language is read from the shared cache under its own key
    with django_assert_num_queries(0):
        assert selectors.published_for_evaluation("es").specs[0].title == spanish.specs[0].title
        assert selectors.published_for_evaluation("en").specs[0].title == english.specs[0].title


def test_the_data_migration_fills_translations_from_the_set_files(tmp_path, monkeypatch):
    migration = __import__("hsct_screen.criteria.migrations.0008_shipped_translations", fromlist=["load_translations"])
    criteria_set = CriteriaSetFactory(identifier="file-set", name="File set", translations={})
    CriterionFactory(criteria_set=criteria_set, key="walking", translations={})
    data = {
        "identifier": "file-set",
        "name": "File set",
        "translations": {"es": {"name": "Conjunto del archivo"}},
        "criteria": [{"key": "walking", "translations": {"es": {"title": "Caminar"}}}],
    }
    (tmp_path / "file-set.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(migration, "SETS_DIR", tmp_path)
    migration.load_translations(apps, None)
    criteria_set.refresh_from_db()
    assert criteria_set.translations == {"es": {"name": "Conjunto del archivo"}}
    assert criterion_of(criteria_set, "walking").translations == {"es": {"title": "Caminar"}}


def test_publishing_is_blocked_while_the_spanish_description_quotes_a_changed_number(published, draft):
    years = criterion_of(draft, "disease_duration")
    years.settings = {"max_years": 15}
    years.save()
    draft.description = "Diagnosed 15 years ago or less."
    draft.translations["es"]["description"] = "Diagnóstico hace 10 años o menos."
    draft.save()
    assert selectors.description_problems(draft, published) == [
        "The description (Spanish) still says 10, but “Most years since diagnosis” is now 15. Update it on the "
        "draft's page before publishing."
    ]
    draft.translations["es"]["description"] = "Diagnóstico hace 15 años o menos."
    draft.save()
    assert selectors.description_problems(draft, published) == []


def publish_post(criteria_set, **overrides):
    return {
        "name": "HSCT Screen criteria 2027",
        "name_es": "Criterios de HSCT Screen 2027",
        "identifier": "contract-default-9",
        "change_note": "New names.",
        "fingerprint": selectors.criteria_set_fingerprint(criteria_set),
        **overrides,
    }


def test_the_preview_asks_for_the_spanish_name_beside_the_english_one(client, editor, published, draft):
    published.translations["es"]["name"] = "Criterios en uso"
    published.save()
    client.force_login(editor)
    page = client.get(reverse("admin:criteria_criteriaset_preview", args=[draft.pk])).content.decode()
    assert page.index('name="name"') < page.index('name="name_es"') < page.index('name="identifier"')
    assert 'value="Criterios en uso"' in page
    assert ">Name patients see (Spanish)</label>" in page


def test_publishing_gives_the_set_the_spanish_name_patients_see(client, editor, draft):
    client.force_login(editor)
    response = client.post(reverse("admin:criteria_criteriaset_publish", args=[draft.pk]), publish_post(draft))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.translations["es"]["name"]) == ("published", "Criterios de HSCT Screen 2027")


def test_publishing_refuses_a_spanish_name_that_says_draft_copy_at_its_field(client, editor, draft):
    client.force_login(editor)
    response = client.post(
        reverse("admin:criteria_criteriaset_publish", args=[draft.pk]),
        publish_post(draft, name_es="Draft copy of los criterios"),
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["name_es"]
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_the_learn_trials_table_names_trials_and_countries_in_the_readers_language():
    trial = CriteriaSet.objects.filter(listed=True, kind=CriteriaSet.Kind.TRIAL).first()
    if trial is None:
        pytest.skip("no listed trial is shipped")
    trial.translations = {"es": {"name": "Ensayo en español", "countries": "Noruega"}}
    trial.save()
    today = timezone.localdate()
    with translation.override("es"):
        spanish = {item.registry_url: item for item in selectors.listed_trials(today)}[trial.registry_url]
    with translation.override("en"):
        english = {item.registry_url: item for item in selectors.listed_trials(today)}[trial.registry_url]
    assert (spanish.name, spanish.countries) == ("Ensayo en español", "Noruega")
    assert (english.name, english.countries) == (trial.name, trial.countries)


def test_the_data_migration_gives_an_admins_published_copy_the_texts_of_unchanged_criteria(
    tmp_path, monkeypatch, published
):
    migration = __import__("hsct_screen.criteria.migrations.0008_shipped_translations", fromlist=["SETS_DIR"])
    data = stand_in_file_translations(
        json.loads((services.SETS_DIR / "default.json").read_text(encoding="utf-8")), replace=True
    )
    (tmp_path / "default.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(migration, "SETS_DIR", tmp_path)
    copy = services.criteria_set_copy(source=published)
    for criterion in copy.criteria.all():
        criterion.translations = {}
        criterion.save()
    walking = criterion_of(copy, "walking")
    walking.text_met = "Changed by an admin."
    walking.save()
    CriteriaSet.objects.filter(pk=published.pk).update(status="retired")
    CriteriaSet.objects.filter(pk=copy.pk).update(status="published")
    migration.load_translations(apps, None)
    assert criterion_of(copy, "age").translations["es"]["title"] == f"{criterion_of(copy, 'age').title} (es)"
    assert criterion_of(copy, "walking").translations == {}
