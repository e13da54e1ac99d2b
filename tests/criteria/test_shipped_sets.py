"""Each shipped set's thresholds against its source's table, and the sets side by side for one person.

Sources are the clinical review's S-keys (../shared/reference/clinical-review.md, 24 Nov 2026).
"""

import json
from datetime import date

import pytest

from hsct_screen.criteria.services import SETS_DIR
from hsct_screen.rules import ComparisonSet, compare
from tests.rules.helpers import spec_from_data

ON = date(2026, 11, 24)


def shipped(name: str) -> dict:
    return json.loads((SETS_DIR / f"{name}.json").read_text(encoding="utf-8"))


def criteria(name: str) -> dict:
    return {item["key"]: item for item in shipped(name)["criteria"] if item["enabled"]}


def as_set(name: str) -> ComparisonSet:
    data = shipped(name)
    return ComparisonSet(
        key=data["identifier"],
        title=data["name"],
        kind=data["kind"],
        source=data["source_citation"],
        status=data["recruitment_status"],
        status_checked_on=None,
        criteria=[spec_from_data(item) for item in data["criteria"] if item["enabled"]],
    )


def outcome(name: str, answers: dict) -> str:
    return str(compare(answers, [as_set(name)], on=ON)[0].outcome)


def person(**overrides) -> dict:
    given = {
        "ms_type": "rrms",
        "diagnosis_year": 2020,
        "walking": "no_limit",
        "relapses_12m": "two_or_more",
        "mri_activity_12m": "yes",
        "dmt_failures": "one",
        "high_efficacy_dmt_failed": "yes",
        "age": 35,
        "health_conditions": [],
    }
    return {**given, **overrides}


def test_default_set_is_the_contract_table():
    """Screening contract v2, 'The default criteria'; thresholds supported by MIST (S14), RAM-MS (S12), BEAT-MS (S10)."""
    c = criteria("default")
    assert c["ms_type"]["settings"] == {"accepted": ["rrms"], "case_by_case": []}
    assert c["disease_duration"]["settings"] == {"max_years": 10}
    assert c["walking"]["settings"]["accepted"] == ["no_limit", "unaided_short", "one_aid"]
    assert c["inflammatory_activity"]["settings"] == {
        "relapses_alone": ["two_or_more"],
        "relapses_with_mri": ["one"],
        "mri_alone": False,
        "longer_window": False,
    }
    assert c["treatment_failure"]["settings"] == {"accepted": ["one", "two_or_more"], "require_high_efficacy": False}
    assert (c["age"]["required"], c["age"]["settings"]) == (False, {"min_age": 18, "max_age": 55})
    assert c["health_conditions"]["required"] is False
    assert all(c[key]["required"] for key in ("ms_type", "disease_duration", "walking", "inflammatory_activity"))
    data = shipped("default")
    # Review rows 24 and 29: NMSS is not cited for the medicines rule, and HALT-MS carries its real title.
    nmss = [source for source in data["sources"] if "Miller AE" in source]
    assert nmss and all("stricter than this set" in source for source in nmss)
    assert not any("5-year interim report" in source for source in data["sources"])
    assert any("High-dose immunosuppressive therapy and autologous HCT" in source for source in data["sources"])


def test_ectrims_ebmt_2025_set_follows_the_recommendations():
    """Muraro PA et al., Nat Rev Neurol 2025;21(3):140-158, via the EAN summary (S5): <10 y and <45 ideal, EDSS <6.0
    (higher after a recent relapse), high-efficacy failure, progressive MS only with activity, >55 case by case."""
    c = criteria("ectrims-ebmt-2025")
    assert c["ms_type"]["settings"] == {"accepted": ["rrms", "spms"], "case_by_case": ["ppms"]}
    assert c["walking"]["settings"] == {
        "accepted": ["no_limit", "unaided_short"],
        "case_by_case": ["one_aid", "two_aids", "wheelchair"],
    }
    assert c["inflammatory_activity"]["settings"]["mri_alone"] is True
    assert c["treatment_failure"]["settings"]["require_high_efficacy"] is True
    assert (c["disease_duration"]["required"], c["disease_duration"]["settings"]) == (False, {"max_years": 10})
    assert (c["age"]["required"], c["age"]["settings"]["max_age"]) == (False, 55)


