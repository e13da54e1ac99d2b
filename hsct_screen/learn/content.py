"""Learn-more pages: Markdown files in the repo, rendered and sanitised, served by slug from a whitelist.

Each page is `content/<slug>.md` (English) with a front-matter block read by Markdown's `meta` extension; a
translation lives in `content/<language>/<slug>.md` and is used when that language is active, falling back to
English. The front matter records who checked the page's sources and when, and, separately, whether a clinician
has signed the page off, so a page never implies a clinical review that did not happen:

    ---
    title: Risks and side effects
    summary: One sentence for the index.
    sources_checked_on: 2026-11-24
    sources_checked_by: the project team, against published sources
    clinical_signoff:
    sources:
        - One citation per line, indented four spaces.
    ---

`clinical_signoff` stays empty until a clinician signs; then it is `YYYY-MM-DD, name and role`. A body may show a
setting with `{{ submission_retention_days }}` or `{{ contact_retention_days }}` (see PLACEHOLDERS), and a block
drawn from the database with a line of its own such as `[[trial-table]]` (see BLOCKS).
"""

import datetime
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from html.parser import HTMLParser
from pathlib import Path

import markdown
import nh3
from django.conf import settings
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

CONTENT_DIR = Path(__file__).resolve().parent / "content"
DEFAULT_LANGUAGE = "en"

# The only pages that exist, in reading order. A slug never becomes a path unless it is listed here.
SLUGS = (
    "what-is-ms",
    "what-is-hsct",
    "hsct-step-by-step",
    "evidence",
    "risks",
    "who-may-be-a-candidate",
    "where-and-trials",
    "questions-for-your-doctor",
    "privacy",
)

# h1 is left out on purpose: the template owns the page's single h1.
ALLOWED_TAGS = {
    "h2",
    "h3",
    "h4",
    "p",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "strong",
    "em",
    "abbr",
    "blockquote",
    "br",
}
ALLOWED_ATTRIBUTES = {
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "a": {"href"},
    "abbr": {"title"},
}
ALLOWED_ATTRIBUTE_VALUES = {
    "th": {"scope": {"col", "row", "colgroup", "rowgroup"}},
    "td": {"scope": {"row"}},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
MARKDOWN_EXTENSIONS = ["tables", "attr_list", "sane_lists", "toc"]


class ContentError(ValueError):
    """A content file is malformed; raised at load time so a broken page never half-renders."""


@dataclass(frozen=True)
class ClinicalSignoff:
    """A clinician's sign-off of a page: who (name and role) and on which date."""

    signed_on: datetime.date
    signed_by: str


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    summary: str = ""
    html: str = ""
    anchors: frozenset[str] = field(default_factory=frozenset)
    sources: tuple[str, ...] = ()
    # When the page's facts were last checked against its sources, and by whom (not a clinical sign-off).
    sources_checked_on: datetime.date | None = None
    sources_checked_by: str = ""
    # None until a clinician has signed the page off.
    clinical_signoff: ClinicalSignoff | None = None
    # (id, heading text) of each h2, for the page's contents list.
    sections: tuple[tuple[str, str], ...] = ()
    # The language the body is written in; differs from the active language when a translation is missing.
    language: str = DEFAULT_LANGUAGE

    def body(self) -> str:
        """The page's HTML with its placeholders filled from the settings in force now (blocks left as markers)."""
        return fill_placeholders(self.html)

    @cached_property
    def blocks(self) -> frozenset[str]:
        # Worked out once per page (pages are kept, see _load): the HTML of a frozen page never changes, and the
        # learn view asks on every request. cached_property writes the instance's __dict__, which frozen allows.
        return frozenset(match["name"] for match in _BLOCK.finditer(self.html))

    def body_parts(self) -> list[tuple[str, str]]:
        """The body as ("html", text) and ("block", name) parts, in order, for the template to put together."""
        parts: list[tuple[str, str]] = []
        position = 0
        html = self.body()
        for match in _BLOCK.finditer(html):
            parts.append(("html", html[position : match.start()]))
            parts.append(("block", match["name"]))
            position = match.end()
        parts.append(("html", html[position:]))
        return parts


def sanitise(html: str) -> str:
    """Keep only the tags and attributes the learn pages need; scripts, styles and event handlers go."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        tag_attribute_values=ALLOWED_ATTRIBUTE_VALUES,
        url_schemes=URL_SCHEMES,
        clean_content_tags={"script", "style"},
        strip_comments=True,
        # Links are our own pages or the clinic's; nothing opens in a new window, so no rel is needed.
        link_rel=None,
    )


def render_markdown(text: str) -> str:
    """Markdown to safe HTML; used for page bodies and for the clinic's referral steps."""
    html = sanitise(markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS, output_format="html"))
    # Markdown tables only put th in the header row, so every bare th is a column header.
    html = html.replace("<th>", '<th scope="col">')
    return _wrap_tables(html)


