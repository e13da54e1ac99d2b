"""Build helpers run by hand (make css); their output is committed."""
