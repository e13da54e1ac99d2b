"""The OpenAPI 3.1 document of the JSON API, built from the contract's constants (never hand-copied)."""

from datetime import date
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from hsct_screen.criteria.models import CriteriaSet
from hsct_screen.questionnaire import labels
from hsct_screen.questionnaire.answers import NON_FIELD
from hsct_screen.rules import Outcome, Status
from hsct_screen.rules import answers as a

# Real answers take well under 1 KB; anything far bigger is a mistake or abuse.
MAX_BODY_BYTES = 16 * 1024

# Valid on any evaluation date from 2021 on; tests check the validator accepts it.
EXAMPLE_ANSWERS = {
    a.MS_TYPE: "rrms",
    a.DIAGNOSIS_YEAR: 2020,
    a.WALKING: "unaided_short",
    a.RELAPSES: "one",
    a.MRI_ACTIVITY: "yes",
    a.DMT_FAILURES: "one",
    a.HIGH_EFFICACY_FAILED: "no",
    a.AGE: 38,
    a.HEALTH_CONDITIONS: [],
}


def _choice_description(key: str) -> str:
    meanings = "; ".join(f"`{value}`: {label}" for value, label in labels.CHOICE_LABELS[key].items())
    return f"{labels.QUESTIONS[key]} Values: {meanings}."


def _choice_schema(key: str) -> dict[str, Any]:
    return {
        "type": "string",
        "enum": list(a.CHOICES[key]),
        "title": str(labels.SHORT_NAMES[key]),
        "description": _choice_description(key),
    }


def answers_schema(today: date) -> dict[str, Any]:
    """JSON Schema of the answers object, as the shared validator checks it on `today`."""
    properties: dict[str, Any] = {}
    for key in a.ALL_KEYS:
        if key in a.CHOICES:
            properties[key] = _choice_schema(key)
    properties[a.DIAGNOSIS_YEAR] = {
        "type": "integer",
        "minimum": a.MIN_DIAGNOSIS_YEAR,
        # The validator's upper limit is the evaluation year, so the document served today states today's.
        "maximum": today.year,
        "title": str(labels.SHORT_NAMES[a.DIAGNOSIS_YEAR]),
        "description": (
            f"{labels.QUESTIONS[a.DIAGNOSIS_YEAR]} From {a.MIN_DIAGNOSIS_YEAR} up to and including the "
            "evaluation year (the server's current year); a later year is an error, and so is a year before "
            f"the person was born: earlier than the evaluation year minus `{a.AGE}` minus 1 (the error names "
            "this field). The disease duration is the evaluation year minus this year. An integral number "
            "such as 2019.0 counts as 2019."
        ),
    }
    properties[a.MRI_ACTIVITY]["description"] += " The rules read `no_scan` exactly like `unsure`."
    properties[a.HIGH_EFFICACY_FAILED]["description"] += (
        f" Optional. Asked only when `{a.DMT_FAILURES}` is "
        + " or ".join(f"`{value}`" for value in a.HIGH_EFFICACY_ASKED_WHEN)
        + "; a valid value sent with any other answer is accepted and ignored."
    )
    properties[a.AGE] = {
        "type": "integer",
        "minimum": a.MIN_AGE,
        "maximum": a.MAX_AGE,
        "title": str(labels.SHORT_NAMES[a.AGE]),
        "description": f'{labels.QUESTIONS[a.AGE]} In whole years; 38.0 counts as 38, while 38.5, "38" and '
        "true are errors.",
    }
    properties[a.HEALTH_CONDITIONS] = {
        "type": "array",
        "items": {"type": "string", "enum": list(a.CONDITIONS)},
        "uniqueItems": True,
        "maxItems": len(a.CONDITIONS),
        "default": [],
        "title": str(labels.SHORT_NAMES[a.HEALTH_CONDITIONS]),
        "description": (
            "Optional; leave out or send an empty list when none apply. Each condition at most once. Values: "
            + "; ".join(f"`{v}`: {label}" for v, label in labels.CHOICE_LABELS[a.HEALTH_CONDITIONS].items())
            + "."
        ),
    }
    return {
        "type": "object",
        "title": "Answers",
        "description": (
            "The screening answers. Optional: "
            + ", ".join(f"`{key}`" for key in a.OPTIONAL_KEYS)
            + "; every other key is required. A missing key, a wrong type, an unknown value or an "
            "unknown key is an error naming the field."
        ),
        "properties": {key: properties[key] for key in a.ALL_KEYS},
        "required": list(a.REQUIRED_KEYS),
        "additionalProperties": False,
        "examples": [EXAMPLE_ANSWERS],
    }


def finding_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "key": {"type": "string", "description": "Which criterion this is, such as `ms_type`."},
            "status": {"type": "string", "enum": [str(status) for status in Status]},
            "required": {
                "type": "boolean",
                "description": "Required criteria decide the outcome; the others are advisory.",
            },
            "title": {"type": "string"},
            "explanation": {"type": "string", "description": "Plain words for the patient."},
            "learn_more_url": {"type": "string", "description": "A page on this site, or empty."},
        },
        "required": ["key", "status", "required", "title", "explanation", "learn_more_url"],
        "additionalProperties": False,
    }


def advisory_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "key": {"type": "string"},
            "message": {"type": "string"},
            "learn_more_url": {"type": "string"},
        },
        "required": ["key", "message", "learn_more_url"],
        "additionalProperties": False,
    }


