"""One plain form per questionnaire page, and the contact opt-in form on the result page.

Every answer field hands its value to the shared validator (`answers.clean_answer`), so the
web form, the API and the `screen` command can never disagree about what is valid.
"""

import functools
import re
from datetime import date
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from hsct_screen.questionnaire import labels
from hsct_screen.questionnaire.answers import NONE_OF_THESE, FieldError, clean_answer, cross_field_errors
from hsct_screen.rules import answers as a

NUMBER_KEYS = (a.DIAGNOSIS_YEAR, a.AGE)


class AnswerField(forms.Field):
    """A form field whose only check is the shared validator for one answer key."""

    def __init__(self, key: str, *, today: date, **kwargs):
        self.key = key
        self.today = today
        kwargs.setdefault("label", labels.QUESTIONS[key])
        kwargs.setdefault("help_text", labels.HELP_TEXTS.get(key, ""))
        super().__init__(**kwargs)

    def clean(self, value):
        try:
            return clean_answer(self.key, value, today=self.today, from_text=True)
        except FieldError as error:
            raise forms.ValidationError(error.message, code=error.code) from None


@functools.cache
def answer_widget(key: str) -> forms.Widget:
    """The widget for one answer, built once per process: each field gets its own deep copy (forms.Field does that)
    and the option labels are lazy, so one widget serves every form and language."""
    if key in NUMBER_KEYS:
        # GOV.UK's pattern: a text box with a number keypad, so "abc" reaches the server and gets a clear message.
        return forms.TextInput(
            attrs={
                "class": "form-control input-short",
                "inputmode": "numeric",
                "autocomplete": "off",
                "spellcheck": "false",
            }
        )
    choices = list(labels.CHOICE_LABELS[key].items())
    extra = list(labels.WEB_ONLY_CHOICES.get(key, {}).items())
    if key == a.DMT_FAILURES:
        # "Not taken one long enough" sits beside "None", before "One".
        choices = choices[:1] + extra + choices[1:]
    else:
        choices += extra
    if key == a.HEALTH_CONDITIONS:
        return forms.CheckboxSelectMultiple(choices=choices, attrs={"class": "form-check-input"})
    return forms.RadioSelect(choices=choices, attrs={"class": "form-check-input"})


class Question(Field):
    """Renders one answer field with our GOV.UK-style template; the page's h1 sits in its legend or label."""

    def __init__(self, name: str, *, as_heading: bool, template: str):
        super().__init__(name, template=template)
        self.as_heading = as_heading

    def render(self, form, context, template_pack=None, extra_context=None, **kwargs):
        extra_context = {**(extra_context or {}), "as_heading": self.as_heading}
        return super().render(form, context, template_pack=template_pack, extra_context=extra_context, **kwargs)


class ErrorSummaryMixin:
    def error_links(self) -> list[tuple[str, str]]:
        """(target element id, message) for the error summary, in the page's order."""
        links = []
        for name in self.fields:
            bound = self[name]
            for error in bound.errors:
                links.append((self.error_target(name), error))
        for error in self.non_field_errors():
            links.append(("", error))
        return links

    def error_target(self, name: str) -> str:
        bound = self[name]
        widget = self.fields[name].widget
        # A group of radios or checkboxes has no element of its own: point at the first option.
        if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            return f"{bound.auto_id}_0"
        return bound.auto_id