def test_ebmt_2020_set_follows_the_guideline_as_summarised():
    """Sharrack B et al., Bone Marrow Transplant 2020;55(2):283-306 (S1) and the MS Society summary (S2): relapsing MS
    incl. SPMS with relapses, EDSS <=5.5, relapses or MRI, a harder-hitting DMT failed, best under 45 and <10 years."""
    c = criteria("ebmt-2020")
    assert c["ms_type"]["settings"] == {"accepted": ["rrms", "spms"], "case_by_case": ["ppms"]}
    assert c["walking"]["settings"]["accepted"] == ["no_limit", "unaided_short"]
    assert c["inflammatory_activity"]["settings"]["mri_alone"] is True
    assert c["treatment_failure"]["settings"]["require_high_efficacy"] is True
    assert (c["age"]["required"], c["age"]["settings"]["max_age"]) == (False, 44)
    assert c["disease_duration"]["required"] is False


def test_nmss_2021_set_follows_the_recommendations():
    """Miller AE et al., JAMA Neurol 2021;78(2):241-246 (S4): relapsing MS, lesions and/or relapses despite a
    high-efficacy DMT; best candidates <50 and <10 years; no walking limit in the abstract."""
    c = criteria("nmss-2021")
    assert c["ms_type"]["settings"] == {"accepted": ["rrms"], "case_by_case": ["spms"]}
    assert c["inflammatory_activity"]["settings"]["mri_alone"] is True
    assert c["treatment_failure"]["settings"]["require_high_efficacy"] is True
    assert c["walking"]["required"] is False
    assert (c["age"]["required"], c["age"]["settings"]["max_age"]) == (False, 49)
    assert c["disease_duration"]["required"] is False


def test_london_2016_set_follows_the_london_group():
    """London MS-AHSCT Collaborative Group, working criteria Jan 2016 (S6): 18-65, <=15 years, bilateral aid 20 m
    (EDSS <=6.5), new MRI activity required, high-efficacy DMT failed; PPMS only with CSF oligoclonal bands."""
    c = criteria("london-ms-ahsct-2016")
    assert c["ms_type"]["settings"] == {"accepted": ["rrms", "spms"], "case_by_case": ["ppms"]}
    assert (c["disease_duration"]["required"], c["disease_duration"]["settings"]) == (True, {"max_years": 15})
    assert c["walking"]["settings"]["accepted"] == ["no_limit", "unaided_short", "one_aid", "two_aids"]
    assert c["inflammatory_activity"]["settings"] == {
        "relapses_alone": [],
        "relapses_with_mri": [],
        "mri_alone": True,
        "longer_window": False,
    }
    assert c["treatment_failure"]["settings"]["require_high_efficacy"] is True
    assert c["age"]["settings"] == {"min_age": 18, "max_age": 65}
    texts = json.dumps(shipped("london-ms-ahsct-2016"))
    assert "Most centres" not in texts and "project's" not in texts


def test_beat_ms_set_follows_its_registry_record():
    """BEAT-MS, NCT04047628, registry version 26 Jan 2024 (S10): relapsing MS incl. SPMS, EDSS <=6.0, 18-55,
    >=2 episodes in 36 months (so 12-month answers cannot rule out), activity on a DMT; status unconfirmed."""
    data, c = shipped("beat-ms"), criteria("beat-ms")
    assert (data["kind"], data["recruitment_status"], data["status_checked_on"]) == (
        "trial",
        "recruiting",
        "2024-01-26",
    )
    assert "NCT04047628" in data["registry_url"]
    assert data["countries"] == "United States, United Kingdom"
    assert c["ms_type"]["settings"]["accepted"] == ["rrms", "spms"]
    assert c["walking"]["settings"]["accepted"] == ["no_limit", "unaided_short", "one_aid"]
    assert c["inflammatory_activity"]["settings"]["longer_window"] is True
    assert c["treatment_failure"]["settings"]["require_high_efficacy"] is False
    assert c["age"]["settings"] == {"min_age": 18, "max_age": 55}
    assert "disease_duration" not in c
    assert "could not confirm its current status" in data["description"]


