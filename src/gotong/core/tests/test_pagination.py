"""A search page counts at most COUNT_LIMIT matches and says so."""

import pytest

from gotong.core import pagination
from gotong.members.models import Anggota
from gotong.members.tests.helpers import make_anggota


@pytest.mark.django_db
def test_a_search_count_stops_at_the_limit_and_is_marked_bounded(maju, monkeypatch) -> None:
    for i in range(5):
        make_anggota(maju, nama=f"Sari Lestari {i}")
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 3)
    paginator = pagination.BoundedPaginator(Anggota.objects.order_by("id"), 2)
    assert paginator.count == 4  # limit + 1: enough to know there are more
    assert paginator.bounded
    assert len(list(paginator.get_page(1))) == 2


@pytest.mark.django_db
def test_a_count_under_the_limit_is_exact(maju) -> None:
    for i in range(3):
        make_anggota(maju, nama=f"Budi {i}")
    paginator = pagination.BoundedPaginator(Anggota.objects.order_by("id"), 2)
    assert paginator.count == 3
    assert not paginator.bounded


@pytest.mark.django_db
def test_the_register_says_to_narrow_a_search_with_too_many_matches(maju, as_ani, monkeypatch) -> None:
    for i in range(4):
        make_anggota(maju, nama=f"Sari {i}")
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 2)
    page = as_ani.get("/k/maju-bersama/anggota/?q=sari").content.decode()
    assert "Lebih dari 2 anggota cocok" in page
