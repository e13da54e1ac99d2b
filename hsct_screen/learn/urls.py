"""URLs of the learn-more pages."""

from django.urls import path

from hsct_screen.learn import views

app_name = "learn"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.page, name="page"),
]
