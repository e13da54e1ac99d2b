"""The one validator of screening answers, shared by the web form, the API and the command.

`validate_answers` checks a whole set of answers as the contract defines them and
returns clean values or raises `InvalidAnswers` with messages keyed by field name.
`ANSWER_FIELDS` holds one checker per answer; the web form wraps these same checkers.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from hsct_screen.rules import answers as a

NON_FIELD = "__all__"
# Web-only answers that stand for a contract value, so a form can offer two plain options for one value.
NONE_OF_THESE = "none"
NOT_TAKEN = "not_taken"


class FieldError(Exception):
    def __init__(self, message, code: str):
        super().__init__(str(message))
        self.message = message
        self.code = code


class InvalidAnswers(Exception):
    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("invalid answers")
        self.errors = errors


def is_text(value: str) -> bool:
    """Whether a string is real text: JSON can carry lone surrogates (\\ud800) that no UTF-8 output can hold."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _require_text(value: str) -> None:
    if not is_text(value):
        raise FieldError(
            _("Contains characters that are not valid text (such as a lone surrogate). Send plain UTF-8 text."),
            "not_text",
        )


def printable_name(key: str) -> str:
    """A field name safe to echo back in an error, at most 40 characters; undecodable characters are escaped."""
    return key[:40].encode("utf-8", "backslashreplace").decode("utf-8")


@dataclass(frozen=True)
class ChoiceAnswer:
    """One value from a fixed list, such as an MS type."""

    key: str
    values: tuple[str, ...]
    required_message: Any
    # Form-only values and the contract value each stands for (never accepted in JSON).
    text_aliases: tuple[tuple[str, str], ...] = ()

    def clean(self, value, *, today: date, from_text: bool = False):
        if value is None or (from_text and value == ""):
            raise FieldError(self.required_message, "required")
        if from_text and value in dict(self.text_aliases):
            return dict(self.text_aliases)[value]
        if not isinstance(value, str):
            raise FieldError(_("Must be text: one of %(values)s.") % {"values": ", ".join(self.values)}, "type")
        _require_text(value)
        if value not in self.values:
            raise FieldError(
                _("“%(value)s” is not an allowed answer. Choose one of %(values)s.")
                % {"value": value[:40], "values": ", ".join(self.values)},
                "invalid_choice",
            )
        return value


@dataclass(frozen=True)
class WholeNumberAnswer:
    """A whole number within limits; the upper limit may depend on the evaluation date."""

    key: str
    minimum: int
    maximum: int | None  # None: the evaluation year
    required_message: Any
    too_low_message: Any
    too_high_message: Any
    # What a person typed that is not a number: say what to type instead.
    format_message: Any

    def clean(self, value, *, today: date, from_text: bool = False):
        if value is None or (from_text and str(value).strip() == ""):
            raise FieldError(self.required_message, "required")
        if from_text and isinstance(value, str):
            # Spaces inside ("2 019") are a slip of the thumb on a phone keypad, not a different answer.
            text = "".join(value.split())
            if not (text.isascii() and text.isdigit()) or len(text) > 4:
                raise FieldError(self.format_message, "type")
            value = int(text)
        # JSON does not tell 38 from 38.0: an integral number is that integer; 38.5 stays an error.
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        # bool is an int in Python, but true/false is never a year or an age.
        if isinstance(value, bool) or not isinstance(value, int):
            raise FieldError(_("Must be a whole number."), "type")
        maximum = today.year if self.maximum is None else self.maximum
        if value < self.minimum:
            raise FieldError(self.too_low_message % {"min": self.minimum, "max": maximum}, "min_value")
        if value > maximum:
            raise FieldError(self.too_high_message % {"min": self.minimum, "max": maximum}, "max_value")
        return value


@dataclass(frozen=True)
class ConditionsAnswer:
    """A list of other health conditions without repeats; empty means none."""

    key: str
    values: tuple[str, ...]

    def clean(self, value, *, today: date, from_text: bool = False):
        if from_text:
            # The web form asks for a tick: a condition, or "None of these", which cannot go with another box.
            value = list(value or [])
            if not value:
                raise FieldError(_("Select the conditions you have, or “None of these”."), "required")
            if NONE_OF_THESE in value:
                if len(value) > 1:
                    raise FieldError(_("Select “None of these” or the conditions you have, not both."), "exclusive")
                return []
        # In JSON, null is a wrong type, not "none".
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise FieldError(_('Must be a list of conditions, such as ["heart"], or an empty list.'), "type")
        for item in value:
            _require_text(item)
        unknown = [item for item in value if item not in self.values]
        if unknown:
            raise FieldError(
                _("“%(value)s” is not a condition we ask about. Choose from %(values)s.")
                % {"value": unknown[0][:40], "values": ", ".join(self.values)},
                "invalid_choice",
            )
        if len(set(value)) != len(value):
            raise FieldError(_("Each condition may be given only once."), "duplicate")
        return [item for item in self.values if item in value]