_HEADING_OR_TABLE = re.compile(r"<h[2-4][^>]*>(?P<heading>.*?)</h[2-4]>|<table>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def _wrap_tables(html: str) -> str:
    """Put each table in its own sideways-scrolling box, named after the heading above it.

    On a narrow phone only the table scrolls, not the whole page; the box is focusable so keyboard users can
    scroll it, and each box gets a distinct name so screen-reader users can tell them apart.
    """
    heading = ""
    used: set[str] = set()

    def replace(match: re.Match) -> str:
        nonlocal heading
        if match["heading"] is not None:
            heading = " ".join(_TAG.sub("", match["heading"]).split())
            return match[0]
        label = gettext("%(heading)s (table: scroll sideways to see all of it)") % {
            "heading": heading or gettext("Table")
        }
        number = 2
        while label in used:
            label = gettext("%(heading)s (table %(number)s: scroll sideways to see all of it)") % {
                "heading": heading or gettext("Table"),
                "number": number,
            }
            number += 1
        used.add(label)
        # The heading text is already escaped HTML, so only quotes need care inside the attribute.
        label = label.replace('"', "&quot;")
        return f'<div class="table-scroll" role="region" tabindex="0" aria-label="{label}"><table>'

    return _HEADING_OR_TABLE.sub(replace, html).replace("</table>", "</table></div>")


class _Outline(HTMLParser):
    """Collects every id and the text of each h2 from sanitised HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.sections: list[tuple[str, str]] = []
        self._h2_id: str | None = None
        self._h2_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        element_id = dict(attrs).get("id")
        if element_id:
            self.ids.add(element_id)
        if tag == "h2":
            self._h2_id = element_id or ""
            self._h2_text = []

    def handle_data(self, data):
        if self._h2_id is not None:
            self._h2_text.append(data)

    def handle_endtag(self, tag):
        if tag == "h2" and self._h2_id is not None:
            if self._h2_id:
                self.sections.append((self._h2_id, " ".join("".join(self._h2_text).split())))
            self._h2_id = None


# Values a page may show from the settings, so the text never disagrees with what the service really does.
# The token in the Markdown is `{{ name }}`; the value is filled in when the page is shown.
PLACEHOLDERS = {
    "submission_retention_days": "SUBMISSION_RETENTION_DAYS",
    "contact_retention_days": "CONTACT_RETENTION_DAYS",
}
_PLACEHOLDER = re.compile(r"\{\{\s*(?P<name>[a-z_]+)\s*\}\}")


# Parts of a page drawn from the database when it is shown, each written in Markdown as a line of its own:
# `[[name]]`. The learn view fills each one with its template, so facts such as a trial's status have one home.
BLOCKS = frozenset({"trial-table"})
_BLOCK = re.compile(r"<p>\[\[(?P<name>[a-z-]+)\]\]</p>")


def fill_placeholders(html: str) -> str:
    return _PLACEHOLDER.sub(lambda match: escape(str(getattr(settings, PLACEHOLDERS[match["name"]]))), html)


_SINGLE_KEYS = ("title", "summary", "sources_checked_on", "sources_checked_by", "clinical_signoff")
_LIST_KEYS = ("sources",)
_KEYS = (*_SINGLE_KEYS, *_LIST_KEYS)


def parse_front_matter(text: str) -> tuple[dict, str]:
    """Split the `---`-fenced front matter (Markdown's `meta` extension) from the body and check its keys.

    Single keys give a string; `sources` gives its indented `- ` lines as a list.
    """
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or lines[0].strip() != "---":
        raise ContentError("missing front matter: the file must start with a --- line")
    md = markdown.Markdown(extensions=["meta"])
    body_lines = md.preprocessors["meta"].run(list(lines))
    consumed = len(lines) - len(body_lines)
    # The meta extension stops quietly at the first line it cannot read; insist that it stopped at the fence.
    if consumed < 2 or lines[consumed - 1].strip() != "---":
        raise ContentError(
            "front matter must end with a --- line; every line before it is `key: value` or an indented continuation"
        )
    raw = md.Meta
    unknown = sorted(raw.keys() - set(_KEYS))
    if unknown:
        raise ContentError(f"unknown front-matter keys {unknown}")
    missing = sorted(set(_KEYS) - raw.keys())
    if missing:
        raise ContentError(f"front matter lacks {missing}")
    meta: dict = {}
    for key in _SINGLE_KEYS:
        if len(raw[key]) != 1:
            raise ContentError(f"{key} must be a single line")
        meta[key] = raw[key][0]
    if raw["sources"][0]:
        raise ContentError("sources must be a list of indented '- ' lines")
    items = raw["sources"][1:]
    if not items or not all(item.startswith("- ") and item[2:].strip() for item in items):
        raise ContentError("sources must be a list of indented '- ' lines")
    meta["sources"] = [item[2:].strip() for item in items]
    for key in ("title", "summary", "sources_checked_by"):
        if not meta[key]:
            raise ContentError(f"{key} must not be empty")
    meta["sources_checked_on"] = _iso_date("sources_checked_on", meta["sources_checked_on"])
    meta["clinical_signoff"] = _signoff(meta["clinical_signoff"])
    return meta, "\n".join(body_lines)


def _iso_date(key: str, value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ContentError(f"{key} must be a date written YYYY-MM-DD, not {value!r}") from None


def _signoff(value: str) -> ClinicalSignoff | None:
    """Empty until a clinician signs; then `YYYY-MM-DD, name and role`."""
    if not value:
        return None
    date, _sep, signed_by = value.partition(",")
    if not signed_by.strip():
        raise ContentError("clinical_signoff must be empty, or 'YYYY-MM-DD, name and role of the clinician'")
    return ClinicalSignoff(signed_on=_iso_date("clinical_signoff", date.strip()), signed_by=signed_by.strip())


def _check_placeholders(html: str) -> None:
    unknown = sorted({match["name"] for match in _PLACEHOLDER.finditer(html)} - PLACEHOLDERS.keys())
    if unknown:
        raise ContentError(f"unknown placeholders {unknown}; known: {sorted(PLACEHOLDERS)}")
    unknown = sorted({match["name"] for match in _BLOCK.finditer(html)} - BLOCKS)
    if unknown:
        raise ContentError(f"unknown blocks {unknown}; known: {sorted(BLOCKS)}")


def _content_path(slug: str, language: str) -> Path:
    if language == DEFAULT_LANGUAGE:
        return CONTENT_DIR / f"{slug}.md"
    return CONTENT_DIR / language / f"{slug}.md"


def _known_language(language: str | None) -> str:
    code = (language or DEFAULT_LANGUAGE).split("-")[0].lower()
    return code if code in {code for code, _name in settings.LANGUAGES} else DEFAULT_LANGUAGE


@lru_cache(maxsize=64)
def _load(slug: str, language: str) -> Page:
    path = _content_path(slug, language)
    if language != DEFAULT_LANGUAGE and not path.is_file():
        return _load(slug, DEFAULT_LANGUAGE)
    meta, body = parse_front_matter(path.read_text(encoding="utf-8"))
    with translation.override(language):
        html = render_markdown(body)
    _check_placeholders(html)
    outline = _Outline()
    outline.feed(html)
    outline.close()
    return Page(
        slug=slug,
        title=meta["title"],
        summary=meta["summary"],
        html=html,
        anchors=frozenset(outline.ids),
        sources=tuple(meta["sources"]),
        sources_checked_on=meta["sources_checked_on"],
        sources_checked_by=meta["sources_checked_by"],
        clinical_signoff=meta["clinical_signoff"],
        sections=tuple(outline.sections),
        language=language,
    )


def get_page(slug: str, language: str | None = None) -> Page | None:
    """The page for a whitelisted slug in the active (or given) language, or None for anything else."""
    if slug not in SLUGS:
        return None
    return _load(slug, _known_language(language or translation.get_language()))


def all_pages(language: str | None = None) -> list[Page]:
    """Every page, in reading order."""
    return [get_page(slug, language) for slug in SLUGS]
