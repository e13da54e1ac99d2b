"""Learn-more pages (placeholder until the content lands)."""

from django.http import Http404, HttpResponse


def index(request):
    return HttpResponse("")


def page(request, slug):
    raise Http404
