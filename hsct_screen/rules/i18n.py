"""A marker for texts the rules declare in English and the Django side translates when it shows them.

The rules package may not import Django, so it cannot call gettext. `gettext_noop` returns its
argument unchanged; it carries the same name as Django's, which `makemessages` already passes to
xgettext as a keyword, so every label written as `gettext_noop("...")` here lands in the message
catalogue without extra options. Django code shows them with `gettext(label)` (see criteria.labels).
"""


def gettext_noop(message: str) -> str:
    return message
