"""Learn-more pages: an index of every page and one page by slug."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from hsct_screen.criteria.selectors import listed_trials
from hsct_screen.learn import content
from hsct_screen.learn.selectors import clinic_info
from hsct_screen.web import page_cache
from hsct_screen.web.faults import unless_unavailable

# Pages where the clinic's own contact details belong: asking for a referral, and asking about your data.
CLINIC_PAGES = frozenset({"where-and-trials", "privacy"})


@require_safe
def index(request):
    return render(request, "learn/index.html", {"pages": content.all_pages()})


@require_safe
def page(request, slug):
    # content.get_page, not an imported name: a test that stands in for the pages patches the module, and must not
    # leave its stand-in bound here when this module happens to be imported first during that test.
    learn_page = content.get_page(slug)
    if learn_page is None:
        raise Http404
    show_clinic = slug in CLINIC_PAGES
    show_trials = "trial-table" in learn_page.blocks
    context = {
        "page": learn_page,
        # The only database read on a learn page: without it the page gives the general advice instead.
        "clinic": unless_unavailable(clinic_info) if show_clinic else None,
        "show_clinic": show_clinic,
        # Read only for a page that shows the trials table, in one query however many trials are listed.
        "trials": listed_trials(timezone.localdate()) if show_trials else None,
    }
    if show_clinic or show_trials:
        # What the database holds can change at any moment (an edit in admin shows at once): rendered every time.
        return render(request, "learn/page.html", context)
    return page_cache.render_shared(request, "learn/page.html", context)
