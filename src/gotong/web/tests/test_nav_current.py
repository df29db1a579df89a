"""The menu marks exactly one item as the current page."""

import re


def test_a_month_end_page_marks_akhir_bulan_not_the_counter(as_ani) -> None:
    page = as_ani.get("/k/maju-bersama/simpanan/akhir-bulan/").content.decode()
    current = re.findall(r'<a href="([^"]+)" aria-current="page">', page)
    assert current == ["/k/maju-bersama/simpanan/akhir-bulan/"]


def test_the_counter_page_marks_the_counter(as_ani) -> None:
    page = as_ani.get("/k/maju-bersama/simpanan/").content.decode()
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', page) == ["/k/maju-bersama/simpanan/"]


def test_the_dinas_menu_leads_to_trainings_and_mentoring(eka) -> None:
    from conftest import login

    page = login(eka).get("/dinas/pelatihan/").content.decode()
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', page) == ["/dinas/pelatihan/"]
    assert 'href="/dinas/pelatihan/pendampingan/"' in page
