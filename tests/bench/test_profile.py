"""The profiler's summary: self time grouped by area, and named costs found in a real pyinstrument tree."""

import pytest
from django.test import Client
from pyinstrument import Profiler

from bench import profile


@pytest.mark.parametrize(
    ("path", "area"),
    [
        (".venv/lib/python3.11/site-packages/django/template/base.py", "templates (Django engine)"),
        ("site-packages/psycopg/cursor.py", "psycopg and PostgreSQL round trips"),
        ("site-packages/django/core/handlers/base.py", "rest of Django (handlers, middleware, HTTP)"),
        ("/work/hsct_screen/rules/engine.py", "rules engine"),
        ("/usr/lib/python3.11/json/encoder.py", "json"),
        ("/usr/lib/python3.11/functools.py", "Python standard library and other"),
    ],
)
def test_self_time_is_grouped_by_where_the_code_lives(path, area):
    assert profile.area_of(path) == area


@pytest.mark.django_db
def test_a_profiled_page_shows_its_template_rendering_as_a_named_cost():
    # A page rendered on every request (the clinic's details): the start page is now kept whole after its first.
    browser = Client()
    browser.get("/learn/privacy/")
    profiler = Profiler(interval=0.0001)
    profiler.start()
    for _index in range(15):
        assert browser.get("/learn/privacy/").status_code == 200
    profiler.stop()
    found = profile.Profile.of(profiler.last_session.root_frame())
    total = found.request_time()
    assert total > 0
    costs = {cost.label: cost.seconds for cost in found.top_costs(count=len(profile.COST_CENTRES))}
    assert "rendering templates (whole)" in costs
    assert all(0 < seconds <= total * 1.001 for seconds in costs.values())
