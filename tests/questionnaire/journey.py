"""Helpers that walk the web questionnaire like a person would (used by the questionnaire web tests)."""

from django.urls import resolve, reverse

from hsct_screen.questionnaire import steps
from hsct_screen.questionnaire.answers import NONE_OF_THESE


def start(client) -> str:
    """Press "Start now" and return the new draft's token."""
    response = client.post(reverse("questionnaire:start"))
    assert response.status_code == 302
    return resolve(response["Location"]).kwargs["token"]


def step_url(token: str, slug: str, *, change: bool = False) -> str:
    url = reverse("questionnaire:step", args=[token, slug])
    return f"{url}?change=1" if change else url


def check_url(token: str) -> str:
    return reverse("questionnaire:check", args=[token])


def post_data(step: steps.Step, answers: dict) -> dict:
    """The form data a browser sends for one page, given the answers to pick."""
    data = {}
    for key in step.keys:
        if key not in answers:
            continue
        value = answers[key]
        if value == []:
            # No condition: the person ticks "None of these", as the page asks.
            value = [NONE_OF_THESE]
        data[key] = value if isinstance(value, list) else str(value)
    return data


def answer_step(client, token: str, slug: str, answers: dict, *, change: bool = False):
    return client.post(step_url(token, slug, change=change), post_data(steps.get_step(slug), answers))


def answer_all(client, answers: dict, token: str | None = None) -> str:
    """Answer every page that applies, following the redirects, until the check page; return the token."""
    token = token or start(client)
    url = step_url(token, steps.FIRST_STEP.slug)
    for _page in range(len(steps.STEPS) + 1):
        match = resolve(url.split("?")[0])
        if match.url_name == "check":
            return token
        response = answer_step(client, token, match.kwargs["step_slug"], answers)
        assert response.status_code == 302, response.content.decode()[:2000]
        url = response["Location"]
    raise AssertionError("the questionnaire never reached the check page")


def submit(client, token: str):
    return client.post(check_url(token))


def finish(client, answers: dict) -> str:
    """Answer everything, submit, and return the reference code."""
    token = answer_all(client, answers)
    response = submit(client, token)
    assert response.status_code == 302
    return resolve(response["Location"]).kwargs["reference_code"]
