"""Pagination that never counts more rows than a person can use."""

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator

# Ten pages of 25: past that a person narrows the search rather than paging on.
COUNT_LIMIT = 250


class BoundedPaginator(Paginator):
    """Counts at most ``COUNT_LIMIT + 1`` rows: a search for a common name in a large
    koperasi must not read every match just to print the total. ``bounded`` tells the
    template to show "lebih dari 250" and ask for a narrower search."""

    @cached_property
    def count(self) -> int:
        rows: Any = self.object_list  # a QuerySet: unordered slice, then COUNT in the database
        return int(rows.order_by()[: COUNT_LIMIT + 1].count())

    @property
    def limit(self) -> int:
        return COUNT_LIMIT

    @property
    def bounded(self) -> bool:
        return self.count > COUNT_LIMIT
