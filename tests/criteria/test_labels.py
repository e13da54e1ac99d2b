"""Each outcome, status and condition label is written once (in the rules) and shown translated from there."""

from django.template import Context, Template
from django.utils import translation

from hsct_screen.criteria import labels
from hsct_screen.questionnaire import selectors as questionnaire_selectors
from hsct_screen.questionnaire.models import Outcome, Submission
from hsct_screen.rules import answers as a
from hsct_screen.rules import result as rules_result
from hsct_screen.rules.kinds import CONDITION_LABELS


def test_outcome_choices_are_the_rules_outcomes_with_their_labels():
    assert Outcome is labels.Outcome
    assert [(value, str(label)) for value, label in Outcome.choices] == [
        (str(item), rules_result.OUTCOME_LABELS[item]) for item in rules_result.Outcome
    ]
    assert Submission._meta.get_field("outcome").choices == Outcome.choices


def test_every_status_and_condition_has_one_label():
    assert set(rules_result.STATUS_LABELS) == set(rules_result.Status)
    assert set(CONDITION_LABELS) == set(a.CONDITIONS)
    assert labels.condition_label("heart") == CONDITION_LABELS["heart"]


def test_the_result_page_reads_status_labels_from_the_one_source():
    assert questionnaire_selectors.status_label("not_met", required=True) == labels.Status.NOT_MET.label
    # Anything unexpected reads as not sure, never as not met.
    assert questionnaire_selectors.status_label("bogus", required=True) == labels.Status.UNKNOWN.label


def test_labels_follow_the_active_language():
    with translation.override("en"):
        assert labels.outcome_label("possible_candidate") == "Possible candidate"
        assert str(labels.setting_label("disease_duration", "max_years")) == "Most years since diagnosis"


def test_template_filters_show_the_same_labels():
    rendered = Template("{% load criteria_labels %}{{ o|outcome_label }} / {{ s|status_label }}").render(
        Context({"o": "unlikely_candidate", "s": "unknown"})
    )
    assert rendered == "Unlikely candidate / Not sure yet"
