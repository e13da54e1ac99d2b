"""The clinic staff workspace: review submitted screenings and follow up people who asked."""
