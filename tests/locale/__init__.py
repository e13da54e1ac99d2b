"""Tests of the message catalogues under locale/."""
