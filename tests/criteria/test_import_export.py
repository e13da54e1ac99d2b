"""`manage.py criteria export|import`: the file format, the round trip, the shipped sets and every kind of bad file."""

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from hsct_screen.criteria import services
from hsct_screen.criteria.models import CriteriaSet, Criterion
from hsct_screen.criteria.services import SETS_DIR
from tests.factories import stand_in_file_translations

pytestmark = pytest.mark.django_db

SHIPPED = sorted(path.name for path in SETS_DIR.glob("*.json"))


def run(*args) -> str:
    out = io.StringIO()
    call_command("criteria", *args, stdout=out)
    return out.getvalue()


def shipped(name) -> dict:
    return json.loads((SETS_DIR / name).read_text(encoding="utf-8"))


def write(tmp_path, data, name="set.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_the_repo_ships_the_default_set_and_the_guidelines_and_trials():
    assert set(SHIPPED) == {
        "default.json",
        "ectrims-ebmt-2025.json",
        "ebmt-2020.json",
        "nmss-2021.json",
        "london-ms-ahsct-2016.json",
        "beat-ms.json",
        "starms.json",
        "ram-ms.json",
    }


def test_export_prints_the_published_set_in_the_shipped_format(published):
    assert json.loads(run("export")) == shipped("default.json")


def test_export_picks_a_set_by_id_or_identifier(published, draft):
    assert json.loads(run("export", "--set", str(draft.pk)))["identifier"] == draft.identifier
    assert json.loads(run("export", "--set", published.identifier))["identifier"] == published.identifier


def test_export_of_an_unknown_set_exits_with_status_2(published):
    with pytest.raises(CommandError, match="No criteria set 'nope'") as caught:
        run("export", "--set", "nope")
    assert caught.value.returncode == 2


def test_export_then_import_round_trips_every_field(tmp_path, published):
    exported = json.loads(run("export"))
    message = run("import", write(tmp_path, exported))
    imported = CriteriaSet.objects.get(identifier="contract-default-2-2")
    assert "saved as a draft" in message
    assert imported.status == CriteriaSet.Status.DRAFT
    # The identifier was taken, so the copy gets a suffix instead of overwriting anything.
    assert imported.identifier == "contract-default-2-2"
    again = json.loads(run("export", "--set", imported.identifier))
    assert {**again, "identifier": exported["identifier"]} == exported


@pytest.mark.parametrize("name", SHIPPED)
def test_each_shipped_set_imports_cleanly(name, published):
    criteria_set = services.criteria_set_import(shipped(name), publish=False)
    assert criteria_set.criteria.count() == len(shipped(name)["criteria"])
    assert criteria_set.description.startswith(shipped(name)["description"])


@pytest.mark.parametrize("name", SHIPPED)
def test_each_shipped_set_names_its_sources_and_explains_itself(name):
    data = shipped(name)
    assert data["format"] == services.FORMAT
    # Spec change (issue 6): a trial set may rest on its one registry record; every set cites a source.
    assert len(data["sources"]) >= 1
    assert data["source_citation"]
    assert data["status_checked_on"]
    assert len(data["description"]) > 100


@pytest.mark.parametrize("name", SHIPPED)
def test_each_shipped_set_links_to_real_learn_sections(name, real_learn_content):
    services.validate_criteria_set_data(shipped(name))


def test_import_with_publish_puts_the_set_in_use(tmp_path, published):
    data = stand_in_file_translations(shipped("london-ms-ahsct-2016.json"))
    message = run("import", write(tmp_path, data), "--publish", "--note", "Trying the UK set.")
    assert "published" in message
    in_use = CriteriaSet.objects.get(status=CriteriaSet.Status.PUBLISHED)
    # The shipped set is already loaded for comparison, so the import gets a suffix.
    assert (in_use.identifier, in_use.change_note) == ("london-ms-ahsct-2016-2", "Trying the UK set.")
    published.refresh_from_db()
    assert published.status == CriteriaSet.Status.RETIRED


def test_an_imported_draft_with_a_new_identifier_keeps_it(tmp_path, published):
    data = {**shipped("ebmt-2020.json"), "identifier": "ebmt-2020-local"}
    run("import", write(tmp_path, data))
    assert CriteriaSet.objects.filter(identifier="ebmt-2020-local", status=CriteriaSet.Status.DRAFT).exists()


def test_import_reads_standard_input(monkeypatch, published):
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(shipped("ebmt-2020.json"))))
    assert "ebmt-2020-2" in run("import", "-")


def broken(change):
    data = shipped("default.json")
    change(data)
    return data


def drop(path):
    def change(data):
        target = data
        for part in path[:-1]:
            target = target[part]
        del target[path[-1]]

    return change


def set_value(path, value):
    def change(data):
        target = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return change


