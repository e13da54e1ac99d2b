"""English dates: 24 November 2026 (pages), 24 Nov 2026 (tables and hints), 24 Nov 2026, 14:05 (staff)."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
