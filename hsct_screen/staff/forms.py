"""Forms of the staff workspace: queue filters, the overview period, status, assignee and notes."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hsct_screen.questionnaire.models import REFERENCE_ALPHABET, REFERENCE_LENGTH, Outcome
from hsct_screen.staff.models import ReviewStatus
from hsct_screen.staff.selectors import QueueFilters, bulk_targets, monday_of, normalise_reference, reviewers
from hsct_screen.staff.services import ERASE_REASON_MAX_LENGTH, NOTE_MAX_LENGTH
from hsct_screen.staff.widgets import Select

ANY = [("", _("Any"))]


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


DATE_ERRORS = {"invalid": _("Enter a real date, like 2026-03-31.")}
MAX_PERIOD_DAYS = 731


class StaffForm(forms.Form):
    """Bootstrap classes, and hints and errors tied to their field for screen readers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
            if field.help_text:
                widget.attrs["aria-describedby"] = f"id_{name}-hint"

    def _post_clean(self):
        super()._post_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = " ".join(filter(None, [attrs.get("aria-describedby"), f"id_{name}-error"]))


ME = "me"
NOBODY = "none"
OLDEST = "oldest"
NEWEST = "newest"
PHONE_SEPARATORS = " -().+"
MIN_PHONE_DIGITS = 4


def read_search(text: str) -> dict[str, str]:
    """What staff typed in the search box, read as what it looks like: QueueFilters arguments.

    An @ means an email address; digits (with the usual separators) a phone number; letters that can all
    be in a reference code are a code when one is a digit, else a code or a name (both are searched);
    anything else is a name.
    """
    text = " ".join(text.split())
    if not text:
        return {}
    if "@" in text:
        return {"contact_email": text}
    digits = "".join(char for char in text if char not in PHONE_SEPARATORS)
    if digits.isdigit() and len(digits) >= MIN_PHONE_DIGITS:
        return {"contact_phone": digits}
    reference = normalise_reference(text)
    if reference and len(reference) <= REFERENCE_LENGTH and all(char in REFERENCE_ALPHABET for char in reference):
        # Names have no digits: with one it is a code; letters only (like "ada") may be either.
        if any(char.isdigit() for char in reference):
            return {"reference": reference}
        return {"reference": reference, "contact_name": text}
    return {"contact_name": text}


