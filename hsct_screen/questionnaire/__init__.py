"""The patient side: the questionnaire, its result, the JSON API and the `screen` command."""
