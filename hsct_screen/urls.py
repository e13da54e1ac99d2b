"""Root URL map: each app brings its own urls module."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("hsct_screen.questionnaire.urls")),
    path("api/v1/", include("hsct_screen.questionnaire.api_urls")),
    path("learn/", include("hsct_screen.learn.urls")),
    path("", include("hsct_screen.web.urls")),
    path("staff/", include("hsct_screen.staff.urls")),
    path("admin/", admin.site.urls),
]

# A database fault raised outside a view (a session saved by middleware) is still a 503 page, not a 500.
handler500 = "hsct_screen.web.views.server_error"
