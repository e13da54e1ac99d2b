"""The project's 500 handler: a database fault outside any view (session save, middleware) is still a 503."""

import sys

from django.http import HttpResponseServerError
from django.template.loader import render_to_string

from hsct_screen.web import faults, responses


def server_error(request, template_name="500.html"):
    error = sys.exc_info()[1]
    if isinstance(error, faults.UNAVAILABLE):
        faults.log_unavailable(error, "middleware")
        return responses.service_unavailable(request)
    # As Django's own handler: no context processors (they may be what failed); the request only for the
    # language switch's way back.
    return HttpResponseServerError(render_to_string(template_name, {"request": request}))
