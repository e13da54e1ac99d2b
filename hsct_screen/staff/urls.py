"""URLs of the clinic staff workspace, under /staff/."""

from django.urls import path

from hsct_screen.staff import views

app_name = "staff"
urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("two-factor/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/recovery-codes/", views.two_factor_recovery_codes, name="two_factor_recovery"),
    path("", views.queue, name="queue"),
    path("bulk/", views.bulk_change, name="bulk"),
    path("export.csv", views.export_csv, name="export"),
    path("overview/", views.overview, name="overview"),
    path("audit/", views.audit, name="audit"),
    path("submissions/<str:reference_code>/", views.detail, name="detail"),
    path("submissions/<str:reference_code>/status/", views.change_status, name="status"),
    path("submissions/<str:reference_code>/assign/", views.assign, name="assign"),
    path("submissions/<str:reference_code>/notes/", views.add_note, name="note"),
    path("submissions/<str:reference_code>/delete/", views.erase, name="erase"),
]
