"""Findings the engine remembers belong to one published version: a publish is seen by the next evaluation."""

import pytest

from hsct_screen.criteria import cache, services
from tests.criteria.conftest import criterion_of
from tests.factories import answers

pytestmark = pytest.mark.django_db


def walking_finding(result):
    return next(finding for finding in result.criteria if finding.key == "walking")


def test_a_publish_drops_the_remembered_findings_even_in_a_process_that_kept_the_old_ones(published, draft):
    walking = criterion_of(draft, "walking")
    walking.text_not_met = "A new text for the new version."
    walking.save()
    before, _ = services.evaluate_answers(answers(walking="wheelchair"))
    old_specs = cache._memo["en"][1].specs
    assert any(spec.findings_memo for spec in old_specs)  # remembered for the next person
    other_process_memo = dict(cache._memo)

    services.criteria_set_publish(criteria_set=draft, note="New walking text.")
    cache._memo = other_process_memo
    after, used = services.evaluate_answers(answers(walking="wheelchair"))

    assert used == draft
    assert walking_finding(before).explanation != "A new text for the new version."
    assert walking_finding(after).explanation == "A new text for the new version."
    assert all(spec is not old for spec in cache._memo["en"][1].specs for old in old_specs)


def test_each_language_has_its_own_specs_and_so_its_own_remembered_findings(published):
    english, _ = services.evaluate_answers(answers(walking="wheelchair"), language="en")
    spanish, _ = services.evaluate_answers(answers(walking="wheelchair"), language="es")
    assert walking_finding(english).title != walking_finding(spanish).title
    assert services.evaluate_answers(answers(walking="wheelchair"), language="en")[0] == english
