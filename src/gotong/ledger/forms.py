"""Ledger forms. Every message is Bahasa Indonesia and says what to fix."""

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gotong.core.formatting import rupiah
from gotong.core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS, ZERO, money
from gotong.ledger.models import Akun, Sisi, SumberJurnal
from gotong.ledger.posting import AKUN_INDUK, AKUN_TIDAK_AKTIF, BarisUsulan, periode_check_open
from gotong.ledger.selectors import akun_pilihan
from gotong.ledger.services import TANGGAL_MASA_DEPAN
from gotong.tenancy.models import Koperasi

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
_REQUIRED = {"required": _("Bagian ini wajib diisi.")}
TANGGAL_TIDAK_SAH = _("Isi tanggal dengan benar, misalnya 17-08-2024.")
RENTANG_TERBALIK = _("Tanggal awal harus sebelum atau sama dengan tanggal akhir.")

JUMLAH_BUKAN_ANGKA = _("Jumlah harus berupa angka, misalnya 1.250.000 atau 1250000,50.")
JUMLAH_TITIK_DESIMAL = _("Pakai koma untuk sen, misalnya 1250000,50; titik adalah pemisah ribuan.")
JUMLAH_DESIMAL = _("Jumlah paling banyak dua angka di belakang koma (sen).")
JUMLAH_NEGATIF = _("Jumlah tidak boleh negatif; pilih sisi Debit atau Kredit.")
JUMLAH_NOL = _("Jumlah harus lebih dari nol.")
JUMLAH_TERLALU_BESAR = _("Jumlah terlalu besar.")
AKUN_WAJIB = _("Pilih akun untuk baris ini.")
JUMLAH_WAJIB = _("Isi jumlah untuk baris ini.")
AKUN_BUKAN_MILIK = _("Akun itu tidak ada di bagan akun koperasi ini.")
BARIS_KURANG = _("Isi paling sedikit dua baris: satu debit dan satu kredit.")
SATU_SISI = _("Jurnal harus punya paling sedikit satu baris debit dan satu baris kredit.")
TIDAK_SEIMBANG = _("Total debit {debit} tidak sama dengan total kredit {kredit} (selisih {selisih}).")

_GROUPED = re.compile(r"[0-9]{1,3}(\.[0-9]{3})+|[0-9]+")
_DOT_DECIMAL = re.compile(r"[0-9]+\.[0-9]{1,2}")
_MAX_WHOLE_DIGITS = MONEY_MAX_DIGITS - MONEY_DECIMAL_PLACES


def parse_jumlah(raw: str) -> Decimal:
    """An amount as people in Indonesia write it: ``1.250.000`` or ``1250000,50`` (``Rp`` allowed).

    A dot is only ever a thousands separator, so ``1.500`` is fifteen hundred; a dot before
    one or two final digits is refused rather than guessed.
    """
    text = re.sub(r"\s+", "", raw).removeprefix("Rp").removeprefix("rp")
    negative = text.startswith("-")
    text = text.removeprefix("-")
    whole, comma, cents = text.partition(",")
    if _DOT_DECIMAL.fullmatch(text):
        raise ValidationError(JUMLAH_TITIK_DESIMAL)
    if not _GROUPED.fullmatch(whole) or (comma and not cents.isdigit()):
        raise ValidationError(JUMLAH_BUKAN_ANGKA)
    if len(cents) > MONEY_DECIMAL_PLACES:
        raise ValidationError(JUMLAH_DESIMAL)
    digits = whole.replace(".", "").lstrip("0")
    if len(digits) > _MAX_WHOLE_DIGITS:
        raise ValidationError(JUMLAH_TERLALU_BESAR)
    value = Decimal(f"{digits or '0'}.{cents or '0'}")
    if negative and value:
        raise ValidationError(JUMLAH_NEGATIF)
    if not value:
        raise ValidationError(JUMLAH_NOL)
    return money(value)


