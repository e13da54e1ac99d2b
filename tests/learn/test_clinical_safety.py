"""The clinical review's findings (2026-11-24) stay fixed: one test per harmful or misleading statement it found."""

import html as html_lib
import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.utils import timezone

from hsct_screen.criteria.models import CriteriaSet, describe_status
from hsct_screen.learn.content import SLUGS, all_pages, get_page

STOP_MEDICINE = "Do not stop, pause or change any MS medicine because of a screening result, or to try to qualify"
TRIAL_TABLE_LINK = "/learn/where-and-trials/#trial-status"
SEED_ARTICLE = "Stem Cell Therapies for MS"


def _text(html: str) -> str:
    """Visible text with tags removed and whitespace collapsed, so wrapped Markdown lines read as sentences."""
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _page_text(page) -> str:
    return _text(page.body())


def _rendered_body(slug: str) -> str:
    """The page's body as served, with its blocks (the trials table) filled from the database."""
    html = Client().get(f"/learn/{slug}/").content.decode()
    return html[html.index('<div class="learn-content">') : html.index("</article>")]


def _listed_trials() -> list[CriteriaSet]:
    """The trial criteria sets, the one home of trial facts; the learn pages name each by its short name."""
    return list(CriteriaSet.objects.filter(listed=True, kind=CriteriaSet.Kind.TRIAL))


def _short_name(trial: CriteriaSet) -> str:
    # "RAM-MS trial (Nordic countries and the Netherlands)" is called RAM-MS in the pages' prose.
    return trial.name.split()[0]


class _Blocks(HTMLParser):
    """The text of each paragraph, list item, table row and heading: the unit a sentence about a trial lives in."""

    BLOCKS = {"p", "li", "tr", "h2", "h3", "blockquote"}

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._stack: list[list[str]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self._stack.append([])

    def handle_endtag(self, tag):
        if tag in self.BLOCKS and self._stack:
            text = " ".join("".join(self._stack.pop()).split())
            self.blocks.append(text)
            if self._stack:
                self._stack[-1].append(text)

    def handle_data(self, data):
        if self._stack:
            self._stack[-1].append(data)


class _Table(HTMLParser):
    """Header and body rows of the first table after a given element id."""

    def __init__(self, html, after_id):
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._seen_id = False
        self._done = False
        self._in_table = False
        self._cell: list[str] | None = None
        self._after_id = after_id
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        if dict(attrs).get("id") == self._after_id:
            self._seen_id = True
        if not self._seen_id or self._done:
            return
        if tag == "table":
            self._in_table = True
        elif self._in_table and tag == "tr":
            self.rows.append([])
        elif self._in_table and tag in {"td", "th"}:
            self._cell = []

    def handle_endtag(self, tag):
        if not self._in_table:
            return
        if tag in {"td", "th"} and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._in_table = False
            self._done = True

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


# --- 1. Immune recovery (review row 1, harmful) ---


@pytest.mark.parametrize("slug", SLUGS)
def test_no_page_says_the_immune_system_is_back_in_3_to_6_months(slug):
    text = _page_text(get_page(slug)).lower()

    assert "3 to 6 months" not in text and "three to six months" not in text
    assert "back to full strength" not in text


def test_the_step_by_step_page_separates_blood_counts_from_immune_recovery_and_leaves_vaccines_to_the_team():
    text = _page_text(get_page("hsct-step-by-step"))

    assert "come back within a few weeks" in text
    assert "often a year or more" in text and "from 1 to 5 years" in text
    assert "Your team will tell you which vaccines you need, and when." in text
    assert "Your team will tell you which precautions to take" in text


def test_the_hospital_stay_has_no_single_unverified_figure():
    text = _page_text(get_page("hsct-step-by-step"))

    assert "11 days" not in text
    assert "Your centre will tell you what to expect." in text


# --- 2. Never stop your medicine (review row 2, harmful) ---


@pytest.mark.parametrize(
    ("slug", "section"),
    [
        ("who-may-be-a-candidate", "read-first"),
        ("who-may-be-a-candidate", "medicines-tried"),
        ("questions-for-your-doctor", "before"),
        ("where-and-trials", "abroad"),
    ],
)
def test_pages_where_a_patient_might_act_say_not_to_stop_or_change_ms_medicine(slug, section):
    html = get_page(slug).body()
    start = html.index(f'id="{section}"')
    next_section = html.find("<h2", start + 1)
    text = _text(html[start : next_section if next_section != -1 else None])

    assert STOP_MEDICINE in text
    assert "neurologist" in text


def test_the_questions_page_has_the_reviews_two_new_questions():
    text = _page_text(get_page("questions-for-your-doctor"))

    assert "Should I keep taking my current MS medicine while we think about this?" in text
    assert "Would this be funded, and who would look after me afterwards?" in text


# --- 3. Trials (review rows 3 and 4) ---


@pytest.mark.django_db
def test_the_trial_table_says_exactly_what_the_trial_sets_say():
    rows = _Table(_rendered_body("where-and-trials"), "trial-status").rows
    today = timezone.localdate()

    # The status comes straight after the name, so a phone shows it before any sideways scrolling.
    assert rows[0] == ["Trial", "Recruitment status", "Registry number", "Countries"]
    trials = sorted(
        _listed_trials(),
        key=lambda trial: (trial.recruitment_status not in CriteriaSet.TAKING_PATIENTS, trial.comparison_order),
    )
    expected = []
    for trial in trials:
        status = describe_status(
            kind=trial.kind, status=trial.recruitment_status, checked_on=trial.status_checked_on, today=today
        )
        expected.append([trial.name, f"{status.label}. {status.note}", trial.registry_number, trial.countries])
    assert rows[1:] == expected


@pytest.mark.django_db
def test_the_trial_table_has_the_reviews_registry_numbers_statuses_and_dates():
    rows = {row[0]: row for row in _Table(_rendered_body("where-and-trials"), "trial-status").rows[1:]}

    beat, star, ram = rows["BEAT-MS trial"], rows["StarMS trial (UK)"], rows[next(n for n in rows if "RAM-MS" in n)]
    assert beat[2] == "NCT04047628" and star[2] == "ISRCTN88667898" and ram[2] == "NCT03477500"
    # BEAT-MS: only its registry record of 26 January 2024 was seen, so the page claims no more than that.
    assert beat[1] == "Recruiting. Status not checked since 26 Jan 2024: check the registry."
    assert star[1].startswith("Closed to new patients.") and "24 Nov 2026" in star[1]
    assert ram[1].startswith("Active, not recruiting: not taking new patients.") and "24 Nov 2026" in ram[1]
    # Trials that take no new patients come after those that do.
    assert list(rows).index("BEAT-MS trial") < list(rows).index("StarMS trial (UK)")


@pytest.mark.django_db
def test_a_status_edited_in_admin_shows_on_the_learn_page():
    CriteriaSet.objects.filter(identifier="beat-ms").update(
        recruitment_status=CriteriaSet.RecruitmentStatus.CLOSED, status_checked_on=timezone.localdate()
    )
    rows = {row[0]: row for row in _Table(_rendered_body("where-and-trials"), "trial-status").rows[1:]}

    assert rows["BEAT-MS trial"][1].startswith("Closed to new patients. Checked on ")
    assert "not checked since" not in rows["BEAT-MS trial"][1]


def test_the_trial_facts_live_in_one_table():
    tables = [page.slug for page in all_pages() if "trial-table" in page.blocks]

    assert tables == ["where-and-trials"]
    # No page writes a trial's status or the date it was checked in its own words.
    for page in all_pages():
        assert "Status checked on" not in page.body() and "Recruitment status" not in page.body(), page.slug


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SLUGS)
def test_every_page_that_names_a_trial_gives_its_registry_number_and_links_to_its_status(slug):
    body = _rendered_body(slug)
    text = _text(body)

    trials = _listed_trials()
    assert len(trials) == 3
    for trial in trials:
        name = _short_name(trial)
        if name in text:
            assert trial.registry_number in text, f"{slug} names {name} without {trial.registry_number}"
            assert slug == "where-and-trials" or TRIAL_TABLE_LINK in body, f"{slug} names {name}"


