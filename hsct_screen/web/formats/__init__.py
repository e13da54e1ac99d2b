"""Date formats per language (FORMAT_MODULE_PATH): templates write `|date:"DATE_FORMAT"` and Django picks the
active language's. Formats not set here are Django's own for that language."""
