"""Root URL map: each app brings its own urls module."""

from django.contrib import admin
from django.urls import include, path

# Django tries these in order on every request, and an include mounted at "" tries each of its patterns in turn.
# The API and the learn pages come first: their fixed prefixes are told apart at once, whereas behind the
# questionnaire's eleven patterns they paid for trying all of them. No questionnaire address starts with "api/v1/"
# or "learn/", so each address still resolves to the same view (tests/web/test_urls.py).
urlpatterns = [
    path("api/v1/", include("hsct_screen.questionnaire.api_urls")),
    path("learn/", include("hsct_screen.learn.urls")),
    path("", include("hsct_screen.questionnaire.urls")),
    path("", include("hsct_screen.web.urls")),
    path("staff/", include("hsct_screen.staff.urls")),
    path("admin/", admin.site.urls),
]

# A database fault raised outside a view (a session saved by middleware) is still a 503 page, not a 500.
handler500 = "hsct_screen.web.views.server_error"
