"""Member forms. Every message is Bahasa Indonesia and says what to fix."""

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any, cast

from babel.numbers import format_decimal
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gotong.core import nik as nik_rules
from gotong.core import regions
from gotong.members.models import Anggota, JenisKelamin, StatusAnggota
from gotong.members.services import EDITABLE_FIELDS

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
USIA_MINIMUM = 17
TELEPON_TIDAK_SAH = _("Nomor telepon/WhatsApp harus diawali 08 atau +628 dan 10–13 angka, misalnya 081234567890.")
USIA_KURANG = _("Calon anggota harus berusia minimal 17 tahun (cakap hukum, UU 25/1992 Pasal 18).")
TANGGAL_LAHIR_MASA_DEPAN = _("Tanggal lahir tidak boleh di masa depan.")
KTP_BUKAN_GAMBAR = _("Foto KTP harus berkas JPEG atau PNG.")
KTP_TERLALU_BESAR = _("Foto KTP terlalu besar ({size}). Maksimal {max}; perkecil fotonya lalu unggah lagi.")
KTP_WAJIB = _("Unggah foto KTP (JPEG atau PNG).")
PERSETUJUAN_WAJIB = _("Centang persetujuan agar data Anda boleh diproses koperasi.")
KECAMATAN_TIDAK_COCOK = _("Pilih kecamatan yang ada di kabupaten/kota yang dipilih.")
DESA_TIDAK_COCOK = _("Pilih desa/kelurahan yang ada di kecamatan yang dipilih.")
KABUPATEN_TIDAK_SAH = _("Pilih kabupaten/kota dari daftar.")

_REQUIRED = {"required": _("Bagian ini wajib diisi.")}


def ukuran_berkas(size: int) -> str:
    """``1,4 MB`` (Indonesian decimal comma)."""
    return format_decimal(round(size / 1048576, 1), format="#,##0.#", locale="id_ID") + " MB"


def normalise_telepon(raw: str) -> str:
    digits = re.sub(r"[\s\-().]", "", raw)
    if digits.startswith("+62"):
        digits = "0" + digits[3:]
    elif digits.startswith("62"):
        digits = "0" + digits[2:]
    if not re.fullmatch(r"08[0-9]{8,11}", digits):
        raise forms.ValidationError(TELEPON_TIDAK_SAH)
    return digits


def _options(parent: str) -> list[tuple[str, str]]:
    return [("", "— pilih —")] + [(w.kode, w.nama) for w in regions.children(parent)] if parent else [("", "— pilih —")]


class AlamatMixin(forms.Form):
    """Kab/kota → kecamatan → desa, chosen from lists (htmx fills the next list)."""

    # A code outside the offered list gets the message that says which list to pick from.
    kabupaten_kode = forms.ChoiceField(
        label=_("Kabupaten/kota"), error_messages={**_REQUIRED, "invalid_choice": KABUPATEN_TIDAK_SAH}
    )
    kecamatan_kode = forms.ChoiceField(
        label=_("Kecamatan"), error_messages={**_REQUIRED, "invalid_choice": KECAMATAN_TIDAK_COCOK}
    )
    desa_kode = forms.ChoiceField(
        label=_("Desa/kelurahan"), error_messages={**_REQUIRED, "invalid_choice": DESA_TIDAK_COCOK}
    )

    def setup_alamat(self, initial: Mapping[str, Any]) -> None:
        source = self.data if self.is_bound else initial
        kab = source.get("kabupaten_kode") or ""
        kec = source.get("kecamatan_kode") or ""
        cast(forms.ChoiceField, self.fields["kabupaten_kode"]).choices = _options(regions.BANTEN)
        cast(forms.ChoiceField, self.fields["kecamatan_kode"]).choices = _options(
            kab if regions.is_level(kab, 2) else ""
        )
        cast(forms.ChoiceField, self.fields["desa_kode"]).choices = _options(
            kec if regions.is_level(kec, 3) and kec.startswith(kab + ".") else ""
        )
        for name, child in (("kabupaten_kode", "kecamatan_kode"), ("kecamatan_kode", "desa_kode")):
            self.fields[name].widget.attrs.update(
                {"hx-get": f"/wilayah/pilihan/?untuk={child}", "hx-target": f"#id_{child}", "hx-trigger": "change"}
            )

    def check_wilayah(self, cleaned: dict[str, Any]) -> None:
        kab, kec, desa = (cleaned.get(k, "") for k in ("kabupaten_kode", "kecamatan_kode", "desa_kode"))
        if kab and not (regions.is_level(kab, 2) and kab.startswith(regions.BANTEN + ".")):
            self.add_error("kabupaten_kode", KABUPATEN_TIDAK_SAH)
        elif kec and not (regions.is_level(kec, 3) and kec.startswith(kab + ".")):
            self.add_error("kecamatan_kode", KECAMATAN_TIDAK_COCOK)
        elif desa and not (regions.is_level(desa, 4) and desa.startswith(kec + ".")):
            self.add_error("desa_kode", DESA_TIDAK_COCOK)


