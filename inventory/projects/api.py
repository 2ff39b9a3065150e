"""A read-only JSON API of the public projects: a page at a time, with the list's
filters (the same FilterSet) and the JSON export's fields.

``?status=ongoing&page=2&page_size=50`` answers ``{"count", "next", "previous",
"results"}``, the next and previous pages as absolute addresses that keep the
filters. Unlike the list, which leaves out a filter it cannot use, the API says so:
a filter, page or page size that is not valid is a 400, a page past the last a 404,
both with a JSON error in the request's language. Anyone may read it from any
website (CORS), and the page cache keeps each answer like a page.
"""

from django import forms
from django.core.paginator import EmptyPage, Paginator
from django.utils.translation import gettext as _

from inventory.conf import setting
from inventory.projects import opendata
from inventory.projects.views import filtered_projects, public_json


class PagingForm(forms.Form):
    page = forms.IntegerField(min_value=1, required=False)

    def __init__(self, *args, max_page_size, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["page_size"] = forms.IntegerField(
            min_value=1, max_value=max_page_size, required=False
        )


def _error(message, status, errors=None):
    data = {"error": message}
    if errors:
        data["errors"] = errors
    return public_json(data, status=status)


def project_page(request, page):
    """One page of the live projects that match the filters in the query string."""
    filterset = filtered_projects(page, request.GET, request)
    paging = PagingForm(request.GET, max_page_size=setting("API_MAX_PAGE_SIZE"))
    errors = {**filterset.form.errors.get_json_data(), **paging.errors.get_json_data()}
    if errors:
        return _error(
            _("The request is not valid: see the errors for each parameter."),
            400,
            {
                name: [error["message"] for error in field_errors]
                for name, field_errors in errors.items()
            },
        )
    number = paging.cleaned_data["page"] or 1
    size = paging.cleaned_data["page_size"] or page.per_page
    paginator = Paginator(filterset.qs, size)
    try:
        page_obj = paginator.page(number)
    except EmptyPage:
        return _error(
            _("There is no page %(number)s: the last page is %(last)s.")
            % {"number": number, "last": paginator.num_pages},
            404,
        )
    base = page.get_full_url(request) + page.reverse_subpage("api")

    def address(number):
        query = request.GET.copy()
        query.pop("page", None)
        if number > 1:
            query["page"] = number
        return f"{base}?{query.urlencode()}" if query else base

    return public_json(
        {
            "count": paginator.count,
            "next": address(number + 1) if page_obj.has_next() else None,
            "previous": address(number - 1) if page_obj.has_previous() else None,
            "results": list(
                opendata.records(
                    page_obj.object_list, page.project_urls(request, full=True)
                )
            ),
        }
    )
