"""Navigation for the current scope: which koperasi, which roles, which menu."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gotong.ledger.roles import PEMBACA_BUKU
from gotong.tenancy.models import PEMBACA_AUDIT, PENGELOLA_ANGGOTA, PENGURUS, STAF, NamaPeran


def _menu(kode: str, roles: frozenset[str]) -> list[tuple[str, str]]:
    items: list[tuple[Any, str]] = [(_("Beranda"), reverse("web:dasbor", args=[kode]))]
    if roles & STAF:
        items.append((_("Anggota"), reverse("members:anggota_list", args=[kode])))
    if roles & (PENGURUS | {NamaPeran.MANAJER, NamaPeran.PENGAWAS}):
        items.append((_("Pendaftaran"), reverse("members:pendaftaran_list", args=[kode])))
    if roles & (PENGURUS | {NamaPeran.KASIR, NamaPeran.MANAJER}):
        items.append((_("Loket simpanan"), reverse("savings:loket", args=[kode])))
    if roles & STAF:
        items.append((_("Pinjaman"), reverse("loans:daftar", args=[kode])))
    if roles & (PENGURUS | {NamaPeran.MANAJER, NamaPeran.PENGAWAS}):  # savings.views_bulanan.MEMBACA
        items.append((_("Akhir bulan"), reverse("savings_bulanan:akhir_bulan", args=[kode])))
    if roles & STAF:
        items.append((_("Tunggakan wajib"), reverse("savings_bulanan:tunggakan", args=[kode])))
    if roles & PEMBACA_BUKU:
        items.append((_("Buku besar"), reverse("ledger:bagan", args=[kode])))
        items.append((_("Laporan keuangan"), reverse("reports:index", args=[kode])))
    if roles & (PENGURUS | {NamaPeran.MANAJER, NamaPeran.PENGAWAS, NamaPeran.KASIR}):  # shu.views.PEMBACA
        items.append((_("SHU"), reverse("shu:index", args=[kode])))
    if roles & PEMBACA_AUDIT:
        items.append((_("Jejak audit"), reverse("web:audit", args=[kode])))
    if roles & PENGELOLA_ANGGOTA:
        items.append((_("Laporan tahunan"), reverse("province_koperasi:laporan_tahunan", args=[kode])))
        items.append((_("Kesehatan"), reverse("province_koperasi:kesehatan_daftar", args=[kode])))
        items.append((_("Pesan"), reverse("web:pesan", args=[kode])))
        items.append((_("Pengaturan"), reverse("web:pengaturan", args=[kode])))
    if NamaPeran.ANGGOTA in roles:
        items.append((_("Keanggotaan saya"), reverse("members:saya", args=[kode])))
        items.append((_("Pinjaman saya"), reverse("loans:saya", args=[kode])))
        items.append((_("SHU saya"), reverse("shu:saya", args=[kode])))
    return [(str(label), url) for label, url in items]


def _current(path: str, menu: list[tuple[str, str]]) -> str:
    """The menu item a page belongs to: the longest menu URL that prefixes the path
    (``/simpanan/akhir-bulan/`` belongs to Akhir bulan, not to the Loket at ``/simpanan/``)."""
    home = menu[0][1]
    matches = [url for _label, url in menu if path == url or (url != home and path.startswith(url))]
    return max(matches, key=len, default="")


def navigation(request: HttpRequest) -> dict[str, Any]:
    koperasi = getattr(request, "koperasi", None)
    roles = getattr(request, "roles", None)
    context: dict[str, Any] = {"nav_koperasi": koperasi, "nav_menu": []}
    if koperasi is not None and roles:
        menu = _menu(koperasi.kode, roles)
        context["nav_menu"] = [(label, url, url == _current(request.path, menu)) for label, url in menu]
        context["nav_roles"] = sorted(NamaPeran(r).label for r in roles)
    if getattr(request, "dinas_wilayah", None):
        menu = [
            (str(_("Dasbor Dinas")), reverse("province:dasbor")),
            (str(_("Register koperasi")), reverse("province:koperasi_list")),
            (str(_("Laporan tahunan")), reverse("province:laporan_list")),
            (str(_("Kepatuhan RAT")), reverse("province:rat")),
            (str(_("Kesehatan KSP/USP")), reverse("province:kesehatan_sebaran")),
            (str(_("Pelatihan")), reverse("training:kegiatan_list")),
            (str(_("Pendampingan")), reverse("training:pendampingan_list")),
        ]
        context["nav_menu"] = [(label, url, url == _current(request.path, menu)) for label, url in menu]
    return context
