"""`manage.py screen [FILE|-] [--date YYYY-MM-DD]`: answers JSON in, result JSON out, exit status 0 or 2."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hsct_screen.criteria.models import CriteriaSet
from hsct_screen.questionnaire.models import Submission
from tests.factories import answers

pytestmark = pytest.mark.django_db


def screen(*args, stdin_text=None):
    """Run the command; return (exit status, parsed standard output, raw standard error)."""
    out, err = io.StringIO(), io.StringIO()
    extra = {"stdin": io.StringIO(stdin_text)} if stdin_text is not None else {}
    try:
        call_command("screen", *args, stdout=out, stderr=err, **extra)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, json.loads(out.getvalue()), err.getvalue()


@pytest.fixture
def answers_file(tmp_path):
    def write(data, name="answers.json"):
        path = tmp_path / name
        path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
        return str(path)

    return write


def test_a_file_of_valid_answers_prints_the_result_and_exits_0(answers_file):
    code, result, _ = screen(answers_file(answers()))
    assert code == 0
    assert result["outcome"] == "possible_candidate"
    assert result["criteria_version"] == "contract-default-2"
    assert set(result) == {"outcome", "criteria_version", "criteria", "advisories", "comparisons"}


def test_the_output_is_indented_json(answers_file):
    out = io.StringIO()
    call_command("screen", answers_file(answers()), stdout=out)
    assert out.getvalue().startswith('{\n  "outcome": ')


@pytest.mark.parametrize(
    ("overrides", "outcome"),
    [({"walking": "two_aids"}, "unlikely_candidate"), ({"dmt_failures": "unsure"}, "more_information_needed")],
)
def test_each_outcome_comes_through(answers_file, overrides, outcome):
    code, result, _ = screen(answers_file(answers(**overrides)))
    assert (code, result["outcome"]) == (0, outcome)


def test_a_dash_reads_standard_input():
    code, result, _ = screen("-", stdin_text=json.dumps(answers(ms_type="ppms")))
    assert (code, result["outcome"]) == (0, "unlikely_candidate")


def test_no_file_argument_reads_standard_input_too():
    code, result, _ = screen(stdin_text=json.dumps(answers()))
    assert (code, result["outcome"]) == (0, "possible_candidate")


def test_the_date_option_sets_the_evaluation_year(answers_file):
    path = answers_file(answers(diagnosis_year=2015))
    assert screen(path, "--date", "2025-12-31")[1]["outcome"] == "possible_candidate"
    code, result, _ = screen(path, "--date", "2026-01-01")
    assert (code, result["outcome"]) == (0, "unlikely_candidate")
    duration = next(item for item in result["criteria"] if item["key"] == "disease_duration")
    assert duration["status"] == "not_met"
    assert "11 years" in duration["explanation"]


def test_a_diagnosis_year_after_the_date_year_is_an_error(answers_file):
    code, output, _ = screen(answers_file(answers(diagnosis_year=2021)), "--date", "2020-06-30")
    assert code == 2
    assert list(output["errors"]) == ["diagnosis_year"]
    assert "2020" in output["errors"]["diagnosis_year"][0]


def test_without_a_date_the_evaluation_year_is_this_year(answers_file):
    next_year = timezone.localdate().year + 1
    code, output, _ = screen(answers_file(answers(diagnosis_year=next_year)))
    assert (code, list(output["errors"])) == (2, ["diagnosis_year"])


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (answers(age=0), "age"),
        (answers(age=True), "age"),
        (answers(ms_type="RRMS"), "ms_type"),
        (answers(walking=...), "walking"),
        (answers(health_conditions=["heart", "heart"]), "health_conditions"),
        (answers(diagnosis_year="2019"), "diagnosis_year"),
        (answers(diagnosis_year=1939), "diagnosis_year"),
        (answers(age=20, diagnosis_year=1950), "diagnosis_year"),
        (answers(age=38.5), "age"),
        (answers(health_conditions=["none"]), "health_conditions"),
        (answers(extra="x"), "extra"),
        ([answers()], "__all__"),
        ("rrms", "__all__"),
        (None, "__all__"),
    ],
)
def test_invalid_answers_exit_2_with_errors_naming_the_field_on_stdout(answers_file, data, field):
    code, output, err = screen(answers_file(data))
    assert code == 2
    assert list(output) == ["errors"]
    assert list(output["errors"]) == [field]
    assert all(isinstance(message, str) and message for message in output["errors"][field])
    assert err == ""


@pytest.mark.parametrize("text", ["", "{", "{'age': 3}", "not json", "[" * 5000])
def test_bad_json_exits_2_naming_all(answers_file, text):
    code, output, _ = screen(answers_file(text))
    assert (code, list(output["errors"])) == (2, ["__all__"])


def test_bad_json_on_standard_input_exits_2():
    code, output, _ = screen("-", stdin_text="{oops")
    assert (code, list(output["errors"])) == (2, ["__all__"])


def test_a_missing_file_exits_2_naming_file(tmp_path):
    code, output, _ = screen(str(tmp_path / "nowhere.json"))
    assert (code, list(output["errors"])) == (2, ["file"])
    assert "nowhere.json" in output["errors"]["file"][0]


def test_a_directory_exits_2_naming_file(tmp_path):
    code, output, _ = screen(str(tmp_path))
    assert (code, list(output["errors"])) == (2, ["file"])


def test_a_file_that_is_not_utf8_exits_2_naming_file(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"ms_type": "rrms", "note": "caf\xe9"}'.encode("latin-1"))
    code, output, _ = screen(str(path))
    assert (code, list(output["errors"])) == (2, ["file"])


def test_a_utf8_byte_order_mark_is_fine(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(answers()).encode())
    assert screen(str(path))[0] == 0


@pytest.mark.parametrize("text", ["2025-13-01", "2025-02-30", "yesterday", "20250101", "2025-1-1", "", "2025-W01-1"])
def test_a_bad_date_exits_2_naming_date(answers_file, text):
    code, output, _ = screen(answers_file(answers()), "--date", text)
    assert (code, list(output["errors"])) == (2, ["date"])


def test_a_leap_day_is_a_good_date(answers_file):
    assert screen(answers_file(answers(diagnosis_year=2020)), "--date", "2024-02-29")[0] == 0


def test_it_stores_nothing(answers_file):
    path = answers_file(answers())
    before = Submission.objects.count()
    with CaptureQueriesContext(connection) as queries:
        assert screen(path)[0] == 0
        assert screen(answers_file(answers(age=0), name="bad.json"))[0] == 2
    assert [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")] == []
    assert Submission.objects.count() == before


def test_no_published_set_exits_1_with_a_message_on_stderr(answers_file):
    CriteriaSet.objects.filter(status=CriteriaSet.Status.PUBLISHED).update(status=CriteriaSet.Status.RETIRED)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as caught:
        call_command("screen", answers_file(answers()), stdout=out, stderr=err)
    assert caught.value.code == 1
    assert out.getvalue() == ""
    assert "published" in err.getvalue()


def test_contract_v2_answers_are_accepted(answers_file):
    data = answers(age=38.0, mri_activity_12m="no_scan", health_conditions=["previous_hsct"])
    code, output, _ = screen(answers_file(data))
    assert code == 0
    assert output["outcome"] in {"possible_candidate", "more_information_needed", "unlikely_candidate"}
