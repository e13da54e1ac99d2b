"""The strict environment helpers of hsct_screen.env: a bad value stops the app with the variable's name."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from hsct_screen.env import env_rate


@pytest.mark.parametrize("rate", ["60/m", "5/10m", "1/s", "1000/d"])
def test_a_rate_limit_reads_count_per_period(monkeypatch, rate):
    monkeypatch.setenv("RATELIMIT_API", rate)

    assert env_rate("RATELIMIT_API", "60/m") == rate


def test_a_missing_rate_limit_is_the_default(monkeypatch):
    monkeypatch.delenv("RATELIMIT_API", raising=False)

    assert env_rate("RATELIMIT_API", "60/m") == "60/m"


@pytest.mark.parametrize("rate", ["60", "sixty/m", "60/minute", "0/m", "-1/m", "60/m/h"])
def test_a_malformed_rate_limit_stops_the_app_naming_the_variable(monkeypatch, rate):
    monkeypatch.setenv("RATELIMIT_API", rate)

    with pytest.raises(ImproperlyConfigured, match="RATELIMIT_API"):
        env_rate("RATELIMIT_API", "60/m")
