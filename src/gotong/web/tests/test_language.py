"""Bahasa Indonesia first; English only when the person chooses it."""

from django.test import Client


def test_pages_speak_indonesian_even_when_the_browser_asks_for_english(db) -> None:
    response = Client().get("/masuk/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="id"' in response.content.decode()
    assert "Masuk ke Gotong" in response.content.decode()


def test_the_language_switch_turns_the_interface_to_english(db) -> None:
    client = Client()
    response = client.post("/bahasa/", {"language": "en", "next": "/masuk/"})
    assert response.status_code == 302
    page = client.get("/masuk/").content.decode()
    assert 'lang="en"' in page
    assert "Log in to Gotong" in page


def test_a_member_who_left_reads_left_not_log_out_in_english() -> None:
    from django.utils import translation

    from gotong.members.models import StatusAnggota

    with translation.override("en"):
        assert str(StatusAnggota.KELUAR.label) == "Left"
