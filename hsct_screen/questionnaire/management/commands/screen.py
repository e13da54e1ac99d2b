"""`manage.py screen [FILE|-] [--date YYYY-MM-DD] [--language CODE]`: evaluate answers JSON, print the result JSON.

`--language` (default: settings.LANGUAGE_CODE, English) chooses the language of the titles, explanations
and error messages; keys and values stay the contract's English codes.
"""

import json
import re
import sys
from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from hsct_screen.criteria import translations
from hsct_screen.criteria.selectors import NoPublishedCriteria
from hsct_screen.criteria.services import evaluate_answers
from hsct_screen.questionnaire.answers import NON_FIELD, InvalidAnswers, validate_answers

EXIT_INVALID = 2
DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class Command(BaseCommand):
    help = (
        "Read screening answers as JSON from FILE or standard input and print the result as JSON. "
        'Stores nothing. Exit status 2 and {"errors": {...}} on standard output for bad input.'
    )
    # Tests pass a text stream here instead of replacing sys.stdin.
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default="-", help="answers JSON file; '-' or nothing for standard input")
        parser.add_argument("--date", help="evaluation date as YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--language",
            choices=translations.languages(),
            default=translations.default_language(),
            help="language of the titles, explanations and messages (default: %(default)s)",
        )

    def handle(self, *args, **options):
        with translation.override(options["language"]):
            self.screen(options)

    def screen(self, options):
        try:
            on = self.evaluation_date(options["date"])
            data = self.read_answers(options["file"], options.get("stdin") or sys.stdin)
            answers = validate_answers(data, today=on)
            result, _criteria_set = evaluate_answers(answers, on=on, language=options["language"])
        except InvalidAnswers as invalid:
            self.print_json({"errors": invalid.errors})
            sys.exit(EXIT_INVALID)
        except NoPublishedCriteria:
            self.stderr.write(str(_("No criteria set is published, so nothing can be evaluated.")))
            sys.exit(1)
        self.print_json(result.as_dict())

    def print_json(self, data):
        self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))

    @staticmethod
    def evaluation_date(text: str | None) -> date:
        if text is None:
            return timezone.localdate()
        try:
            if not DATE_PATTERN.fullmatch(text):
                raise ValueError(text)
            return date.fromisoformat(text)
        except ValueError:
            raise InvalidAnswers(
                {"date": [str(_("“%(value)s” is not a date. Use YYYY-MM-DD, like 2025-03-31.") % {"value": text[:40]})]}
            ) from None

    @staticmethod
    def read_answers(path: str, stdin):
        try:
            if path == "-":
                text = stdin.read()
            else:
                with open(path, encoding="utf-8-sig") as file:
                    text = file.read()
        except (OSError, UnicodeDecodeError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(_("not UTF-8 text"))
            raise InvalidAnswers(
                {"file": [str(_("Could not read “%(path)s”: %(reason)s.") % {"path": path, "reason": reason})]}
            ) from None
        try:
            return json.loads(text)
        except (ValueError, RecursionError):
            raise InvalidAnswers(
                {NON_FIELD: [str(_("The input is not valid JSON. Give the answers as a JSON object."))]}
            ) from None