class StepForm(ErrorSummaryMixin, forms.Form):
    """The answers asked on one page; subclasses name their keys."""

    keys: tuple[str, ...] = ()
    # Browser pop-up validation is hard to read and not announced well; the server explains instead.
    use_required_attribute = False

    def __init__(self, *args, today: date, other_answers: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        # The answers from other pages, for checks between answers (a diagnosis before birth).
        self.other_answers = other_answers or {}
        if self.initial.get(a.HEALTH_CONDITIONS) == []:
            self.initial[a.HEALTH_CONDITIONS] = [NONE_OF_THESE]
        for key in self.keys:
            self.fields[key] = AnswerField(key, today=today, widget=answer_widget(key))

    @cached_property
    def questions(self) -> list[dict]:
        """The fields as questions/fields/questions.html renders them (only a shown page needs them, not a save)."""
        single = len(self.keys) == 1
        # Rendered by questionnaire/fields/questions.html with our own field templates, not crispy: on a question
        # page crispy's layout machinery cost half of the request's time for the same HTML (issue 9).
        return [
            {
                "field": self[key],
                "as_heading": single,
                "template": "questionnaire/fields/input.html"
                if key in NUMBER_KEYS
                else "questionnaire/fields/choices.html",
            }
            for key in self.keys
        ]

    @classmethod
    def valid_answers(cls, data, *, today: date, other_answers: dict | None = None) -> dict[str, Any] | None:
        """`form.cleaned_data` when `form.is_valid()`, else None: the same checks without building the form.

        Saving an answer only needs the clean values; building the fields and bound fields cost more than checking
        them. The same steps as the form: each widget reads its value from the data, the field's clean (the shared
        validator) checks it, then clean() looks for a clash with the other pages' answers. On None, build the form
        to show its messages.
        """
        cleaned = {}
        for key in cls.keys:
            value = answer_widget(key).value_from_datadict(data, None, key)
            try:
                cleaned[key] = clean_answer(key, value, today=today, from_text=True)
            except FieldError:
                return None
        if any(key in cls.keys for key in cross_field_errors({**(other_answers or {}), **cleaned}, today=today)):
            return None
        return cleaned

    def clean(self):
        cleaned = super().clean()
        together = {**self.other_answers, **{key: cleaned[key] for key in self.keys if key in cleaned}}
        for key, error in cross_field_errors(together, today=self.today).items():
            if key in self.keys and key not in self.errors:
                self.add_error(key, forms.ValidationError(error.message, code=error.code))
        return cleaned

    def show_cross_field_errors(self):
        """On a page shown again with stored answers, point out a clash another page's answer revealed."""
        for key, error in cross_field_errors({**self.other_answers}, today=self.today).items():
            if key in self.keys:
                self.add_error(key, forms.ValidationError(error.message, code=error.code))


class MsTypeForm(StepForm):
    keys = (a.MS_TYPE,)


class DiagnosisForm(StepForm):
    keys = (a.DIAGNOSIS_YEAR,)


class WalkingForm(StepForm):
    keys = (a.WALKING,)


class ActivityForm(StepForm):
    keys = (a.RELAPSES, a.MRI_ACTIVITY)


class MedicinesForm(StepForm):
    keys = (a.DMT_FAILURES,)


class HighEfficacyForm(StepForm):
    keys = (a.HIGH_EFFICACY_FAILED,)


class AgeForm(StepForm):
    keys = (a.AGE,)


class HealthForm(StepForm):
    keys = (a.HEALTH_CONDITIONS,)


class EmailLinkForm(ErrorSummaryMixin, forms.Form):
    """Where to send the private result link; the address is used once and never stored."""

    use_required_attribute = False

    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        error_messages={
            "required": _("Enter the email address to send the link to."),
            "invalid": _("Enter an email address in the correct format, like name@example.com."),
            "max_length": _("The email address must be 254 characters or fewer."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false", "class": "form-control"}),
    )

    def __init__(self, *args, **kwargs):
        # A prefix keeps its ids apart from the contact form's email box on the same page.
        kwargs.setdefault("prefix", "link")
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Question("email", as_heading=False, template="questionnaire/fields/input.html"))


PHONE_CHARACTERS = re.compile(r"^[0-9+\-() ]+$")
PHONE_MIN_DIGITS = 7
PHONE_MAX_DIGITS = 20


class ContactForm(ErrorSummaryMixin, forms.Form):
    """Name, email and/or phone, and explicit consent; nothing is stored without the tick."""

    use_required_attribute = False

    name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        error_messages={
            "required": _("Enter your name."),
            "max_length": _("Your name must be 100 characters or fewer."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name", "class": "form-control"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("Enter an email address in the correct format, like name@example.com."),
            "max_length": _("The email address must be 254 characters or fewer."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false", "class": "form-control"}),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=30,
        help_text=_("Include the country code if you are outside the UK, for example +44."),
        error_messages={"max_length": _("The phone number must be 30 characters or fewer.")},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel", "class": "form-control"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the clinic may contact me about this screening and store my contact details for that purpose"
        ),
        error_messages={"required": _("Tick the box to agree, or we cannot store your contact details.")},
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Question("name", as_heading=False, template="questionnaire/fields/input.html"),
            Question("email", as_heading=False, template="questionnaire/fields/input.html"),
            Question("phone", as_heading=False, template="questionnaire/fields/input.html"),
            Question("consent", as_heading=False, template="questionnaire/fields/checkbox.html"),
        )

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not phone:
            return ""
        digits = sum(char.isdigit() for char in phone)
        if not PHONE_CHARACTERS.match(phone) or not PHONE_MIN_DIGITS <= digits <= PHONE_MAX_DIGITS:
            raise forms.ValidationError(
                _("Enter a phone number using digits, like 01632 960 001 or +44 7700 900 982."), code="invalid"
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("email")
            and not cleaned.get("phone")
            and "email" not in self.errors
            and "phone" not in self.errors
        ):
            self.add_error(
                "email", forms.ValidationError(_("Enter an email address or a phone number."), code="required")
            )
        return cleaned
