"""Tests of the developer tools under tools/."""
