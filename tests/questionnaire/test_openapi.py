"""GET /api/v1/openapi.json: an OpenAPI 3.1 document that agrees with the contract and the shared validator."""

import json
from datetime import date
from itertools import combinations

import pytest
from django.urls import reverse

from hsct_screen.questionnaire.answers import InvalidAnswers, validate_answers
from hsct_screen.questionnaire.openapi import EXAMPLE_ANSWERS, openapi_document
from hsct_screen.rules import answers as a

URL = "/api/v1/openapi.json"
TODAY = date(2025, 6, 1)

# The contract's values, copied here on purpose so a change to the constants is noticed.
CONTRACT_ENUMS = {
    "ms_type": ["rrms", "spms", "ppms", "cis", "unsure"],
    "walking": ["no_limit", "unaided_short", "one_aid", "two_aids", "wheelchair"],
    "relapses_12m": ["none", "one", "two_or_more", "unsure"],
    "mri_activity_12m": ["yes", "no", "no_scan", "unsure"],
    "dmt_failures": ["none", "one", "two_or_more", "unsure"],
    "high_efficacy_dmt_failed": ["yes", "no", "unsure"],
}
CONTRACT_CONDITIONS = ["heart", "lung", "kidney", "liver", "cancer", "infection", "pregnancy", "previous_hsct"]
CONTRACT_REQUIRED = {"ms_type", "diagnosis_year", "walking", "relapses_12m", "mri_activity_12m", "dmt_failures", "age"}


@pytest.fixture(scope="module")
def document():
    return openapi_document(today=TODAY)


@pytest.fixture(scope="module")
def answers_schema(document):
    return document["components"]["schemas"]["Answers"]


def resolve(document, node):
    while "$ref" in node:
        name = node["$ref"].removeprefix("#/components/schemas/")
        node = document["components"]["schemas"][name]
    return node


def accepted(answers) -> bool:
    try:
        validate_answers(answers, today=TODAY)
    except InvalidAnswers:
        return False
    return True


def test_the_url_has_its_name():
    assert reverse("api:openapi") == URL