RECRUITING_WORDS = re.compile(
    r"trials? happening now|now recruiting|currently recruiting|still recruiting|open now|you can join|way to get HSCT",
    re.IGNORECASE,
)


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SLUGS)
def test_no_trial_is_presented_as_happening_now_or_as_a_way_to_get_hsct(slug):
    page = get_page(slug)
    body = _rendered_body(slug)

    assert not RECRUITING_WORDS.search(_text(body))
    assert "ongoing-trials" not in page.anchors
    closed = [trial for trial in _listed_trials() if trial.recruitment_status not in CriteriaSet.TAKING_PATIENTS]
    assert closed
    for block in _Blocks(body).blocks:
        for trial in closed:
            if _short_name(trial) in block:
                assert not re.search(r"\bjoin\b|\bopen to\b|happening now", block, re.IGNORECASE), block


# --- 4. Mortality and risks (review rows 5, 6 and 7) ---


def test_the_mortality_table_gives_each_sources_own_figure_and_context():
    page = get_page("risks")
    rows = _Table(page.body(), "mortality").rows
    table = " | ".join(" ; ".join(row) for row in rows)

    assert '"one or two in every 100" (1.3%)' in table
    assert "364 people in 14 UK hospitals, 2002 to 2023" in table and "5 of 364" in table and "(1.4%)" in table
    assert "already had advanced disability" in table
    assert "174 people with relapsing-remitting MS" in table and "(0 of 174)" in table
    assert "507 carefully selected people at one experienced centre" in table and "(0.19%)" in table
    assert "(Burt, 2022, published online 2021)" in table
    assert "about 1 in every 100" not in table


