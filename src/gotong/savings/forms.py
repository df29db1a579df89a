"""Savings forms. Amounts are typed the Indonesian way (``50.000``, ``1.250.000,50``) and
parsed by ``services.parse_jumlah``; every message says what to fix."""

import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gotong.core.formatting import rupiah
from gotong.savings.laci import PECAHAN
from gotong.savings.models import JenisSimpanan, ProdukSimpanan, RekeningSimpanan
from gotong.savings.services import PRODUK_FIELDS, parse_jumlah, uang_laci_sah

PERIODE_TERBALIK = _("Tanggal awal harus sebelum tanggal akhir.")
PILIH_REKENING = _("Pilih rekening dari daftar.")
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]


def _jumlah_widget(autofocus: bool = True, placeholder: str = "50.000") -> forms.TextInput:
    attrs = {"inputmode": "decimal", "autocomplete": "off", "class": "uang", "placeholder": placeholder}
    if autofocus:
        attrs["autofocus"] = "autofocus"
    return forms.TextInput(attrs=attrs)


def _parsed(raw: Any, field: str = "jumlah", nol_boleh: bool = False) -> Any:
    try:
        return uang_laci_sah(raw, field) if nol_boleh else parse_jumlah(raw, field)
    except ValidationError as exc:
        raise forms.ValidationError(exc.message_dict[field]) from exc


