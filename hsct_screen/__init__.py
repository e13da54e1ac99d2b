"""HSCT Screen: a self-screening questionnaire about stem cell transplantation for MS."""
