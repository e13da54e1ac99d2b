"""Learn-more pages: Markdown files in the repo, rendered and sanitised, served by slug from a whitelist.

Each page is `content/<slug>.md` (English) with a small front-matter block; a translation lives in
`content/<language>/<slug>.md` and is used when that language is active, falling back to English.
"""

import datetime
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import markdown
import nh3
from django.conf import settings
from django.utils import translation
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
class Page:
    slug: str
    title: str
    summary: str = ""
    html: str = ""
    anchors: frozenset[str] = field(default_factory=frozenset)
    sources: tuple[str, ...] = ()
    last_reviewed: str = ""
    # (id, heading text) of each h2, for the page's contents list.
    sections: tuple[tuple[str, str], ...] = ()
    # The language the body is written in; differs from the active language when a translation is missing.
    language: str = DEFAULT_LANGUAGE

    @property
    def last_reviewed_date(self) -> datetime.date | None:
        try:
            return datetime.date.fromisoformat(self.last_reviewed)
        except ValueError:
            return None


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


_FRONT_MATTER = re.compile(r"\A---\n(?P<meta>.*?)\n---\n(?P<body>.*)\Z", re.DOTALL)
_LIST_KEYS = {"sources"}
_REQUIRED_KEYS = {"title", "summary", "last_reviewed", "sources"}


def parse_front_matter(text: str) -> tuple[dict, str]:
    """Split `---`-fenced `key: value` lines (and `  - item` lists) from the Markdown body."""
    match = _FRONT_MATTER.match(text.replace("\r\n", "\n"))
    if not match:
        raise ContentError("missing front matter")
    meta: dict = {}
    current_list: list | None = None
    for line in match["meta"].splitlines():
        if not line.strip():
            continue
        if line.startswith((" ", "\t")) and line.strip().startswith("- "):
            if current_list is None:
                raise ContentError(f"list item outside a list: {line!r}")
            current_list.append(line.strip()[2:].strip())
            continue
        key, sep, value = line.partition(":")
        key = key.strip()
        if not sep or not key or key in meta:
            raise ContentError(f"bad front-matter line: {line!r}")
        if key in _LIST_KEYS:
            if value.strip():
                raise ContentError(f"{key} must be a list of '  - ' lines")
            current_list = meta[key] = []
        else:
            current_list = None
            meta[key] = value.strip()
    missing = _REQUIRED_KEYS - meta.keys()
    if missing:
        raise ContentError(f"front matter lacks {sorted(missing)}")
    return meta, match["body"]


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
        last_reviewed=meta["last_reviewed"],
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
