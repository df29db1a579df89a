"""Forms of the year-close and RAT pages: they only carry text to the services, which check it."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gotong.core.formatting import rupiah
from gotong.ledger.models import Akun
from gotong.reports.anggaran import nama_field
from gotong.reports.rat import TEKS_MAKS


class BukaForm(forms.Form):
    """Reopening a closed year: the reason is checked by ``tahun_buku_buka`` (ALASAN_WAJIB)."""

    alasan = forms.CharField(
        label=_("Alasan membuka kembali"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Misalnya: koreksi penyusutan Desember sesuai temuan pengawas. Tercatat di jejak audit."),
    )


def _teks(label: Any, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEKS_MAKS,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=help_text,
    )


class LaporanPengurusForm(forms.Form):
    organisasi = _teks(
        _("Organisasi dan keanggotaan"),
        _("Susunan pengurus dan pengawas, rapat-rapat, perkembangan anggota, pendidikan anggota."),
    )
    usaha = _teks(_("Kegiatan usaha"), _("Unit usaha, simpanan dan pinjaman yang disalurkan, kerja sama."))
    keuangan = _teks(_("Keuangan"), _("Ringkasan aset, modal, pendapatan, beban dan SHU; catatan atas angka penting."))
    kendala = _teks(_("Kendala dan permasalahan"), _("Tunggakan, kendala usaha, temuan pengawas dan tindak lanjutnya."))
    rencana = _teks(_("Rencana dan saran"), _("Arah tahun depan dan saran pengurus kepada RAT."))


class RencanaKerjaForm(forms.Form):
    program = _teks(_("Program kerja"), _("Satu program per baris: kegiatan, sasaran, waktu, penanggung jawab."))
    asumsi = _teks(_("Asumsi dan sasaran"), _("Misalnya: anggota bertambah 40 orang, pinjaman tersalur naik 10%."))


class SalinForm(forms.Form):
    kenaikan = forms.CharField(
        label=_("Kenaikan dari realisasi tahun lalu (%)"),
        required=False,
        max_length=8,
        initial="0",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
    )


class AnggaranForm(forms.Form):
    """The budget grid: one text field per budgetable account, typed like ``1.250.000``; the
    service (``anggaran_simpan``) reads and checks every amount."""

    def __init__(self, *args: Any, akun: list[Akun], awal: dict[int, Decimal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for a in akun:
            jumlah = awal.get(a.pk)
            self.fields[nama_field(a.pk)] = forms.CharField(
                label=f"{a.kode} {a.nama}",
                required=False,
                max_length=30,
                initial=rupiah(jumlah).removeprefix("Rp") if jumlah else "",
                widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "num", "placeholder": "0"}),
            )
