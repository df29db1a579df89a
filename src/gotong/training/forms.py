from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gotong.members.forms import normalise_telepon
from gotong.tenancy.models import Koperasi
from gotong.training import selectors
from gotong.training.models import Kegiatan, Pendampingan, PeranPeserta

KOPERASI_WAJIB = "Pilih koperasi Anda, atau tulis namanya bila tidak ada di daftar."
SELESAI_SEBELUM_MULAI = "Waktu selesai harus sesudah waktu mulai."
TEMPAT_WAJIB = "Isi tempat atau tautan daring."
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class KegiatanForm(forms.ModelForm):
    tautan_daring = forms.URLField(
        label=_("Tautan daring"), required=False, assume_scheme="https", help_text=_("Zoom, Meet, YouTube …")
    )

    class Meta:
        model = Kegiatan
        fields = [
            "jenis",
            "judul",
            "deskripsi",
            "mulai",
            "selesai",
            "tempat",
            "tautan_daring",
            "kapasitas",
            "sasaran",
            "status",
        ]
        widgets = {"mulai": DATETIME, "selesai": DATETIME, "deskripsi": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        mulai, selesai = data.get("mulai"), data.get("selesai")
        if mulai and selesai and selesai < mulai:
            self.add_error("selesai", SELESAI_SEBELUM_MULAI)
        if not data.get("tempat") and not data.get("tautan_daring"):
            self.add_error("tempat", TEMPAT_WAJIB)
        return data


class PendaftaranForm(forms.Form):
    nama = forms.CharField(label=_("Nama lengkap"), max_length=150)
    telepon = forms.CharField(label=_("Nomor HP/WhatsApp"), max_length=20)
    email = forms.EmailField(label=_("E-mail"), required=False)
    koperasi = forms.ModelChoiceField(
        label=_("Koperasi"),
        queryset=Koperasi.objects.none(),
        required=False,
        empty_label=_("— lainnya / tidak ada di daftar —"),
    )
    koperasi_lainnya = forms.CharField(
        label=_("Nama koperasi (bila tidak ada di daftar)"), max_length=200, required=False
    )
    peran = forms.ChoiceField(label=_("Peran di koperasi"), choices=PeranPeserta.choices)

    def __init__(self, *args: Any, kegiatan: Kegiatan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["koperasi"].queryset = selectors.koperasi_provinsi(kegiatan)  # type: ignore[attr-defined]

    def clean_telepon(self) -> str:
        return normalise_telepon(self.cleaned_data["telepon"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("koperasi"):
            data["koperasi_lainnya"] = ""
        elif not data.get("koperasi_lainnya", "").strip() and "koperasi_lainnya" not in self.errors:
            self.add_error("koperasi_lainnya", KOPERASI_WAJIB)
        return data


class PendampinganForm(forms.ModelForm):
    class Meta:
        model = Pendampingan
        fields = ["koperasi", "tanggal", "mentor", "topik", "temuan"]
        widgets = {
            "tanggal": DATE,
            "topik": forms.Textarea(attrs={"rows": 3}),
            "temuan": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, wilayah: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["koperasi"].queryset = selectors.koperasi_di_wilayah(wilayah)  # type: ignore[attr-defined]
        self.fields["mentor"].queryset = selectors.pendamping_di_wilayah(wilayah)  # type: ignore[attr-defined]


class TindakLanjutForm(forms.Form):
    uraian = forms.CharField(label=_("Tindak lanjut yang disepakati"), max_length=300)
    jatuh_tempo = forms.DateField(label=_("Jatuh tempo"), widget=DATE)
