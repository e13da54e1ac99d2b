"""Spanish dates: 24 de noviembre de 2026 (pages), 24 nov 2026 (tables and hints), 24 nov 2026, 14:05 (staff)."""

DATE_FORMAT = r"j \d\e F \d\e Y"
SHORT_DATE_FORMAT = "j b Y"
SHORT_DATETIME_FORMAT = "j b Y, H:i"
