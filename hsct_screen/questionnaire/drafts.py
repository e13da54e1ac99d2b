"""Unfinished questionnaires kept in the person's own session, one draft per random token.

Nothing is written to the database until the person submits; a draft holds only the
answers given so far. Each "Start now" makes a new token, so two tabs started
separately never share answers, and nobody else's session can see them.
"""

import hashlib
import secrets
from dataclasses import dataclass, field
from typing import Any

from hsct_screen.questionnaire.models import new_link_token

SESSION_KEY = "questionnaire"
# Enough for a few tabs and restarts; the oldest are dropped so a session never grows without limit.
MAX_DRAFTS = 10
MAX_OWNED_SUBMISSIONS = 20


@dataclass
class Draft:
    token: str
    answers: dict[str, Any] = field(default_factory=dict)
    # The reference code once submitted: the draft's pages then lead to the result.
    reference_code: str | None = None
    # Stored with the submission under a unique constraint, so the draft is stored at most once.
    submission_key: str = ""
    # The private link's token, made at the start like the key, so parallel submits all end with the same link.
    link_token: str = ""

    @property
    def is_finished(self) -> bool:
        return self.reference_code is not None


def _store(session, *, create: bool = False) -> dict | None:
    store = session.get(SESSION_KEY)
    if store is None and create:
        store = {"drafts": {}, "submissions": []}
        session[SESSION_KEY] = store
    return store


def draft_start(session) -> Draft:
    """A new, empty draft with a fresh unguessable token."""
    store = _store(session, create=True)
    drafts = store["drafts"]
    token = secrets.token_urlsafe(16)
    drafts[token] = {
        "answers": {},
        "reference_code": None,
        "submission_key": secrets.token_urlsafe(32),
        "link_token": new_link_token(),
    }
    # dicts keep insertion order, so the first keys are the oldest drafts.
    for old in list(drafts)[:-MAX_DRAFTS]:
        del drafts[old]
    session.modified = True
    return Draft(token=token)


def draft_get(session, token: str) -> Draft | None:
    """The draft with this token in this session, or None (another person's token finds nothing)."""
    store = _store(session)
    if not store or not isinstance(token, str):
        return None
    data = store["drafts"].get(token)
    if data is None:
        return None
    return Draft(
        token=token,
        answers=dict(data["answers"]),
        reference_code=data["reference_code"],
        submission_key=data.get("submission_key") or _key_of_older_draft(token),
        link_token=data.get("link_token", ""),
    )


def _key_of_older_draft(token: str) -> str:
    """Drafts started before submission keys existed: a key derived from the token, the same on every request."""
    return hashlib.sha256(f"draft:{token}".encode()).hexdigest()


def draft_save_answers(session, draft: Draft, answers: dict[str, Any]) -> Draft:
    """Replace the draft's answers (already cleaned by the step's form)."""
    store = _store(session, create=True)
    store["drafts"][draft.token] = {
        "answers": dict(answers),
        "reference_code": draft.reference_code,
        "submission_key": draft.submission_key,
        "link_token": draft.link_token,
    }
    session.modified = True
    return Draft(
        token=draft.token,
        answers=dict(answers),
        reference_code=draft.reference_code,
        submission_key=draft.submission_key,
        link_token=draft.link_token,
    )


def draft_finish(session, draft: Draft, reference_code: str, link_token: str | None = None) -> None:
    """Mark the draft submitted and remember that this browser owns the submission (and its private link).

    The answers are dropped from the session: they now live in the submission.
    """
    store = _store(session, create=True)
    store["drafts"][draft.token] = {
        "answers": {},
        "reference_code": reference_code,
        "submission_key": draft.submission_key,
    }
    owned = [code for code in store["submissions"] if code != reference_code]
    owned.append(reference_code)
    store["submissions"] = owned[-MAX_OWNED_SUBMISSIONS:]
    if link_token:
        links = store.setdefault("links", {})
        links[reference_code] = link_token
        for old in [code for code in links if code not in store["submissions"]]:
            del links[old]
    session.modified = True


def link_token_of(session, reference_code: str) -> str | None:
    """The private link token of a submission this session made, if it has one."""
    store = _store(session)
    return (store or {}).get("links", {}).get(reference_code)


RETRY_KEY = "questionnaire_retry"


def form_retry_keep(session, name: str, data: dict[str, str]) -> None:
    """Keep what was typed into a form that had errors, for the page shown after the redirect (post/redirect/get)."""
    session[RETRY_KEY] = {"name": name, "data": data}


def form_retry_take(session) -> tuple[str | None, dict[str, str] | None]:
    """(form name, what was typed) of a form that had errors, once: it leaves the session as it is read."""
    kept = session.pop(RETRY_KEY, None)
    if not kept:
        return None, None
    return kept.get("name"), kept.get("data")


def owns_submission(session, reference_code: str) -> bool:
    """Whether this session made the submission with this reference code."""
    store = _store(session)
    return bool(store) and reference_code in store["submissions"]
