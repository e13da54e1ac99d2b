"""Review status, assignee and notes for each submission."""
