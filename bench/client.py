"""One small HTTP interface for the bench, with two transports: a real socket and Django's test client.

Everything that drives a page (getting a session, a CSRF token, the answer form to post, the staff
cookie, the first-visit weight) takes a `Fetch`, so the smoke tests run the same code in process.
Bodies are kept as they came on the wire: compressed when the server compressed them.
"""

import gzip
import http.client
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from bench.config import HOST

FORM_TYPE = "application/x-www-form-urlencoded"


@dataclass
class Response:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes  # as sent, before any Content-Encoding is undone
    cookies: dict[str, str] = field(default_factory=dict)  # what Set-Cookie set

    @property
    def location(self) -> str:
        """The redirect target as a path (Django may send a full URL)."""
        target = urlsplit(self.headers.get("location", ""))
        return target.path + (f"?{target.query}" if target.query else "")

    def text(self) -> str:
        return decode_body(self.body, self.headers.get("content-encoding", "")).decode("utf-8", "replace")


# fetch(method, path, headers, body) -> Response
Fetch = Callable[[str, str, Mapping[str, str], bytes | None], Response]


def decode_body(body: bytes, encoding: str) -> bytes:
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "deflate":
        return zlib.decompress(body)
    if encoding == "br":
        import brotli  # only there when the app serves brotli, which needs it installed

        return brotli.decompress(body)
    raise ValueError(f"unknown Content-Encoding {encoding!r}")


def _cookies(set_cookie_headers: list[str]) -> dict[str, str]:
    jar = SimpleCookie()
    for header in set_cookie_headers:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def socket_fetch(port: int, *, timeout: float = 30.0) -> Fetch:
    """Requests to 127.0.0.1:port, one connection each (gunicorn's sync workers close it anyway)."""

    def fetch(method: str, path: str, headers: Mapping[str, str] | None = None, body: bytes | None = None):
        connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
        try:
            # skip_accept_encoding: only the caller's Accept-Encoding, so "uncompressed" means uncompressed.
            connection.putrequest(method, path, skip_accept_encoding=True)
            for name, value in (headers or {}).items():
                connection.putheader(name, value)
            if body is not None:
                connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body)
            response = connection.getresponse()
            data = response.read()
            return Response(
                status=response.status,
                headers={name.lower(): value for name, value in response.getheaders() if name.lower() != "set-cookie"},
                body=data,
                cookies=_cookies(response.headers.get_all("Set-Cookie") or []),
            )
        finally:
            connection.close()

    return fetch


def client_fetch(client) -> Fetch:
    """The same interface over a `django.test.Client` (in process; used by the smoke tests and the profiler)."""

    def fetch(method: str, path: str, headers: Mapping[str, str] | None = None, body: bytes | None = None):
        headers = dict(headers or {})
        content_type = headers.pop("Content-Type", "application/octet-stream")
        response = client.generic(method, path, data=body or b"", content_type=content_type, headers=headers)
        # Not response.close(): that would send request_finished, which closes the test's database connection.
        data = b"".join(response.streaming_content) if response.streaming else response.content
        return Response(
            status=response.status_code,
            headers={name.lower(): value for name, value in response.headers.items()},
            body=data,
            cookies={name: morsel.value for name, morsel in response.cookies.items()},
        )

    return fetch


def cookie_header(cookies: Mapping[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


# --- forms ---------------------------------------------------------------------------------------------


class _FormParser(HTMLParser):
    """The first POST form whose action is `action` (or any, if None): its action and fields."""

    def __init__(self, action: str | None):
        super().__init__()
        self.wanted, self.action, self.fields, self.inside, self.done = action, None, [], False, False
        self.radios: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done and (attrs.get("method") or "get").lower() == "post":
            if self.wanted is None or attrs.get("action") == self.wanted:
                self.inside, self.action = True, attrs.get("action") or ""
        elif tag == "input" and self.inside and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind == "hidden":
                self.fields.append((attrs["name"], attrs.get("value") or ""))
            elif kind == "radio" and attrs["name"] not in self.radios:
                # The first choice of each group: always a valid answer.
                self.radios.add(attrs["name"])
                self.fields.append((attrs["name"], attrs.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside, self.done = False, True


@dataclass(frozen=True)
class Form:
    action: str
    fields: tuple[tuple[str, str], ...]

    def body(self) -> bytes:
        return urlencode(self.fields).encode()


def find_form(html: str, action: str | None = None) -> Form:
    parser = _FormParser(action)
    parser.feed(html)
    if parser.action is None:
        raise ValueError(f"no POST form{f' to {action}' if action else ''} on the page")
    return Form(action=parser.action, fields=tuple(parser.fields))


# --- the patient journey -------------------------------------------------------------------------------


class JourneyError(RuntimeError):
    """A page did not answer as a person's browser would expect; the bench measures nothing wrong."""


def expect(response: Response, status: int, what: str) -> Response:
    if response.status != status:
        raise JourneyError(f"{what}: expected HTTP {status}, got {response.status} {response.text()[:200]!r}")
    return response


@dataclass(frozen=True)
class PatientSession:
    """A browser that pressed "Start now": its cookies, its first question page and a valid answer to it."""

    cookies: dict[str, str]
    question_path: str
    answer: Form

    @property
    def cookie(self) -> str:
        return cookie_header(self.cookies)


def start_questionnaire(fetch: Fetch, start_path: str = "/") -> PatientSession:
    """GET the start page, POST its form with the CSRF token, and read the first question page."""
    start = expect(fetch("GET", start_path, {}, None), 200, f"GET {start_path}")
    cookies = dict(start.cookies)
    form = find_form(start.text())
    headers = {"Cookie": cookie_header(cookies), "Content-Type": FORM_TYPE}
    started = expect(fetch("POST", form.action or start_path, headers, form.body()), 302, "POST the start form")
    cookies.update(started.cookies)
    question_path = started.location
    question = expect(fetch("GET", question_path, {"Cookie": cookie_header(cookies)}, None), 200, "GET a question")
    cookies.update(question.cookies)
    answer = find_form(question.text())
    if not answer.action:
        answer = Form(action=question_path, fields=answer.fields)
    return PatientSession(cookies=cookies, question_path=question_path, answer=answer)


def answer_request(session: PatientSession) -> tuple[str, dict[str, str], bytes]:
    """The POST that saves the first question's answer: path, headers and body."""
    headers = {"Cookie": session.cookie, "Content-Type": FORM_TYPE}
    return session.answer.action, headers, session.answer.body()


def floor_requests(fetch: Fetch) -> dict[str, tuple[str, dict[str, str], bytes | None]]:
    """For Django's floor views (bench.bare): a session started as a browser would, then the requests to load.

    Returns name -> (path, headers, body): a page read with the session, a POST that saves it (with the CSRF
    token the page masked, as a form sends it), and the JSON body's path (the body is the caller's).
    """
    started = expect(fetch("GET", "/session/start/", {}, None), 200, "GET the floor's session start")
    cookies = dict(started.cookies)
    token = started.body.decode("ascii")
    cookie = cookie_header(cookies)
    page = expect(fetch("GET", "/session/", {"Cookie": cookie}, None), 200, "GET the floor's session page")
    cookies.update(page.cookies)
    cookie = cookie_header(cookies)
    save_body = urlencode({"csrfmiddlewaretoken": token, "step": "2"}).encode()
    return {
        "session": ("/session/", {"Cookie": cookie}, None),
        "save": ("/session/save/", {"Cookie": cookie, "Content-Type": FORM_TYPE}, save_body),
        "json": ("/json/", {"Content-Type": "application/json"}, None),
    }
