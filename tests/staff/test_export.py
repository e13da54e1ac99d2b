"""CSV export: same filters as the queue, formulas escaped, a de-identified variant, constant queries.

The export with contact details is a POST from the confirmation page (tests/staff/test_export_audit.py).
"""

import csv
import io
from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hsct_screen.questionnaire.models import Outcome, Submission
from hsct_screen.staff import services
from hsct_screen.staff.export import escape_cell
from tests.factories import ContactRequestFactory, SubmissionFactory, answers

EXPORT = reverse("staff:export")


def _rows(response):
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil.example","click")', '\'=HYPERLINK("http://evil.example","click")'),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Ada Lovelace", "Ada Lovelace"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (42, "42"),
    ],
)
def test_escape_cell_prefixes_only_cells_a_spreadsheet_could_run(value, expected):
    assert escape_cell(value) == expected


def test_export_escapes_formulas_in_contact_details(staff_client, db):
    ContactRequestFactory(name='=HYPERLINK("http://evil.example","x")', email="", phone="+1 555 0100")
    ContactRequestFactory(name="@SUM(1+1)", email="-2+3@example.org", phone="")

    rows = _rows(staff_client.post(EXPORT))

    names = {row["Name"] for row in rows}
    assert names == {'\'=HYPERLINK("http://evil.example","x")', "'@SUM(1+1)"}
    assert {row["Phone"] for row in rows} == {"'+1 555 0100", ""}
    assert "'-2+3@example.org" in {row["Email"] for row in rows}


def test_export_has_answers_in_plain_words_and_is_an_attachment(staff_client, submission_with_contact):
    response = staff_client.post(EXPORT)

    assert response["Content-Disposition"].startswith('attachment; filename="submissions-')
    assert response["Content-Type"].startswith("text/csv")
    (row,) = _rows(response)
    assert row["Reference code"] == submission_with_contact.reference_code
    assert row["Type of MS"] == "Relapsing-remitting MS (RRMS)"
    assert row["Walking"] == "I can walk 500 metres or more without help or a rest"
    assert row["Other health conditions"] == "None of these"
    assert row["Outcome"] == "Possible candidate"
    assert row["Review status"] == "New"
    assert row["Wants to be contacted"] == "Yes"
    assert (row["Name"], row["Email"], row["Phone"]) == ("Ada Lovelace", "ada@example.org", "07700 900123")
    assert row["Criteria version"] == submission_with_contact.criteria_version


def test_deidentified_export_drops_reference_code_and_all_contact_columns(staff_client, clinic_staff, db):
    submission = ContactRequestFactory(name="Ada Lovelace", email="ada@example.org", phone="07700 900123").submission
    services.review_assign(submission=submission, user=clinic_staff, assignee=clinic_staff)

    response = staff_client.get(EXPORT, {"deidentified": "1"})
    text_rows = _rows(response)

    assert "deidentified" in response["Content-Disposition"]
    (row,) = text_rows
    assert not {"Reference code", "Name", "Email", "Phone", "Assigned to", "Submitted at"} & set(row)
    flat = ",".join(row.values())
    assert clinic_staff.username not in flat
    assert submission.reference_code not in flat
    assert "Ada" not in flat
    assert "ada@example.org" not in flat


def test_export_applies_the_queue_filters(staff_client, db):
    wanted = SubmissionFactory(outcome=Outcome.POSSIBLE_CANDIDATE)
    SubmissionFactory(outcome=Outcome.UNLIKELY_CANDIDATE)

    rows = _rows(staff_client.post(EXPORT, {"outcome": "possible_candidate"}))

    assert [row["Reference code"] for row in rows] == [wanted.reference_code]


def test_export_with_bad_filters_goes_back_to_the_queue_to_show_the_errors(staff_client, db):
    response = staff_client.get(EXPORT, {"submitted_from": "not-a-date"})

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('staff:queue')}?submitted_from=not-a-date"


def _export_queries(client):
    with CaptureQueriesContext(connection) as context:
        rows = _rows(client.post(EXPORT))
    return len(context), len(rows)


def test_export_query_count_does_not_grow_with_rows(staff_client, clinic_staff, db):
    def make(count):
        for index in range(count):
            submission = ContactRequestFactory().submission if index % 2 else SubmissionFactory()
            services.review_assign(submission=submission, user=clinic_staff, assignee=clinic_staff)

    make(5)
    few, few_rows = _export_queries(staff_client)
    make(55)
    many, many_rows = _export_queries(staff_client)

    assert (few_rows, many_rows) == (5, 60)
    assert many == few


def test_deidentified_export_gives_the_iso_week_age_band_and_years_since_diagnosis_band(staff_client, db):
    submission = SubmissionFactory(answers=answers(age=43, diagnosis_year=2014))
    Submission.objects.filter(pk=submission.pk).update(
        created_at=datetime(2026, 11, 18, 14, 37, tzinfo=UTC), evaluated_on=date(2026, 11, 18)
    )

    (row,) = _rows(staff_client.get(EXPORT, {"deidentified": "1"}))

    assert row["Submitted in week"] == "2026-W47"
    assert row["Age (5-year band)"] == "40–44"
    assert row["Years since diagnosis (5-year band)"] == "10–14"
    flat = ",".join(row.values())
    assert "2014" not in flat
    assert "43" not in flat
    assert "14:37" not in flat


def test_deidentified_export_puts_20_or_more_years_since_diagnosis_in_the_top_band(staff_client, db):
    submission = SubmissionFactory(answers=answers(age=60, diagnosis_year=1990))
    Submission.objects.filter(pk=submission.pk).update(evaluated_on=date(2026, 1, 5))

    (row,) = _rows(staff_client.get(EXPORT, {"deidentified": "1"}))

    assert row["Years since diagnosis (5-year band)"] == "20 or more"
    assert row["Age (5-year band)"] == "60–64"


def test_export_confirmation_page_describes_both_files(staff_client, db):
    text = staff_client.get(EXPORT).content.decode()

    assert "What each file holds" in text
    assert "5-year band" in text
    assert "2026-W47" in text
