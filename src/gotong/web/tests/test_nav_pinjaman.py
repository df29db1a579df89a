"""The menu leads staff to the loans and members to their own loans; the public start page
leads to each koperasi's loan simulator."""

from typing import Any

from conftest import login


def test_staff_menu_has_pinjaman(as_ani: Any) -> None:
    page = as_ani.get("/k/maju-bersama/").content.decode()
    assert 'href="/k/maju-bersama/pinjaman/"' in page
    assert 'href="/k/maju-bersama/pinjaman/saya/"' not in page


def test_member_menu_has_pinjaman_saya(citra: Any) -> None:
    page = login(citra).get("/k/maju-bersama/saya/").content.decode()
    assert 'href="/k/maju-bersama/pinjaman/saya/"' in page
    assert 'href="/k/maju-bersama/pinjaman/"' not in page


def test_public_start_page_links_the_simulator(maju: Any, client: Any) -> None:
    page = client.get("/").content.decode()
    assert 'href="/k/maju-bersama/simulasi-pinjaman/"' in page
