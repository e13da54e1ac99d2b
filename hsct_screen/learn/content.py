"""Learn-more pages: Markdown files in the repo, rendered and sanitised, served by slug from a whitelist.

Interface (stub until the content lands): get_page(slug) -> Page | None; Page.anchors is the set of section ids.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    summary: str = ""
    html: str = ""
    anchors: frozenset[str] = field(default_factory=frozenset)
    sources: tuple[str, ...] = ()
    last_reviewed: str = ""


def get_page(slug: str) -> Page | None:
    return None
