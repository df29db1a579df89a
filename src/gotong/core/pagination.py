"""Pagination that never counts more rows than a person can use."""

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator

COUNT_LIMIT = 1000


class BoundedPaginator(Paginator):
    """Counts at most ``COUNT_LIMIT + 1`` rows: a search for a common name in a large
    koperasi must not read every match just to print the total. ``bounded`` tells the
    template to show "lebih dari 1.000" and ask for a narrower search."""

    @cached_property
    def count(self) -> int:
        rows: Any = self.object_list  # a QuerySet: slice, then COUNT in the database
        return int(rows[: COUNT_LIMIT + 1].count())

    @property
    def bounded(self) -> bool:
        return self.count > COUNT_LIMIT