def comparison_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "title": "Comparison",
        "description": (
            "The same answers against one other listed guideline, trial or programme. It never changes the "
            "top-level outcome. Trials may have closed to new patients since `status_checked_on`: check the registry."
        ),
        "properties": {
            "key": {"type": "string", "description": "The set's identifier, such as `ectrims-ebmt-2025`."},
            "title": {"type": "string"},
            "kind": {"type": "string", "enum": list(CriteriaSet.Kind.values)},
            "outcome": {"type": "string", "enum": [str(outcome) for outcome in Outcome]},
            "source": {"type": "string", "description": "A short citation of the source the set follows."},
            "source_url": {"type": "string", "description": "The source's address, or empty."},
            "registry_url": {"type": "string", "description": "Trials: the registry page, or empty."},
            "countries": {"type": "string", "description": "Where it applies or recruits, or empty."},
            "status": {
                "type": "string",
                "enum": list(CriteriaSet.RecruitmentStatus.values),
                "description": "`in_use` for guidelines and programmes; a trial's recruitment status.",
            },
            "status_checked_on": {
                "type": ["string", "null"],
                "format": "date",
                "description": "The day someone last checked the status against its registry or source.",
            },
            "criteria": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
        },
        "required": [
            "key",
            "title",
            "kind",
            "outcome",
            "source",
            "source_url",
            "registry_url",
            "countries",
            "status",
            "status_checked_on",
            "criteria",
        ],
        "additionalProperties": False,
    }


def result_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "title": "Result",
        "description": (
            "The outcome is `unlikely_candidate` if any required criterion is `not_met`, otherwise "
            "`more_information_needed` if any required criterion is `unknown`, otherwise `possible_candidate`. "
            "Advisories never change the outcome: they are things to discuss with a doctor. "
            "This is not medical advice."
        ),
        "properties": {
            "outcome": {"type": "string", "enum": [str(outcome) for outcome in Outcome]},
            "criteria_version": {
                "type": "string",
                "description": "The identifier of the published criteria set that was used.",
            },
            "criteria": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
            "advisories": {"type": "array", "items": {"$ref": "#/components/schemas/Advisory"}},
            "comparisons": {
                "type": "array",
                "description": (
                    "The same answers against every other listed guideline, trial and programme, in the order "
                    "admins set; empty when none are listed. Only the published set decides `outcome`."
                ),
                "items": {"$ref": "#/components/schemas/Comparison"},
            },
        },
        "required": ["outcome", "criteria_version", "criteria", "advisories", "comparisons"],
        "additionalProperties": False,
    }


def errors_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "title": "Errors",
        "description": (
            f"Messages keyed by the answer they are about; `{NON_FIELD}` holds problems with the body as a whole."
        ),
        "properties": {
            "errors": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}, "minItems": 1},
            }
        },
        "required": ["errors"],
        "additionalProperties": False,
        "examples": [{"errors": {a.AGE: ["Age must be 120 or less."]}}],
    }


def _response(description: str, schema: str, *, retry_after: bool = False) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }
    if retry_after:
        response["headers"] = {
            "Retry-After": {"description": "Seconds to wait before trying again.", "schema": {"type": "integer"}}
        }
    return response


def _busy_responses() -> dict[str, Any]:
    """The answers every path may give when a client is too fast or the service is briefly down."""
    return {
        "429": _response(
            "Too many requests from this address (see RATELIMIT_API in the README).", "Errors", retry_after=True
        ),
        "503": _response(
            "No criteria set is published, or the service is briefly unavailable.", "Errors", retry_after=True
        ),
    }


def openapi_document(*, today: date | None = None) -> dict[str, Any]:
    """The whole OpenAPI document for `today` (default: the server's date), in English whatever the request's."""
    today = today or timezone.localdate()
    with translation.override("en"):
        schemas = {
            "Answers": answers_schema(today),
            "Result": result_schema(),
            "Finding": finding_schema(),
            "Advisory": advisory_schema(),
            "Comparison": comparison_schema(),
            "Errors": errors_schema(),
        }
    evaluate_path, openapi_path = reverse("api:evaluate"), reverse("api:openapi")
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "info": {
            "title": "HSCT Screen API",
            "version": "1",
            "description": (
                "Check screening answers against the published criteria for autologous haematopoietic stem "
                "cell transplantation (HSCT) in multiple sclerosis. Nothing is stored. The result is not "
                "medical advice and never says anyone is eligible: talk to your doctor."
            ),
        },
        "paths": {
            evaluate_path: {
                "post": {
                    "operationId": "evaluate",
                    "summary": "Evaluate screening answers",
                    "description": (
                        "Validates the answers and returns the result for today's date. Nothing is stored; "
                        "no login or CSRF token is needed. The body must be a JSON object of at most "
                        f"{MAX_BODY_BYTES} bytes."
                    ),
                    "parameters": [
                        {
                            "name": "Accept-Language",
                            "in": "header",
                            "required": False,
                            "description": (
                                "The language of the titles, explanations, advisories and error messages: "
                                f"{', '.join(code for code, _name in settings.LANGUAGES)} (default "
                                f"{settings.LANGUAGE_CODE}). A text with no translation reads in English. Keys, "
                                "statuses, outcomes and every field name stay the same English codes in every "
                                "language; the Content-Language header says which language was used."
                            ),
                            "schema": {"type": "string", "examples": ["es"]},
                        }
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Answers"}}},
                    },
                    "responses": {
                        "200": _response("The screening result.", "Result"),
                        "400": _response(
                            "Invalid answers, or a body that is not a JSON object (bad JSON, too large).",
                            "Errors",
                        ),
                        "405": _response("Any method but POST.", "Errors"),
                        **_busy_responses(),
                    },
                }
            },
            openapi_path: {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document",
                    "responses": {
                        "200": {"description": "The OpenAPI document.", "content": {"application/json": {}}},
                        "405": _response("Any method but GET or HEAD.", "Errors"),
                        **_busy_responses(),
                    },
                }
            },
        },
        "components": {"schemas": schemas},
    }