class KunciForm(forms.Form):
    """A form that moves money: its hidden idempotency key is made when the form is first
    shown, so a double click or a retried request posts once."""

    kunci = forms.RegexField(
        regex=r"^[0-9a-f]{32}$",
        widget=forms.HiddenInput,
        error_messages={"required": _("Formulir kedaluwarsa; muat ulang halaman."), "invalid": _("Kunci tidak sah.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("kunci", uuid.uuid4().hex)


class JumlahForm(KunciForm):
    jumlah = forms.CharField(label=_("Jumlah (Rp)"), max_length=30, widget=_jumlah_widget())

    def clean_jumlah(self) -> Any:
        return _parsed(self.cleaned_data["jumlah"])


class SetorForm(JumlahForm):
    cara = forms.ChoiceField(
        label=_("Cara bayar"),
        choices=[("tunai", _("Tunai")), ("bank", _("Transfer bank"))],
        initial="tunai",
        widget=forms.RadioSelect,
    )


class TarikForm(JumlahForm):
    pass


class _RekeningChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.nomor} · {obj.produk.nama} · {rupiah(obj.saldo)}"


class PindahForm(JumlahForm):
    asal = _RekeningChoice(
        label=_("Dari rekening"),
        queryset=RekeningSimpanan.objects.none(),
        error_messages={"invalid_choice": PILIH_REKENING},
    )
    tujuan = _RekeningChoice(
        label=_("Ke rekening"),
        queryset=RekeningSimpanan.objects.none(),
        error_messages={"invalid_choice": PILIH_REKENING},
    )
    field_order = ["asal", "tujuan", "jumlah", "kunci"]

    def __init__(self, *args: Any, rekening: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("asal", "tujuan"):
            self.fields[name].queryset = rekening  # type: ignore[attr-defined]
        self.fields["jumlah"].widget.attrs.pop("autofocus", None)
        self.fields["asal"].widget.attrs["autofocus"] = "autofocus"


class BerjangkaForm(JumlahForm):
    produk = forms.ModelChoiceField(label=_("Produk"), queryset=ProdukSimpanan.objects.none())
    sumber = forms.ChoiceField(
        label=_("Sumber dana"),
        choices=[("tunai", _("Tunai")), ("sukarela", _("Dari simpanan sukarela"))],
        initial="tunai",
        widget=forms.RadioSelect,
    )
    field_order = ["produk", "jumlah", "sumber", "kunci"]

    def __init__(self, *args: Any, produk: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["produk"].queryset = produk  # type: ignore[attr-defined]


class CairkanForm(KunciForm):
    ke = forms.ChoiceField(
        label=_("Dibayar ke"),
        choices=[("tunai", _("Tunai")), ("sukarela", _("Simpanan sukarela"))],
        initial="tunai",
        widget=forms.RadioSelect,
    )


class PengembalianForm(KunciForm):
    pass


class CariForm(forms.Form):
    q = forms.CharField(label=_("Nomor anggota, NIK, nama, atau pindai kartu"), required=False, max_length=300)


class LaciBukaForm(forms.Form):
    saldo_awal = forms.CharField(label=_("Uang modal laci (Rp)"), max_length=30, widget=_jumlah_widget(), initial="0")

    def clean_saldo_awal(self) -> Any:
        return _parsed(self.cleaned_data["saldo_awal"], "saldo_awal", nol_boleh=True)


class LaciTutupForm(forms.Form):
    """The cash count: the total is required; the count per denomination is optional and,
    when given, must add up to the total."""

    uang_dihitung = forms.CharField(
        label=_("Total uang di laci (Rp)"), max_length=30, widget=_jumlah_widget(placeholder="")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for pecahan in PECAHAN:
            self.fields[f"lembar_{pecahan}"] = forms.IntegerField(
                label=f"Rp{pecahan:,}".replace(",", "."),
                required=False,
                min_value=0,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": "0", "data-pecahan": str(pecahan)}),
                error_messages={"min_value": _("Tidak boleh negatif."), "invalid": _("Tulis jumlah lembar/keping.")},
            )

    def clean_uang_dihitung(self) -> Any:
        return _parsed(self.cleaned_data["uang_dihitung"], "uang_dihitung", nol_boleh=True)

    def pecahan_fields(self) -> list[Any]:
        return [self[f"lembar_{p}"] for p in PECAHAN]

    def rincian(self) -> dict[int, int]:
        return {p: self.cleaned_data.get(f"lembar_{p}") or 0 for p in PECAHAN if self.cleaned_data.get(f"lembar_{p}")}


# Which settings a product of each kind has (the rest do not apply to it).
FIELDS_PER_JENIS = {
    JenisSimpanan.POKOK: ["nama", "setoran_tetap", "aktif"],
    JenisSimpanan.WAJIB: ["nama", "setoran_tetap", "hari_jatuh_tempo", "aktif"],
    JenisSimpanan.SUKARELA: ["nama", "metode_bunga", "suku_bunga_tahunan", "saldo_minimum", "aktif"],
    JenisSimpanan.BERJANGKA: [
        "nama",
        "jangka_bulan",
        "suku_bunga_tahunan",
        "aksi_jatuh_tempo",
        "denda_cair_awal_persen",
        "aktif",
    ],
}


class ProdukForm(forms.ModelForm):
    class Meta:
        model = ProdukSimpanan
        fields = PRODUK_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keep = FIELDS_PER_JENIS[JenisSimpanan(self.instance.jenis)]
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "setoran_tetap" in self.fields and self.instance.jenis == JenisSimpanan.WAJIB:
            self.fields["setoran_tetap"].help_text = _(
                "Setoran wajib per bulan untuk anggota baru; anggota lama tetap dengan jumlahnya sendiri."
            )
        if "setoran_tetap" in self.fields and self.instance.jenis == JenisSimpanan.POKOK:
            self.fields["setoran_tetap"].help_text = _("Dibayar sekali saat masuk; sama untuk setiap anggota.")

    def _post_clean(self) -> None:
        # The service validates and saves (and audits); the form only parses.
        pass


class PeriodeForm(forms.Form):
    dari = forms.DateField(
        label=_("Dari tanggal"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sampai = forms.DateField(
        label=_("Sampai tanggal"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("dari") and data.get("sampai") and data["dari"] > data["sampai"]:
            raise forms.ValidationError(PERIODE_TERBALIK)
        return data