def test_starms_set_follows_its_protocol():
    """StarMS, ISRCTN88667898, protocol BMJ Open 2024 (S11): RRMS, 16-55, relapse or MRI activity on a DMT (or
    untreated very active MS); recruitment completed November 2024 (MS Trust, S11c)."""
    data, c = shipped("starms"), criteria("starms")
    assert (data["kind"], data["recruitment_status"]) == ("trial", "closed")
    assert data["registry_url"] == "https://www.isrctn.com/ISRCTN88667898"
    assert c["ms_type"]["settings"]["accepted"] == ["rrms"]
    assert c["inflammatory_activity"]["settings"]["relapses_alone"] == ["one", "two_or_more"]
    assert c["inflammatory_activity"]["settings"]["mri_alone"] is True
    assert c["treatment_failure"]["required"] is False  # the untreated route cannot be told apart
    assert (c["age"]["required"], c["age"]["settings"]) == (True, {"min_age": 16, "max_age": 55})


def test_ram_ms_set_follows_its_registry_record():
    """RAM-MS, NCT03477500 (S12): RRMS, 18-50, EDSS 0-5.5, relapse and MRI activity on a standard DMT;
    Active, not recruiting (updated 24 Jun 2025); Norway, Sweden, Denmark, Netherlands."""
    data, c = shipped("ram-ms"), criteria("ram-ms")
    assert (data["kind"], data["recruitment_status"]) == ("trial", "active_not_recruiting")
    assert "NCT03477500" in data["registry_url"]
    assert data["countries"] == "Norway, Sweden, Denmark, Netherlands"
    assert c["walking"]["settings"]["accepted"] == ["no_limit", "unaided_short"]
    assert c["inflammatory_activity"]["settings"] == {
        "relapses_alone": [],
        "relapses_with_mri": ["one", "two_or_more"],
        "mri_alone": False,
        "longer_window": False,
    }
    assert c["treatment_failure"]["settings"]["require_high_efficacy"] is False
    assert (c["age"]["required"], c["age"]["settings"]) == (True, {"min_age": 18, "max_age": 50})


def test_thirteen_years_and_two_aids_is_unlikely_by_default_and_possible_in_london():
    given = person(diagnosis_year=ON.year - 13, walking="two_aids", relapses_12m="one", mri_activity_12m="yes", age=45)
    assert outcome("default", given) == "unlikely_candidate"
    assert outcome("london-ms-ahsct-2016", given) == "possible_candidate"


@pytest.mark.parametrize(
    ("name", "answers", "expected"),
    [
        ("london-ms-ahsct-2016", person(ms_type="ppms"), "more_information_needed"),
        ("london-ms-ahsct-2016", person(mri_activity_12m="no"), "unlikely_candidate"),
        ("ectrims-ebmt-2025", person(walking="two_aids"), "more_information_needed"),
        ("ectrims-ebmt-2025", person(high_efficacy_dmt_failed="no"), "unlikely_candidate"),
        ("nmss-2021", person(ms_type="spms"), "more_information_needed"),
        ("beat-ms", person(relapses_12m="none", mri_activity_12m="no"), "more_information_needed"),
        ("beat-ms", person(walking="two_aids"), "unlikely_candidate"),
        ("ram-ms", person(relapses_12m="two_or_more", mri_activity_12m="no"), "unlikely_candidate"),
        ("ram-ms", person(age=51), "unlikely_candidate"),
        ("starms", person(dmt_failures="none"), "possible_candidate"),
    ],
)
def test_case_by_case_values_ask_the_doctor_and_hard_limits_do_not_match(name, answers, expected):
    assert outcome(name, answers) == expected


@pytest.mark.parametrize("name", ["default", "ectrims-ebmt-2025", "ebmt-2020", "nmss-2021", "london-ms-ahsct-2016"])
def test_advisory_texts_never_call_health_conditions_merely_riskier(name):
    """Review row 28 and section 5: pregnancy and active cancer are not just 'riskier'."""
    texts = json.dumps(shipped(name))
    assert "makes it riskier" not in texts
    assert "previous_hsct" in criteria(name)["health_conditions"]["settings"]["conditions"]
