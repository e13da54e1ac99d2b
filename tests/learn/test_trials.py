"""The trial data behind the learn pages' trials table: the review's registry numbers, statuses and dates."""

import re

from hsct_screen.learn.trials import RECRUITING, STATUSES, TRIALS


def test_the_trial_data_has_the_reviews_registry_numbers_and_statuses():
    by_name = {trial.name: trial for trial in TRIALS}

    assert by_name["BEAT-MS"].registry_id == "NCT04047628"
    assert by_name["StarMS"].registry_id == "ISRCTN88667898"
    assert by_name["RAM-MS"].registry_id == "NCT03477500"
    assert not by_name["StarMS"].takes_new_patients and "November 2024" in by_name["StarMS"].status_text
    assert not by_name["RAM-MS"].takes_new_patients and "24 June 2025" in by_name["RAM-MS"].status_text
    assert "not confirmed: check the registry" in by_name["BEAT-MS"].status_text
    for trial in TRIALS:
        assert trial.status_checked_on.isoformat() == "2026-11-24"
        assert trial.status_source


def test_a_not_recruiting_trial_is_described_as_such():
    for trial in TRIALS:
        if not trial.takes_new_patients:
            assert re.search(r"\b(closed|not recruiting)\b", trial.status_text, re.IGNORECASE), trial.name
        else:
            assert trial.status == RECRUITING


def test_every_status_is_a_contract_status_and_names_are_unique():
    assert all(trial.status in STATUSES for trial in TRIALS)
    assert len({trial.name for trial in TRIALS}) == len(TRIALS)
    assert len({trial.registry_id for trial in TRIALS}) == len(TRIALS)