ANSWER_FIELDS = {
    a.MS_TYPE: ChoiceAnswer(a.MS_TYPE, a.MS_TYPES, _("Select the type of MS you have, or “I'm not sure”.")),
    a.DIAGNOSIS_YEAR: WholeNumberAnswer(
        a.DIAGNOSIS_YEAR,
        a.MIN_DIAGNOSIS_YEAR,
        None,
        _("Enter the year you were diagnosed with MS."),
        _("The year of diagnosis must be %(min)s or later."),
        _("The year of diagnosis cannot be in the future: enter %(max)s or earlier."),
        _("Enter the year as 4 numbers, like 2019."),
    ),
    a.WALKING: ChoiceAnswer(a.WALKING, a.WALKING_LEVELS, _("Select the option that best describes your walking.")),
    a.RELAPSES: ChoiceAnswer(a.RELAPSES, a.RELAPSE_COUNTS, _("Select how many relapses you had, or “I'm not sure”.")),
    a.MRI_ACTIVITY: ChoiceAnswer(
        a.MRI_ACTIVITY,
        a.MRI_ANSWERS,
        _("Select whether an MRI showed new or active lesions, that you have not had a scan, or “I'm not sure”."),
    ),
    a.DMT_FAILURES: ChoiceAnswer(
        a.DMT_FAILURES,
        a.DMT_FAILURE_COUNTS,
        _("Select how many MS medicines did not work, or “I'm not sure”."),
        # Not having taken a medicine long enough counts as none that failed.
        text_aliases=((NOT_TAKEN, "none"),),
    ),
    a.HIGH_EFFICACY_FAILED: ChoiceAnswer(
        a.HIGH_EFFICACY_FAILED,
        a.YES_NO_UNSURE,
        _("Select whether one of these medicines was among them, or “I'm not sure”."),
    ),
    a.AGE: WholeNumberAnswer(
        a.AGE,
        a.MIN_AGE,
        a.MAX_AGE,
        _("Enter your age in years."),
        _("Age must be at least %(min)s."),
        _("Age must be %(max)s or less."),
        _("Enter your age as a whole number, like 42."),
    ),
    a.HEALTH_CONDITIONS: ConditionsAnswer(a.HEALTH_CONDITIONS, a.CONDITIONS),
}


def clean_answer(key: str, value, *, today: date, from_text: bool = False):
    """Clean one answer; raises FieldError. The web form's fields call this."""
    return ANSWER_FIELDS[key].clean(value, today=today, from_text=from_text)


def born_before_diagnosis_year(diagnosis_year: int, age: int, *, today: date) -> bool:
    """Whether the year of diagnosis is before the person could have been born (allowing for the birthday)."""
    return diagnosis_year < today.year - age - 1


# The answers that cross_field_errors compares: without all of them there is never a clash.
CROSS_FIELD_KEYS = (a.DIAGNOSIS_YEAR, a.AGE)


def cross_field_errors(answers: Mapping[str, Any], *, today: date) -> dict[str, FieldError]:
    """Problems between clean answers that each look fine alone; keyed by the field the person should fix."""
    year, age = (answers.get(key) for key in CROSS_FIELD_KEYS)
    if isinstance(year, int) and isinstance(age, int) and born_before_diagnosis_year(year, age, today=today):
        message = _(
            "You said you were diagnosed in %(year)s and that you are %(age)s, "
            "so the diagnosis would be before you were born. Check the year and your age."
        ) % {"year": year, "age": age}
        return {a.DIAGNOSIS_YEAR: FieldError(message, "before_birth")}
    return {}


def validate_answers(data: Any, *, today: date, keys: Iterable[str] | None = None) -> dict[str, Any]:
    """Validate a whole JSON-like object of answers (or only `keys` of it) and return clean answers.

    Raises InvalidAnswers with {field: [message, ...]} naming every problem at once.
    """
    if not isinstance(data, Mapping):
        raise InvalidAnswers({NON_FIELD: [str(_('Send the answers as a JSON object, like {"ms_type": "rrms", ...}.'))]})
    checked = tuple(keys) if keys is not None else a.ALL_KEYS
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}
    for key in data:
        if key not in ANSWER_FIELDS:
            name = printable_name(str(key))
            errors[name] = [str(_("This is not a question we ask. Remove it."))]
    for key in checked:
        if key not in data:
            if key in a.REQUIRED_KEYS:
                errors[key] = [str(_("This answer is required."))]
            continue
        try:
            clean[key] = clean_answer(key, data[key], today=today)
        except FieldError as error:
            errors[key] = [str(error.message)]
    for key, error in cross_field_errors(clean, today=today).items():
        errors.setdefault(key, []).append(str(error.message))
    if errors:
        raise InvalidAnswers(errors)
    return a.without_unasked(clean)