class JumlahField(forms.CharField):
    """Money typed by a person; see ``parse_jumlah``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", _REQUIRED)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)  # the text itself: required, length
        return parse_jumlah(text) if text else None


def _date_field(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={**_REQUIRED, "invalid": TANGGAL_TIDAK_SAH},
    )


def awal_bulan(hari: dt.date) -> dt.date:
    return hari.replace(day=1)


class RentangForm(forms.Form):
    """A date range; this month up to today unless the person picks another."""

    dari = _date_field(_("Dari tanggal"), required=False)
    sampai = _date_field(_("Sampai tanggal"), required=False)

    def rentang(self) -> tuple[dt.date, dt.date]:
        today = timezone.localdate()
        self.is_valid()  # a bad field leaves the good ones in cleaned_data
        data = getattr(self, "cleaned_data", {})
        sampai = data.get("sampai") or today
        dari = data.get("dari") or awal_bulan(sampai)
        return (dari, sampai) if dari <= sampai else (sampai, sampai)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("dari") and data.get("sampai") and data["dari"] > data["sampai"]:
            self.add_error("sampai", RENTANG_TERBALIK)
        return data


class FilterJurnalForm(RentangForm):
    q = forms.CharField(label=_("Cari nomor atau keterangan"), required=False, max_length=100)
    sumber = forms.ChoiceField(
        label=_("Sumber"), required=False, choices=[("", _("Semua sumber")), *SumberJurnal.choices]
    )
    akun = forms.ModelChoiceField(
        label=_("Akun"), required=False, queryset=Akun.objects.none(), empty_label=str(_("Semua akun"))
    )

    def __init__(self, *args: Any, koperasi: Koperasi, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["akun"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Akun.objects.for_koperasi(koperasi).order_by("kode")
        field.error_messages["invalid_choice"] = AKUN_BUKAN_MILIK


class AkunTambahForm(forms.Form):
    induk = forms.ModelChoiceField(label=_("Di bawah akun"), queryset=Akun.objects.none(), error_messages={**_REQUIRED})
    kode = forms.CharField(label=_("Kode akun"), max_length=20, error_messages=_REQUIRED)
    nama = forms.CharField(label=_("Nama akun"), max_length=120, error_messages=_REQUIRED)
    saldo_normal = forms.ChoiceField(
        label=_("Saldo normal"),
        required=False,
        choices=[("", _("Sama dengan induknya")), *Sisi.choices],
        help_text=_("Pilih sisi lain hanya untuk akun pengurang, misalnya akumulasi penyusutan."),
    )

    def __init__(self, *args: Any, koperasi: Koperasi, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["induk"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Akun.objects.for_koperasi(koperasi).order_by("kode")
        field.error_messages["invalid_choice"] = AKUN_BUKAN_MILIK


class AkunUbahForm(forms.Form):
    nama = forms.CharField(label=_("Nama akun"), max_length=120, error_messages=_REQUIRED)
    aktif = forms.BooleanField(
        label=_("Aktif (boleh dipakai untuk transaksi baru)"),
        required=False,
    )


class BalikForm(forms.Form):
    tanggal = _date_field(_("Tanggal pembalikan"))
    alasan = forms.CharField(
        label=_("Alasan pembalikan"), max_length=200, error_messages=_REQUIRED, widget=forms.TextInput()
    )


class TolakForm(forms.Form):
    alasan = forms.CharField(label=_("Alasan penolakan"), max_length=500, error_messages=_REQUIRED)


class PeriodeForm(forms.Form):
    tahun = forms.IntegerField(min_value=2000, max_value=2100)
    bulan = forms.IntegerField(min_value=1, max_value=12)
    alasan = forms.CharField(label=_("Alasan membuka kembali"), max_length=500, required=False)


class UsulanForm(forms.Form):
    tanggal = _date_field(_("Tanggal transaksi"))
    keterangan = forms.CharField(label=_("Keterangan"), max_length=250, error_messages=_REQUIRED)

    def __init__(self, *args: Any, koperasi: Koperasi, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.koperasi = koperasi

    def clean_tanggal(self) -> dt.date:
        tanggal: dt.date = self.cleaned_data["tanggal"]
        if tanggal > timezone.localdate():
            raise ValidationError(TANGGAL_MASA_DEPAN)
        periode_check_open(koperasi=self.koperasi, tanggal=tanggal)
        return tanggal


class BarisForm(forms.Form):
    """One line of a manual entry: account, side, amount."""

    akun = forms.ChoiceField(label=_("Akun"), required=False)
    sisi = forms.ChoiceField(label=_("Sisi"), choices=Sisi.choices, initial=Sisi.DEBIT)
    jumlah = JumlahField(label=_("Jumlah (Rp)"), required=False, max_length=30)
    keterangan = forms.CharField(label=_("Uraian baris"), required=False, max_length=250)

    def __init__(self, *args: Any, koperasi: Koperasi, pilihan: list[Akun], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.koperasi = koperasi
        field = self.fields["akun"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "— pilih akun —"), *((str(a.pk), f"{a.kode} {a.nama}") for a in pilihan)]
        # Any id is looked up in clean_akun, so a stale or foreign id gets a message that says why.
        field.valid_value = lambda value: True  # type: ignore[method-assign]

    def clean_akun(self) -> Akun | None:
        raw = self.cleaned_data.get("akun") or ""
        if not raw:
            return None
        akun = Akun.objects.filter(koperasi=self.koperasi, pk=int(raw) if raw.isdigit() else -1).first()
        if akun is None:
            raise ValidationError(AKUN_BUKAN_MILIK)
        if not akun.aktif:
            raise ValidationError(str(AKUN_TIDAK_AKTIF).format(akun=akun))
        if akun.anak.exists():
            raise ValidationError(str(AKUN_INDUK).format(akun=akun))
        return akun

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("akun") and not data.get("jumlah") and "jumlah" not in self.errors:
            self.add_error("jumlah", JUMLAH_WAJIB)
        if data.get("jumlah") and not data.get("akun") and "akun" not in self.errors:
            self.add_error("akun", AKUN_WAJIB)
        return data

    def baris(self) -> BarisUsulan | None:
        data = self.cleaned_data
        if not data.get("akun") or not data.get("jumlah"):
            return None
        return BarisUsulan(data["akun"].pk, data["sisi"], data["jumlah"], data.get("keterangan", ""))


class BaseBarisFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        rows = self.baris()
        if len(rows) < 2:
            raise ValidationError(BARIS_KURANG)
        debit = sum((r.jumlah for r in rows if r.sisi == Sisi.DEBIT), ZERO)
        kredit = sum((r.jumlah for r in rows if r.sisi == Sisi.KREDIT), ZERO)
        if not debit or not kredit:
            raise ValidationError(SATU_SISI)
        if debit != kredit:
            raise ValidationError(
                str(TIDAK_SEIMBANG).format(
                    debit=rupiah(debit), kredit=rupiah(kredit), selisih=rupiah(abs(debit - kredit))
                )
            )

    def baris(self) -> list[BarisUsulan]:
        rows = (form.baris() for form in self.forms if getattr(form, "cleaned_data", None))
        return [r for r in rows if r is not None]


BARIS_AWAL = 6
BARIS_MAKS = 40
BarisFormSet = forms.formset_factory(
    BarisForm, formset=BaseBarisFormSet, extra=BARIS_AWAL, max_num=BARIS_MAKS, absolute_max=BARIS_MAKS
)


def baris_formset(data: Any, *, koperasi: Koperasi) -> BaseBarisFormSet:
    pilihan = akun_pilihan(koperasi=koperasi)
    formset = BarisFormSet(data, prefix="baris", form_kwargs={"koperasi": koperasi, "pilihan": pilihan})
    assert isinstance(formset, BaseBarisFormSet)
    return formset
