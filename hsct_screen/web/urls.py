"""URLs of the edge layer: the language switch."""

from django.urls import path

from hsct_screen.web import language

app_name = "web"
urlpatterns = [
    path("language/<str:code>/", language.switch, name="language"),
]
