"""The published criteria are cached for evaluation, and any change to a set is seen by the next request."""

import json

import pytest

from hsct_screen.criteria import cache, services
from hsct_screen.criteria.models import CriteriaSet
from hsct_screen.criteria.selectors import NoPublishedCriteria
from tests.criteria.conftest import criterion_of
from tests.factories import answers

URL = "/api/v1/evaluate"


def evaluate_over_http(client, **given):
    response = client.post(URL, data=json.dumps(answers(**given)), content_type="application/json")
    assert response.status_code == 200, response.content[:300]
    return response.json()


@pytest.mark.django_db
def test_after_the_first_evaluation_the_published_criteria_cost_no_query(published, django_assert_num_queries):
    services.evaluate_answers(answers())
    with django_assert_num_queries(0):
        result, used = services.evaluate_answers(answers())
    assert used == published and result.criteria_version == published.identifier


@pytest.mark.django_db
def test_a_publish_is_seen_by_the_next_request_even_in_a_process_that_cached_the_old_set(client, published, draft):
    walking = criterion_of(draft, "walking")
    walking.settings = {"accepted": ["no_limit", "unaided_short", "one_aid", "two_aids"]}
    walking.save()
    before = evaluate_over_http(client, walking="two_aids")
    other_process_memo = dict(cache._memo)  # what another app process still holds in its memory
    assert other_process_memo["en"][1].criteria_set == published

    services.criteria_set_publish(criteria_set=draft, note="Two aids now count.")
    cache._memo = other_process_memo
    after = evaluate_over_http(client, walking="two_aids")

    assert (before["criteria_version"], before["outcome"]) == (published.identifier, "unlikely_candidate")
    assert (after["criteria_version"], after["outcome"]) == (draft.identifier, "possible_candidate")


@pytest.mark.django_db
def test_an_admin_save_of_a_listed_set_changes_the_next_comparisons(client, published):
    listed = CriteriaSet.objects.filter(listed=True).exclude(pk=published.pk).first()
    if listed is None:
        pytest.skip("no listed comparison set is shipped")
    evaluate_over_http(client)
    listed.name = "Renamed while cached"
    listed.save()
    titles = [comparison["title"] for comparison in evaluate_over_http(client)["comparisons"]]
    assert "Renamed while cached" in titles


@pytest.mark.django_db
def test_saving_a_criterion_of_the_published_set_drops_the_cached_one(published):
    services.evaluate_answers(answers(walking="two_aids"))
    walking = criterion_of(published, "walking")
    walking.enabled = False
    walking.save()
    result, _used = services.evaluate_answers(answers(walking="two_aids"))
    assert "walking" not in [finding.key for finding in result.criteria]


@pytest.mark.django_db
def test_a_bulk_update_drops_the_cache_and_with_nothing_published_nothing_is_cached_and_a_later_publish_is_used(
    published, draft
):
    services.evaluate_answers(answers())
    CriteriaSet.objects.filter(pk=published.pk).update(status=CriteriaSet.Status.RETIRED)
    with pytest.raises(NoPublishedCriteria):
        services.evaluate_answers(answers())
    services.criteria_set_publish(criteria_set=draft, note="Back.")
    _result, used = services.evaluate_answers(answers())
    assert used == draft