def test_the_risks_sources_name_the_ms_society_page_and_burt_2022_like_the_table():
    sources = " ".join(get_page("risks").sources)

    assert (
        "https://www.mssociety.org.uk/about-ms/treatments-and-therapies/disease-modifying-therapies/hsct/"
        "hsct--what-to-expect. Page checked on 24 November 2026" in sources
    )
    assert "J Neurol. 2022 (published online 11 October 2021)" in sources
    assert "Burt, 2021)" not in _page_text(get_page("risks"))


def test_the_risks_page_names_the_long_term_cancer_risk_and_the_common_early_problems():
    text = _page_text(get_page("risks"))

    assert "higher risk of cancer" in text
    assert "febrile neutropenia" in text and "68 in every 100" in text
    assert "Epstein-Barr virus" in text and "(75.9%)" in text


# --- 5. Out-of-date statements (review rows 8, 9, 10 and 12) ---


@pytest.mark.parametrize(
    "outdated",
    [
        "seen as experimental",
        "take part in research studies called clinical trials",
        "Most people have it in a clinical trial",
        "does not repair damage",
        "Most only included people with very active",
    ],
)
def test_no_page_repeats_an_out_of_date_statement(outdated):
    for page in all_pages():
        assert outdated.lower() not in _page_text(page).lower(), page.slug


def test_what_is_hsct_says_hsct_is_now_part_of_normal_care_in_some_countries_and_can_improve_disability():
    text = _page_text(get_page("what-is-hsct"))

    assert "as part of normal care" in text
    assert "54 in every 100" in text
    assert "standard option for relapsing MS that stays active despite treatment" in text


def test_the_evidence_page_says_early_studies_mostly_treated_progressive_ms():
    text = _page_text(get_page("evidence"))

    assert "78 in every 100 had progressive MS" in text


# --- 6. Citations (review §2 and row 30) ---


def test_the_halt_ms_paper_has_its_real_title_wherever_it_is_cited():
    for page in all_pages():
        for source in page.sources:
            assert "5-year interim report" not in source
            if "Neurology. 2017;88(9):842-852" in source:
                assert "High-dose immunosuppressive therapy and autologous HCT for relapsing-remitting MS" in source


def test_the_seed_article_is_never_the_source_of_a_clinical_number():
    citing = [page.slug for page in all_pages() if any(SEED_ARTICLE in source for source in page.sources)]

    # what-is-ms cites it only for its list of symptoms; every number on that page has another source.
    assert citing == ["what-is-ms"]


def test_unverified_issue_and_page_numbers_are_not_claimed():
    sources = " ".join(source for page in all_pages() for source in page.sources)

    assert "2021;78(2):241-246" not in sources
    assert "2017;13(7):391-405" not in sources
    assert "2022;269(5):2513-2526" not in sources


# --- 7. The candidate page and its guidelines table (review rows 13 to 18) ---


def test_the_uk_column_is_the_london_groups_cited_working_criteria_not_nhs_practice():
    page = get_page("who-may-be-a-candidate")
    text = _page_text(page)

    assert "UK NHS practice" not in text
    assert "London MS-AHSCT group (UK, 2016 working criteria)" in text
    assert any("London MS-AHSCT Collaborative Group" in source and "January 2016" in source for source in page.sources)
    assert any("B04/P/a" in source for source in page.sources)
    assert "There is no single NHS list of rules" in text


def test_the_ebmt_column_claims_no_more_than_the_ms_society_summary():
    text = _page_text(get_page("who-may-be-a-candidate"))

    assert "1 relapse and a new MRI lesion" not in text
    assert "at least 1 full course" not in text
    assert "MS Society summary: 2 or more relapses, or an MRI scan with new or growing lesions" in text
    assert "the guideline's exact wording could not be checked" in text


def test_walking_limits_agree_with_the_table_and_no_page_says_most_centres():
    text = _page_text(get_page("who-may-be-a-candidate"))

    assert "6.0 or less" not in text
    assert "under 6.0" in text
    assert "Most centres" not in text


def test_ten_years_is_the_best_candidate_profile_counted_from_first_symptoms():
    text = _page_text(get_page("who-may-be-a-candidate"))

    assert "It is not a strict cut-off." in text
    assert "from your first symptoms" in text


def test_the_nmss_high_efficacy_requirement_is_named():
    text = _page_text(get_page("who-may-be-a-candidate"))

    assert "the US National MS Society, the ECTRIMS and EBMT 2025 recommendations and UK centres ask" in text


def test_an_earlier_stem_cell_transplant_stays_in_the_health_conditions():
    assert "an earlier stem cell transplant" in _page_text(get_page("who-may-be-a-candidate"))


def test_edss_and_high_efficacy_are_explained_where_they_first_appear():
    text = _page_text(get_page("who-may-be-a-candidate"))

    assert text.index("EDSS") == text.index("EDSS (Expanded Disability Status Scale)")
    first = text.lower().index("high-efficacy")
    assert text[first:].startswith("High-efficacy medicines are the strongest group")