def test_the_document_is_served_as_json_to_anyone(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == json.loads(json.dumps(openapi_document()))


def test_the_document_is_in_english_whatever_the_browser_asks_for(client):
    assert client.get(URL, headers={"accept-language": "es"}).json() == client.get(URL).json()


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_other_methods_are_a_405_in_json(client, method):
    response = getattr(client, method)(URL)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert list(response.json()["errors"]) == ["__all__"]


def test_it_is_openapi_3_1_with_both_paths(document):
    assert document["openapi"].startswith("3.1.")
    assert document["info"]["title"]
    assert set(document["paths"]) == {"/api/v1/evaluate", "/api/v1/openapi.json"}
    operation = document["paths"]["/api/v1/evaluate"]["post"]
    assert set(operation["responses"]) == {"200", "400", "405", "429", "503"}
    assert operation["requestBody"]["required"] is True


def test_every_reference_resolves(document):
    def refs(node):
        if isinstance(node, dict):
            if "$ref" in node:
                yield node["$ref"]
            for value in node.values():
                yield from refs(value)
        elif isinstance(node, list):
            for value in node:
                yield from refs(value)

    found = set(refs(document))
    assert found
    for ref in found:
        assert ref.startswith("#/components/schemas/")
        assert ref.removeprefix("#/components/schemas/") in document["components"]["schemas"]


def test_the_responses_point_at_the_result_and_error_schemas(document):
    responses = document["paths"]["/api/v1/evaluate"]["post"]["responses"]
    schema = lambda code: resolve(document, responses[code]["content"]["application/json"]["schema"])  # noqa: E731
    assert schema("200")["title"] == "Result"
    assert schema("400")["title"] == "Errors"
    assert schema("503")["title"] == "Errors"


def test_the_answer_enums_are_the_contracts(answers_schema):
    properties = answers_schema["properties"]
    for key, values in CONTRACT_ENUMS.items():
        assert properties[key]["type"] == "string"
        assert properties[key]["enum"] == values, key
    conditions = properties["health_conditions"]
    assert conditions["type"] == "array"
    assert conditions["items"]["enum"] == CONTRACT_CONDITIONS
    assert conditions["uniqueItems"] is True


def test_the_answer_bounds_required_keys_and_extras_are_the_contracts(answers_schema):
    properties = answers_schema["properties"]
    assert properties["diagnosis_year"]["type"] == "integer"
    assert properties["diagnosis_year"]["minimum"] == 1940
    assert "evaluation year" in properties["diagnosis_year"]["description"]
    assert properties["age"] == {**properties["age"], "type": "integer", "minimum": 1, "maximum": 120}
    assert set(answers_schema["required"]) == CONTRACT_REQUIRED
    assert set(properties) == CONTRACT_REQUIRED | {"high_efficacy_dmt_failed", "health_conditions"}
    assert answers_schema["additionalProperties"] is False


def test_the_result_schema_lists_the_outcomes_and_statuses(document):
    schemas = document["components"]["schemas"]
    assert schemas["Result"]["properties"]["outcome"]["enum"] == [
        "possible_candidate",
        "unlikely_candidate",
        "more_information_needed",
    ]
    assert set(schemas["Result"]["required"]) == {
        "outcome",
        "criteria_version",
        "criteria",
        "advisories",
        "comparisons",
    }
    assert schemas["Finding"]["properties"]["status"]["enum"] == ["met", "not_met", "unknown"]
    assert set(schemas["Finding"]["required"]) == {
        "key",
        "status",
        "required",
        "title",
        "explanation",
        "learn_more_url",
    }
    assert set(schemas["Advisory"]["required"]) == {"key", "message", "learn_more_url"}


# The schema and the shared validator agree.
def test_every_example_in_the_answer_schema_is_accepted(answers_schema):
    assert answers_schema["examples"]
    for example in answers_schema["examples"]:
        assert accepted(example), example
    assert EXAMPLE_ANSWERS in answers_schema["examples"]


def test_every_enum_value_in_the_answer_schema_is_accepted(answers_schema):
    base = answers_schema["examples"][0]
    for key, field in answers_schema["properties"].items():
        if "enum" in field:
            for value in field["enum"]:
                assert accepted({**base, key: value}), (key, value)
    for value in answers_schema["properties"]["health_conditions"]["items"]["enum"]:
        assert accepted({**base, "health_conditions": [value]}), value


def test_a_value_outside_each_enum_is_refused(answers_schema):
    base = answers_schema["examples"][0]
    for key, field in answers_schema["properties"].items():
        if "enum" in field:
            assert not accepted({**base, key: "not-in-the-enum"}), key


def test_the_integer_bounds_agree_with_the_validator(answers_schema):
    # The other number is set so the born-before-diagnosis check (contract v2) stays out of the way.
    example = answers_schema["examples"][0]
    for key, field in answers_schema["properties"].items():
        if field.get("type") != "integer":
            continue
        base = {**example, "age": 100} if key == "diagnosis_year" else {**example, "diagnosis_year": TODAY.year}
        assert accepted({**base, key: field["minimum"]}), key
        assert not accepted({**base, key: field["minimum"] - 1}), key
        maximum = field["maximum"]
        assert accepted({**base, key: maximum}), key
        assert not accepted({**base, key: maximum + 1}), key
        assert not accepted({**base, key: str(field["minimum"])}), key


def test_the_required_keys_agree_with_the_validator(answers_schema):
    base = answers_schema["examples"][0]
    for key in answers_schema["properties"]:
        without = {name: value for name, value in base.items() if name != key}
        assert accepted(without) is (key not in answers_schema["required"]), key


def test_extra_keys_and_duplicate_conditions_are_refused_as_the_schema_says(answers_schema):
    base = answers_schema["examples"][0]
    assert not accepted({**base, "extra": 1})
    for first, second in combinations(CONTRACT_CONDITIONS, 2):
        assert accepted({**base, "health_conditions": [first, second]})
    assert not accepted({**base, "health_conditions": ["heart", "heart"]})


def test_the_schema_is_built_from_the_rules_constants(answers_schema):
    for key, values in a.CHOICES.items():
        assert answers_schema["properties"][key]["enum"] == list(values)
    assert answers_schema["required"] == list(a.REQUIRED_KEYS)


def test_the_error_example_matches_the_error_shape(document):
    schema = document["components"]["schemas"]["Errors"]
    for example in schema["examples"]:
        assert set(example) == {"errors"}
        assert all(isinstance(messages, list) and messages for messages in example["errors"].values())


def test_the_comparison_schema_has_the_contracts_fields_and_values(document):
    schemas = document["components"]["schemas"]
    comparison = schemas["Comparison"]
    assert schemas["Result"]["properties"]["comparisons"]["items"] == {"$ref": "#/components/schemas/Comparison"}
    assert {"key", "title", "kind", "outcome", "source", "status", "status_checked_on", "criteria"} <= set(
        comparison["required"]
    )
    assert comparison["properties"]["kind"]["enum"] == ["guideline", "trial", "programme"]
    assert comparison["properties"]["status"]["enum"] == [
        "in_use",
        "recruiting",
        "not_yet_recruiting",
        "active_not_recruiting",
        "closed",
    ]
    assert comparison["properties"]["criteria"]["items"] == {"$ref": "#/components/schemas/Finding"}
