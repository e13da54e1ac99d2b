"""URLs of the patient journey: start, question pages, check your answers, result and contact."""

from django.urls import path

from hsct_screen.questionnaire import views

app_name = "questionnaire"
urlpatterns = [
    path("", views.start, name="start"),
    path("screening/<slug:token>/check/", views.check, name="check"),
    path("screening/<slug:token>/<slug:step_slug>/", views.step, name="step"),
    path("result/<str:reference_code>/", views.result, name="result"),
    path("result/<str:reference_code>/contact/", views.contact, name="contact"),
    path("result/<str:reference_code>/contact/remove/", views.contact_remove, name="contact_remove"),
]