BAD_FILES = {
    "not json": ("{not json", "is not valid JSON"),
    "not an object": ("[1, 2]", "__all__: The file must hold one JSON object."),
    "wrong format tag": (broken(set_value(["format"], "hsct-screen-criteria/99")), "format: Must be"),
    "missing format": (broken(drop(["format"])), "format: Must be"),
    "missing identifier": (broken(drop(["identifier"])), "identifier: This field is missing."),
    "bad identifier": (broken(set_value(["identifier"], "has spaces!")), "identifier: Use up to"),
    "missing criteria": (broken(drop(["criteria"])), "criteria: This field is missing."),
    "empty criteria": (broken(set_value(["criteria"], [])), "criteria: Must be a list with at least one"),
    "unknown top-level field": (broken(set_value(["colour"], "blue")), "colour: “colour” is not a field"),
    "missing criterion field": (broken(drop(["criteria", 2, "title"])), "criteria[2].title: This field is missing."),
    "unknown kind": (broken(set_value(["criteria", 1, "key"], "shoe_size")), "criteria[1].key: Unknown criterion kind"),
    "duplicate kind": (
        broken(lambda data: data["criteria"].__setitem__(3, dict(data["criteria"][2]))),
        "criteria[3].key: The kind “walking” is already used by criteria[2]",
    ),
    "wrong type of flag": (
        broken(set_value(["criteria", 0, "required"], "yes")),
        "criteria[0].required: Must be true or false.",
    ),
    "wrong type of number": (
        broken(set_value(["criteria", 1, "settings", "max_years"], "10")),
        "criteria[1].settings.max_years: Must be a whole number.",
    ),
    "negative years": (
        broken(set_value(["criteria", 1, "settings", "max_years"], -2)),
        "criteria[1].settings.max_years: Must be 0 or more.",
    ),
    "empty accepted": (
        broken(set_value(["criteria", 2, "settings", "accepted"], [])),
        "criteria[2].settings.accepted: Choose at least one value",
    ),
    "age min above max": (
        broken(set_value(["criteria", 5, "settings", "min_age"], 70)),
        "criteria[5].settings.max_age: The oldest age (55) must not be below the youngest age (70).",
    ),
    "bad placeholder": (
        broken(set_value(["criteria", 1, "text_met"], "Since {diagnosis_yaer}.")),
        "criteria[1].text_met: “{diagnosis_yaer}” is not a placeholder",
    ),
    "bad learn_more": (
        broken(set_value(["criteria", 4, "learn_more"], "who-may-be-a-candidate#pills")),
        "criteria[4].learn_more: The page “who-may-be-a-candidate” has no section “#pills”.",
    ),
    "settings not an object": (
        broken(set_value(["criteria", 0, "settings"], ["rrms"])),
        "criteria[0].settings: Must be an object",
    ),
    "criterion not an object": (
        broken(set_value(["criteria", 0], "ms_type")),
        "criteria[0]: Each criterion must be an object.",
    ),
    "nothing required": (
        broken(lambda data: [item.update(required=False) for item in data["criteria"]]),
        "criteria: At least one criterion must be enabled and required",
    ),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_is_refused_naming_the_field_and_nothing_is_saved(tmp_path, published, case):
    data, message = BAD_FILES[case]
    sets_before, criteria_before = CriteriaSet.objects.count(), Criterion.objects.count()
    with pytest.raises(CommandError) as caught:
        run("import", write(tmp_path, data), "--publish")
    assert caught.value.returncode == 2
    assert message in str(caught.value)
    assert (CriteriaSet.objects.count(), Criterion.objects.count()) == (sets_before, criteria_before)
    published.refresh_from_db()
    assert published.status == CriteriaSet.Status.PUBLISHED


def test_a_missing_file_exits_with_status_2(tmp_path):
    with pytest.raises(CommandError, match="Cannot read") as caught:
        run("import", str(tmp_path / "absent.json"))
    assert caught.value.returncode == 2


def test_import_validates_exactly_as_the_admin_form(published):
    """The command and the admin share `validate_criterion`: the same bad value gets the same message."""
    from hsct_screen.criteria.forms import criterion_form_class

    data = broken(set_value(["criteria", 1, "settings", "max_years"], 99))
    with pytest.raises(ValidationError) as caught:
        services.criteria_set_import(data)
    form = criterion_form_class("disease_duration")(
        {"title": "Time", "setting_max_years": "99", "required": "on", "enabled": "on"}
    )
    assert not form.is_valid()
    assert caught.value.message_dict["criteria[1].settings.max_years"] == form.errors["setting_max_years"]


def test_import_with_publish_refuses_a_draft_identifier_patients_would_see(tmp_path, published):
    data = {**shipped("default.json"), "identifier": "contract-default-2-draft"}
    with pytest.raises(CommandError) as caught:
        run("import", write(tmp_path, data), "--publish", "--note", "From a draft export.")
    assert "identifier" in str(caught.value)
    published.refresh_from_db()
    assert published.status == CriteriaSet.Status.PUBLISHED
