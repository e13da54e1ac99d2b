"""All test factories, in one module."""

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from hsct_screen.criteria import translations as texts
from hsct_screen.criteria.models import CriteriaSet, Criterion
from hsct_screen.questionnaire.models import ContactRequest, Outcome, Submission, new_reference_code


def answers(*, on=None, **overrides):
    """A complete, valid set of answers that meets every default criterion on `on` (default today).

    Override any key; `key=...` leaves the key out.
    """
    base = {
        "ms_type": "rrms",
        "diagnosis_year": (on or timezone.localdate()).year - 4,
        "walking": "no_limit",
        "relapses_12m": "two_or_more",
        "mri_activity_12m": "yes",
        "dmt_failures": "one",
        "high_efficacy_dmt_failed": "no",
        "age": 34,
        "health_conditions": [],
    }
    base.update(overrides)
    return {key: value for key, value in base.items() if value is not ...}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@clinic.example")
    password = factory.django.Password("correct horse battery staple")


class CriteriaSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriteriaSet

    identifier = factory.Sequence(lambda n: f"test-set-{n}")
    name = factory.Sequence(lambda n: f"Test set {n}")
    status = CriteriaSet.Status.DRAFT
    translations = factory.LazyAttribute(
        lambda o: {language: {"name": f"{o.name} ({language})"} for language in texts.other_languages()}
    )


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    criteria_set = factory.SubFactory(CriteriaSetFactory)
    key = "walking"
    settings = factory.LazyFunction(lambda: {"accepted": ["no_limit", "unaided_short", "one_aid"]})
    title = "Walking"
    text_met = "met"
    text_not_met = "not met"
    text_unknown = "unknown"
    translations = factory.LazyAttribute(
        lambda o: {
            language: {name: f"{getattr(o, name)} ({language})" for name in texts.CRITERION_TEXTS}
            for language in texts.other_languages()
        }
    )


def stand_in_translations(criteria_set: CriteriaSet, *, replace: bool = False) -> CriteriaSet:
    """Give every text of a set and its criteria that lacks one a stand-in translation ("<English> (es)").

    For tests about something other than translations that publish a copy of a set lacking some translations.
    Texts already translated are left as they are, unless `replace`: then every text gets its stand-in, so a
    test of how translations travel can recognise them whatever the shipped files say.
    """

    def filled(obj, names, english_settings=None) -> dict:
        if replace:
            obj.translations = {}
        stored = {language: dict(entry) for language, entry in (obj.translations or {}).items()}
        for language in texts.other_languages():
            entry = stored.setdefault(language, {})
            for name in texts.missing_texts(obj, names, language):
                entry[name] = f"{getattr(obj, name)} ({language})"
            for dotted in (
                texts.missing_messages(obj.key, english_settings, obj.translations, language)
                if (english_settings is not None)
                else []
            ):
                _prefix, name, value = dotted.split(".", 2)
                own = entry.setdefault(texts.SETTINGS_KEY, {}).setdefault(name, {})
                own[value] = f"{english_settings[name][value]} ({language})"
        return stored

    criteria_set.translations = filled(criteria_set, texts.SET_TEXTS)
    criteria_set.save(update_fields=["translations"])
    for criterion in criteria_set.criteria.all():
        criterion.translations = filled(criterion, texts.CRITERION_TEXTS, criterion.settings or {})
        criterion.save(update_fields=["translations"])
    return criteria_set


def stand_in_file_translations(data: dict, *, replace: bool = False) -> dict:
    """A set file (the export format) with a stand-in translation ("<English> (es)") for each text lacking one.

    With `replace`, every text gets its stand-in, whatever translations the file already has.
    """
    if replace:
        data = {**data, "translations": {}, "criteria": [{**item, "translations": {}} for item in data["criteria"]]}
    data = {**data, "translations": {**data.get("translations", {})}}
    for language in texts.other_languages():
        entry = dict(data["translations"].get(language) or {})
        for name in texts.SET_TEXTS:
            if data.get(name) and not entry.get(name):
                entry[name] = f"{data[name]} ({language})"
        data["translations"][language] = entry
    criteria = []
    for item in data["criteria"]:
        item = {**item, "translations": {**item.get("translations", {})}}
        for language in texts.other_languages():
            entry = dict(item["translations"].get(language) or {})
            for name in texts.CRITERION_TEXTS:
                if item.get(name) and not entry.get(name):
                    entry[name] = f"{item[name]} ({language})"
            for name in texts.message_settings(item["key"]):
                own = dict((entry.get(texts.SETTINGS_KEY) or {}).get(name) or {})
                for value, message in (item["settings"].get(name) or {}).items():
                    own.setdefault(value, f"{message} ({language})")
                entry.setdefault(texts.SETTINGS_KEY, {})[name] = own
            item["translations"][language] = entry
        criteria.append(item)
    return {**data, "criteria": criteria}


def published_set() -> CriteriaSet:
    return CriteriaSet.objects.get(status=CriteriaSet.Status.PUBLISHED)


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    reference_code = factory.LazyFunction(new_reference_code)
    evaluated_on = factory.LazyFunction(timezone.localdate)
    answers = factory.LazyFunction(answers)
    outcome = Outcome.POSSIBLE_CANDIDATE
    criteria_set = factory.LazyFunction(published_set)
    result = factory.LazyAttribute(
        lambda o: {
            "outcome": o.outcome,
            "criteria_version": o.criteria_set.identifier,
            "criteria": [],
            "advisories": [],
        }
    )


class ContactRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactRequest

    submission = factory.SubFactory(SubmissionFactory)
    name = factory.Faker("name")
    email = factory.Faker("safe_email")
    phone = ""
    consent_given_at = factory.LazyFunction(timezone.now)


class ClinicInfoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "learn.ClinicInfo"

    name = "Riverside MS Centre"
    phone = "+44 20 7946 0000"
    email = "ms.team@clinic.example"
    website = "https://clinic.example/ms"
    opening_hours = "Monday to Friday, 9am to 5pm"
    referral_steps = "1. Ask your neurologist to email the MS team.\n2. We will call you within 2 weeks."


def criterion_form_data(criterion, **fields) -> dict:
    """What the criterion's admin page sends back unchanged (its flags and English texts), plus `fields`.

    A field given as None is left out, as an unticked box or an empty field is by a browser.
    """
    data = {
        "title": criterion.title,
        "text_met": criterion.text_met,
        "text_not_met": criterion.text_not_met,
        "text_unknown": criterion.text_unknown,
        "learn_more": criterion.learn_more,
    }
    if criterion.required:
        data["required"] = "on"
    if criterion.enabled:
        data["enabled"] = "on"
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}
