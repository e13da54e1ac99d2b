"""Browser-test harness: Debian's Chromium driven by Playwright against pytest-django's live server.

Every test here gets the `browser` mark. Locally the folder is skipped when /usr/bin/chromium is missing
(`make browser-deps` installs it); in CI (the CI variable is set) a missing Chromium is a failure instead.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.journey import PHONE

# Playwright's sync API runs an asyncio loop in this thread; Django would otherwise refuse ORM calls here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).resolve().parent


def in_ci() -> bool:
    return bool(os.environ.get("CI"))


def pytest_collection_modifyitems(config, items):
    # This hook sees the whole session, so only touch the tests in this folder.
    skip = None
    if not CHROMIUM.exists() and not in_ci():
        skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing; install it with `make browser-deps`")
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)
            # WhiteNoise looks for collected files too; the live server serves them from the app folders instead.
            item.add_marker(pytest.mark.filterwarnings("ignore:No directory at:UserWarning"))
            if skip is not None:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not CHROMIUM.exists():
        pytest.fail(f"CI is set but {CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # The test database exists (django_db_setup) before Playwright starts, so its saved seed rows can be carried over.
    seeds = {
        connection.alias: connection._test_serialized_contents
        for connection in connections.all()
        if hasattr(connection, "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        # From here Playwright's event loop runs in this thread, and asgiref then gives Django new connection
        # objects (per async context). Without the saved seed rows on them, serialized rollback would restore
        # nothing, and the default criteria would be gone after the first browser test.
        for alias, seed in seeds.items():
            connections[alias]._test_serialized_contents = seed
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def _new_context(browser, live_server, offsite, **options):
    context = browser.new_context(**options)
    context.set_default_timeout(10_000)
    allowed = urlsplit(live_server.url).netloc

    def guard(route):
        parts = urlsplit(route.request.url)
        if parts.scheme in {"http", "https", "ws", "wss"} and parts.netloc != allowed:
            offsite.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", guard)
    return context


@pytest.fixture
def offsite_requests():
    """Requests a page tried to make to anywhere but the live server; they are blocked, and the test fails."""
    requests = []
    yield requests
    assert not requests, f"pages tried to reach other hosts (blocked): {sorted(set(requests))}"


@pytest.fixture
def csp_errors():
    """Console messages where Chromium refused something under our Content Security Policy."""
    errors = []
    yield errors
    assert not errors, f"Content Security Policy violations: {errors}"


def _watch_console(page, csp_errors):
    def on_console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            csp_errors.append(f"{page.url}: {message.text}")

    page.on("console", on_console)


@pytest.fixture
def make_page(browser, live_server, offsite_requests, csp_errors):
    """Open a new page in a fresh context (its own cookies); pass Playwright context options to change it."""
    contexts = []

    def make(**options):
        options.setdefault("viewport", PHONE)
        context = _new_context(browser, live_server, offsite_requests, **options)
        contexts.append(context)
        page = context.new_page()
        _watch_console(page, csp_errors)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(make_page):
    """A phone-sized page with JavaScript on."""
    return make_page()


@pytest.fixture
def url(browser, live_server):
    """Turn a site path into a full URL on the live server."""

    def build(path: str) -> str:
        return live_server.url + path

    return build
