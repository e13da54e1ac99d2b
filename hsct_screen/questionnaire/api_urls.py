"""URLs of the JSON API, mounted at /api/v1/."""

from django.urls import path

from hsct_screen.questionnaire import api

app_name = "api"
urlpatterns = [
    path("evaluate", api.evaluate, name="evaluate"),
    path("openapi.json", api.openapi, name="openapi"),
]