class DataAnggotaMixin(AlamatMixin):
    """Cleaning shared by the application form and the staff edit form."""

    def clean_nomor_kk(self) -> str:
        value = re.sub(r"[\s.]", "", self.cleaned_data["nomor_kk"])
        if len(value) != 16 or not (value.isascii() and value.isdigit()):
            raise forms.ValidationError(nik_rules.KK_BUKAN_16_ANGKA)
        return value

    def clean_telepon(self) -> str:
        return normalise_telepon(self.cleaned_data["telepon"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.check_wilayah(cleaned)
        return cleaned

    def _post_clean(self) -> None:
        # Uniqueness is checked by the service under a lock, not by ModelForm.
        pass


class PendaftaranForm(DataAnggotaMixin, forms.ModelForm):
    """The public application form at ``/k/<kode>/daftar/``."""

    tanggal_lahir = forms.DateField(
        label=_("Tanggal lahir"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={**_REQUIRED, "invalid": _("Tulis tanggal lahir seperti 17-08-1990.")},
    )
    foto_ktp = forms.ImageField(
        label=_("Foto KTP"),
        error_messages={"required": KTP_WAJIB, "invalid_image": KTP_BUKAN_GAMBAR, "invalid": KTP_BUKAN_GAMBAR},
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    persetujuan = forms.BooleanField(
        label=_("Saya menyetujui data ini diproses koperasi untuk keanggotaan."),
        error_messages={"required": PERSETUJUAN_WAJIB},
    )

    class Meta:
        model = Anggota
        fields = [
            "nik",
            "nomor_kk",
            "nama",
            "tempat_lahir",
            "tanggal_lahir",
            "jenis_kelamin",
            "alamat",
            "kabupaten_kode",
            "kecamatan_kode",
            "desa_kode",
            "telepon",
            "email",
            "pekerjaan",
            "foto_ktp",
        ]
        widgets = {
            "nik": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 16, "autocomplete": "off"}),
            "nomor_kk": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 16, "autocomplete": "off"}),
            "jenis_kelamin": forms.RadioSelect,
            "telepon": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_alamat(self.initial)
        for field in self.fields.values():
            field.error_messages.setdefault("required", _REQUIRED["required"])
            if field.required:
                field.error_messages["required"] = _REQUIRED["required"]
        self.fields["foto_ktp"].error_messages["required"] = KTP_WAJIB
        self.fields["persetujuan"].error_messages["required"] = PERSETUJUAN_WAJIB
        self.fields["email"].help_text = _(
            "Boleh kosong. Jika diisi, keputusan dikirim ke sini; jika tidak, lewat WhatsApp."
        )
        cast(forms.ChoiceField, self.fields["jenis_kelamin"]).choices = JenisKelamin.choices
        for name in ("nik", "nomor_kk"):  # clean_<name> gives the 16-digit message, not max_length's
            self.fields[name].validators = []

    def clean_nik(self) -> str:
        value = re.sub(r"[\s.]", "", self.cleaned_data["nik"])
        try:
            nik_rules.parse(value)
        except nik_rules.NikError as exc:
            raise forms.ValidationError(exc.message) from exc
        return value

    def clean_tanggal_lahir(self) -> dt.date:
        value: dt.date = self.cleaned_data["tanggal_lahir"]
        today = timezone.localdate()
        if value > today:
            raise forms.ValidationError(TANGGAL_LAHIR_MASA_DEPAN)
        age = today.year - value.year - ((today.month, today.day) < (value.month, value.day))
        if age < USIA_MINIMUM:
            raise forms.ValidationError(USIA_KURANG)
        return value

    def clean_foto_ktp(self) -> Any:
        foto = self.cleaned_data["foto_ktp"]
        limit = settings.GOTONG_KTP_MAX_BYTES
        if foto.size > limit:
            raise forms.ValidationError(
                str(KTP_TERLALU_BESAR).format(size=ukuran_berkas(foto.size), max=ukuran_berkas(limit))
            )
        image = getattr(foto, "image", None)
        if image is None or (image.format or "").upper() not in {"JPEG", "PNG"}:
            raise forms.ValidationError(KTP_BUKAN_GAMBAR)
        return foto

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        nik = cleaned.get("nik")
        if nik and "nik" not in self.errors:
            try:
                nik_rules.validate(
                    nik, tanggal_lahir=cleaned.get("tanggal_lahir"), jenis_kelamin=cleaned.get("jenis_kelamin")
                )
            except nik_rules.NikError as exc:
                self.add_error("nik", exc.message)
        return cleaned

    def service_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("persetujuan", "foto_ktp")}
        return data


class AnggotaUbahForm(DataAnggotaMixin, forms.ModelForm):
    class Meta:
        model = Anggota
        fields = EDITABLE_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_alamat({k: getattr(self.instance, k) for k in ("kabupaten_kode", "kecamatan_kode", "desa_kode")})
        self.fields["nomor_kk"].validators = []  # clean_nomor_kk gives the 16-digit message
        for field in self.fields.values():
            if field.required:
                field.error_messages["required"] = _REQUIRED["required"]


class SetujuiForm(forms.Form):
    tanggal_masuk = forms.DateField(
        label=_("Tanggal masuk"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class TolakForm(forms.Form):
    alasan = forms.CharField(
        label=_("Alasan penolakan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tulis alasan penolakan agar calon anggota tahu apa yang harus diperbaiki.")},
    )


class KeluarForm(forms.Form):
    alasan = forms.CharField(
        label=_("Alasan keluar"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tulis alasan keluar.")},
    )


class PutusanKeluarForm(forms.Form):
    tanggal_keluar = forms.DateField(
        label=_("Tanggal keluar"),
        input_formats=DATE_FORMATS,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    catatan = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FilterAnggotaForm(forms.Form):
    q = forms.CharField(label=_("Cari"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Semua status")),
            (StatusAnggota.AKTIF, _("Aktif")),
            (StatusAnggota.KELUAR, StatusAnggota.KELUAR.label),
        ],
    )
    tahun = forms.IntegerField(label=_("Tahun masuk"), required=False, min_value=1900, max_value=2100)
    jenis_kelamin = forms.ChoiceField(
        label=_("Jenis kelamin"), required=False, choices=[("", _("Semua"))] + list(JenisKelamin.choices)
    )
    desa = forms.CharField(label=_("Desa/kelurahan"), required=False)
