"""The screening criteria: stored in the database, edited by admins, handed to the rules engine."""
