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
    # The private link: the token is the only key, so anyone with the link (and no one else) can open it.
    path("r/<str:token>/", views.private_result, name="private_result"),
    path("r/<str:token>/contact/", views.private_contact, name="private_contact"),
    path("r/<str:token>/contact/remove/", views.private_contact_remove, name="private_contact_remove"),
    path("r/<str:token>/email/", views.private_email, name="private_email"),
    path("r/<str:token>/delete/", views.private_delete, name="private_delete"),
]