class QueueFilterForm(StaffForm):
    """The queue's filters, read from the query string; an empty form means everything."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_(
            "A reference code (all or part, like ACDE-F347), or the name, email or phone of someone who asked "
            "to be contacted. Searches of contact details are recorded in the audit log."
        ),
    )
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False, widget=Select)
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        widget=Select,
        help_text=_("Automatic puts the longest waiting first when showing people who asked to be contacted."),
        choices=[
            ("", _("Automatic")),
            (OLDEST, _("Oldest waiting first")),
            (NEWEST, _("Newest first")),
        ],
    )
    outcome = forms.ChoiceField(label=_("Outcome"), required=False, choices=ANY + Outcome.choices, widget=Select)
    status = forms.ChoiceField(
        label=_("Review status"), required=False, choices=ANY + ReviewStatus.choices, widget=Select
    )
    wants_contact = forms.ChoiceField(
        label=_("Wants to be contacted"),
        required=False,
        widget=Select,
        choices=[*ANY, ("yes", _("Yes")), ("no", _("No"))],
    )
    submitted_from = forms.DateField(
        label=_("Submitted from"), required=False, widget=date_input(), error_messages=DATE_ERRORS
    )
    submitted_to = forms.DateField(
        label=_("Submitted to"), required=False, widget=date_input(), error_messages=DATE_ERRORS
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        people = [(str(person.pk), person.get_username()) for person in reviewers()]
        self.fields["assignee"].choices = [*ANY, (ME, _("Me")), (NOBODY, _("Nobody")), *people]

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("submitted_from"), cleaned.get("submitted_to")
        if start and end and start > end:
            self.add_error("submitted_to", _("“Submitted to” must be the same day as “Submitted from” or later."))
        return cleaned

    def described(self) -> list[tuple[str, str]]:
        """The filters in use as (label, value in words); call only on a valid form."""
        rows = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if value in ("", None):
                continue
            text = dict(field.choices).get(value, value) if hasattr(field, "choices") else value
            rows.append((str(field.label), str(text)))
        return rows

    def oldest_first(self) -> bool:
        sort = self.cleaned_data["sort"]
        if sort:
            return sort == OLDEST
        # People waiting for a call are worked through in the order they asked.
        return self.cleaned_data["wants_contact"] == "yes"

    def filters(self) -> QueueFilters:
        """The filters to apply; call only on a valid form."""
        data = self.cleaned_data
        wants = {"yes": True, "no": False}.get(data["wants_contact"])
        assignee = data["assignee"]
        assignee_id = None
        if assignee == ME:
            assignee_id = self.user.pk if self.user is not None else 0
        elif assignee not in ("", NOBODY):
            assignee_id = int(assignee)
        return QueueFilters(
            outcome=data["outcome"],
            status=data["status"],
            submitted_from=data["submitted_from"],
            submitted_to=data["submitted_to"],
            wants_contact=wants,
            assignee_id=assignee_id,
            unassigned=assignee == NOBODY,
            oldest_first=self.oldest_first(),
            **read_search(data["q"]),
        )


class OverviewPeriodForm(StaffForm):
    start = forms.DateField(label=_("From"), required=False, widget=date_input(), error_messages=DATE_ERRORS)
    end = forms.DateField(label=_("To"), required=False, widget=date_input(), error_messages=DATE_ERRORS)

    @staticmethod
    def default_period():
        """The last 12 weeks, counting this one."""
        today = timezone.localdate()
        return monday_of(today) - timedelta(weeks=11), today

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        default_start, default_end = self.default_period()
        end = cleaned.get("end") or default_end
        start = cleaned.get("start") or (default_start if end == default_end else monday_of(end) - timedelta(weeks=11))
        if start > end:
            self.add_error("end", _("“To” must be the same day as “From” or later."))
        elif (end - start).days > MAX_PERIOD_DAYS:
            self.add_error("start", _("Choose a period of two years or less."))
        cleaned["start"], cleaned["end"] = start, end
        return cleaned


class StatusForm(StaffForm):
    status = forms.ChoiceField(
        label=_("Review status"),
        choices=ReviewStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the review statuses."), "required": _("Choose a status.")},
    )


class AssignForm(StaffForm):
    assignee = forms.ModelChoiceField(
        label=_("Assigned to"),
        queryset=None,
        required=False,
        empty_label=_("Nobody"),
        error_messages={"invalid_choice": _("Choose someone from the list.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = reviewers()


class NoteForm(StaffForm):
    text = forms.CharField(
        label=_("Add a note"),
        max_length=NOTE_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Notes cannot be changed later. Write only what the team needs to follow up."),
        error_messages={"required": _("Write the note before saving it.")},
    )


class EraseForm(StaffForm):
    reason = forms.CharField(
        label=_("Why is this submission being deleted?"),
        max_length=ERASE_REASON_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: “The person asked by phone on 24 November to delete their data.” "
            "This is kept in the audit log. Do not write health or contact details here."
        ),
        error_messages={"required": _("Say why this submission is being deleted.")},
    )


class CodeForm(StaffForm):
    """One code: six digits from the authenticator app or, where allowed, a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        strip=True,
        error_messages={"required": _("Enter the code.")},
    )

    def __init__(self, *args, allow_recovery: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.widget.attrs.update({"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"})
        if allow_recovery:
            field.help_text = _("The 6-digit code your authenticator app shows now, or one of your recovery codes.")
        else:
            field.label = _("Code from the app")
            field.help_text = _("The 6-digit code the app shows now, to check it is set up right.")
            field.widget.attrs["inputmode"] = "numeric"


MAX_BULK = 100
KEEP = ""


class BulkChangeForm(StaffForm):
    """Ticked submissions in the queue and what to change on all of them: a status, an assignee or both."""

    submissions = forms.MultipleChoiceField(
        label=_("Submissions"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Tick at least one submission in the table."),
            "invalid_choice": _("Some ticked submissions no longer exist. Go back to the queue and tick them again."),
        },
    )
    status = forms.ChoiceField(
        label=_("New review status"),
        required=False,
        widget=Select,
        choices=[(KEEP, _("Leave as it is")), *ReviewStatus.choices],
        error_messages={"invalid_choice": _("Choose one of the review statuses.")},
    )
    assignee = forms.ChoiceField(
        label=_("Assign to"),
        required=False,
        widget=Select,
        error_messages={"invalid_choice": _("Choose someone from the list.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(person.pk): person for person in reviewers()}
        self.fields["assignee"].choices = [
            (KEEP, _("Leave as it is")),
            (NOBODY, _("Nobody")),
            *((pk, person.get_username()) for pk, person in self.people.items()),
        ]
        # Only codes that exist can be chosen, found in one query; a list longer than a queue page is refused.
        posted = self.data.getlist("submissions") if hasattr(self.data, "getlist") else []
        codes = posted[: MAX_BULK + 1] if len(posted) <= MAX_BULK else []
        self.targets = list(bulk_targets(codes)) if codes else []
        self.fields["submissions"].choices = [(t.reference_code, t.reference_code) for t in self.targets]
        self.too_many = len(posted) > MAX_BULK

    def clean(self):
        cleaned = super().clean()
        if self.too_many:
            self.add_error("submissions", _("Tick at most %(max)d submissions at a time.") % {"max": MAX_BULK})
        if not cleaned.get("status") and not cleaned.get("assignee") and "status" not in self.errors:
            self.add_error(None, _("Choose a new review status, someone to assign them to, or both."))
        return cleaned

    @property
    def new_assignee(self):
        value = self.cleaned_data.get("assignee")
        return None if value in (KEEP, NOBODY) else self.people[value]

    @property
    def changes_assignee(self) -> bool:
        return bool(self.cleaned_data.get("assignee"))

    def chosen(self) -> list:
        picked = set(self.cleaned_data["submissions"])
        return [target for target in self.targets if target.reference_code in picked]
