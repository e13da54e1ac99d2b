"""The clinical trials of HSCT for MS that the learn pages name, with their registry numbers and recruitment status.

The trials table on the "Where HSCT is offered, and clinical trials" page is written out in Markdown; a test keeps it
equal to this data, so a status or date cannot change in one place and not the other. Every status carries the
date someone checked it, and what it was checked against.
"""

import datetime
from dataclasses import dataclass

# The trial statuses of the screening contract (version 2), as far as these trials use them.
RECRUITING = "recruiting"
ACTIVE_NOT_RECRUITING = "active_not_recruiting"
CLOSED = "closed"
STATUSES = (RECRUITING, "not_yet_recruiting", ACTIVE_NOT_RECRUITING, CLOSED)


@dataclass(frozen=True)
class Trial:
    name: str
    registry_id: str
    countries: tuple[str, ...]
    compared_with: str
    status: str
    # The words patients read in the table's status column.
    status_text: str
    status_checked_on: datetime.date
    # What the status was checked against: a registry record or a charity's page, with its own date where known.
    status_source: str

    @property
    def takes_new_patients(self) -> bool:
        return self.status == RECRUITING


CHECKED_ON = datetime.date(2026, 11, 24)

TRIALS = (
    Trial(
        name="BEAT-MS",
        registry_id="NCT04047628",
        countries=("United States", "United Kingdom"),
        compared_with="the best available MS medicine",
        status=RECRUITING,
        status_text=(
            "Listed as recruiting in its registry record of 26 January 2024. "
            "Its current status is not confirmed: check the registry."
        ),
        status_checked_on=CHECKED_ON,
        status_source="ClinicalTrials.gov record NCT04047628, version of 26 January 2024 (stored copy)",
    ),
    Trial(
        name="StarMS",
        registry_id="ISRCTN88667898",
        countries=("United Kingdom",),
        compared_with="alemtuzumab, ocrelizumab, ofatumumab or cladribine",
        status=CLOSED,
        status_text=("Closed. It finished taking new patients in November 2024. Results are expected in July 2027."),
        status_checked_on=CHECKED_ON,
        status_source="MS Trust, StarMS trial page (stored copy)",
    ),
    Trial(
        name="RAM-MS",
        registry_id="NCT03477500",
        countries=("Denmark", "Netherlands", "Norway", "Sweden"),
        compared_with="alemtuzumab, cladribine or ocrelizumab",
        status=ACTIVE_NOT_RECRUITING,
        status_text="Active, not recruiting: the trial goes on, but takes no new patients (record updated 24 June 2025).",
        status_checked_on=CHECKED_ON,
        status_source="CenterWatch listing of NCT03477500, updated 24 June 2025 (stored copy)",
    ),
)
