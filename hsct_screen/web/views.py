"""The project's 500 handler: a database fault outside any view (session save, middleware) is still a 503."""

import sys

from django.views.defaults import server_error as django_server_error

from hsct_screen.web import faults, responses


def server_error(request, template_name="500.html"):
    error = sys.exc_info()[1]
    if isinstance(error, faults.UNAVAILABLE):
        faults.log_unavailable(error, "middleware")
        return responses.service_unavailable(request)
    return django_server_error(request, template_name=template_name)
