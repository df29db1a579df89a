"""Loan forms: the application (staff and member), the decision, the disbursement, the
products and the loan settings. Money is typed the Indonesian way (``9.000.000``) and
parsed with the savings rules; the services check everything again and their messages
land beside the field they name."""

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gotong.core.formatting import rupiah
from gotong.loans.models import CaraCair, JenisJaminan, PengaturanPinjaman, ProdukPinjaman
from gotong.loans.services import PENGATURAN_FIELDS, PRODUK_FIELDS, TENOR_TIDAK_SAH, TUJUAN_WAJIB
from gotong.members.forms import ukuran_berkas
from gotong.savings.forms import KunciForm
from gotong.savings.services import parse_jumlah, uang_laci_sah
from gotong.tenancy.models import NamaPeran

JAMINAN_BARIS = 3
DOKUMEN_JENIS = _("Dokumen jaminan harus berkas PDF, JPEG atau PNG.")
DOKUMEN_TERLALU_BESAR = _(
    "Dokumen jaminan terlalu besar ({size}). Maksimal {max}; perkecil berkasnya lalu unggah lagi."
)
JAMINAN_TIDAK_LENGKAP = _("Lengkapi jaminan ini: jenis, uraian dan nilai taksiran.")
PILIH_PRODUK = _("Pilih produk pinjaman dari daftar.")
PILIH_KEPUTUSAN = _("Pilih setujui atau tolak.")
KODE_PRODUK = _("Kode hanya huruf kecil, angka dan tanda hubung, misalnya umum-2.")
KODE_DIPAKAI = _("Kode {kode} sudah dipakai produk lain; pilih kode lain.")


def _uang_widget(placeholder: str = "") -> forms.TextInput:
    return forms.TextInput(
        attrs={"inputmode": "decimal", "autocomplete": "off", "class": "uang-kecil", "placeholder": placeholder}
    )


def _uang(raw: Any, field: str, *, nol_boleh: bool = False) -> Decimal:
    try:
        return uang_laci_sah(raw, field) if nol_boleh else parse_jumlah(raw, field)
    except ValidationError as exc:
        raise forms.ValidationError(exc.message_dict[field]) from exc


def angka(d: Decimal | None) -> str:
    """``9000000.00`` → ``9.000.000`` for an input's initial value (the parser reads it back)."""
    if d is None:
        return ""
    return rupiah(d).removeprefix("Rp")


# --- Collateral documents ------------------------------------------------------------------

_MAGIC = ((b"%PDF-", "PDF"), (b"\xff\xd8\xff", "JPEG"), (b"\x89PNG\r\n\x1a\n", "PNG"))


def dokumen_sah(berkas: Any) -> Any:
    """A collateral document: PDF, JPEG or PNG by its content (not its name), within the
    same size limit as the KTP photo. Images are opened to be sure they are images."""
    limit = settings.GOTONG_KTP_MAX_BYTES
    if berkas.size > limit:
        raise forms.ValidationError(
            str(DOKUMEN_TERLALU_BESAR).format(size=ukuran_berkas(berkas.size), max=ukuran_berkas(limit))
        )
    berkas.seek(0)
    head = berkas.read(16)
    berkas.seek(0)
    jenis = next((nama for magic, nama in _MAGIC if head.startswith(magic)), None)
    if jenis is None:
        raise forms.ValidationError(DOKUMEN_JENIS)
    if jenis != "PDF":
        from PIL import Image

        try:
            with Image.open(berkas) as img:
                img.verify()
                if (img.format or "").upper() != jenis:
                    raise forms.ValidationError(DOKUMEN_JENIS)
        except forms.ValidationError:
            raise
        except Exception as exc:
            raise forms.ValidationError(DOKUMEN_JENIS) from exc
        finally:
            berkas.seek(0)
    return berkas


# --- The application -------------------------------------------------------------------------


class _ProdukChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.nama} · {obj.suku_bunga.normalize():f}% {obj.get_satuan_bunga_display()}"


class PengajuanForm(forms.Form):
    """The application; ``staf=True`` adds the field collector choice."""

    produk = _ProdukChoice(
        label=_("Produk pinjaman"),
        queryset=ProdukPinjaman.objects.none(),
        empty_label=_("— pilih produk —"),
        error_messages={"required": PILIH_PRODUK, "invalid_choice": PILIH_PRODUK},
    )
    pokok = forms.CharField(label=_("Jumlah pinjaman (Rp)"), max_length=30, widget=_uang_widget("9.000.000"))
    tenor = forms.IntegerField(
        label=_("Jangka waktu (jumlah angsuran)"),
        error_messages={"required": TENOR_TIDAK_SAH, "invalid": TENOR_TIDAK_SAH},
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": "1"}),
    )
    tujuan = forms.CharField(label=_("Tujuan pinjaman"), max_length=200, error_messages={"required": TUJUAN_WAJIB})
    penghasilan_bulanan = forms.CharField(
        label=_("Penghasilan per bulan (Rp)"), max_length=30, widget=_uang_widget("3.000.000")
    )
    penjamin_nama = forms.CharField(label=_("Nama penjamin"), max_length=120, required=False)
    penjamin_hubungan = forms.CharField(label=_("Hubungan dengan anggota"), max_length=60, required=False)
    penjamin_telepon = forms.CharField(label=_("Telepon penjamin"), max_length=20, required=False)
    autodebet = forms.BooleanField(
        label=_("Potong angsuran otomatis dari simpanan sukarela pada tanggal jatuh tempo"), required=False
    )

    def __init__(self, *args: Any, produk: Any, petugas: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["produk"].queryset = produk  # type: ignore[attr-defined]
        if petugas is not None:
            self.fields["petugas"] = forms.ModelChoiceField(
                label=_("Petugas lapangan"),
                queryset=petugas,
                required=False,
                empty_label=_("— tanpa petugas —"),
            )
        for i in range(JAMINAN_BARIS):
            self.fields[f"jaminan_{i}_jenis"] = forms.ChoiceField(
                label=_("Jenis jaminan"), choices=[("", "—"), *JenisJaminan.choices], required=False
            )
            self.fields[f"jaminan_{i}_uraian"] = forms.CharField(label=_("Uraian"), max_length=250, required=False)
            self.fields[f"jaminan_{i}_nilai"] = forms.CharField(
                label=_("Nilai taksiran (Rp)"), max_length=30, required=False, widget=_uang_widget()
            )
            self.fields[f"jaminan_{i}_dokumen"] = forms.FileField(
                label=_("Dokumen (PDF/JPEG/PNG)"),
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
            )

    def clean_pokok(self) -> Decimal:
        return _uang(self.cleaned_data["pokok"], "pokok")

    def clean_penghasilan_bulanan(self) -> Decimal:
        return _uang(self.cleaned_data["penghasilan_bulanan"], "penghasilan_bulanan")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in range(JAMINAN_BARIS):
            jenis, uraian = data.get(f"jaminan_{i}_jenis"), (data.get(f"jaminan_{i}_uraian") or "").strip()
            raw_nilai, dokumen = data.get(f"jaminan_{i}_nilai"), data.get(f"jaminan_{i}_dokumen")
            if not (jenis or uraian or raw_nilai or dokumen):
                continue
            if not (jenis and uraian and raw_nilai):
                self.add_error(f"jaminan_{i}_uraian", JAMINAN_TIDAK_LENGKAP)
                continue
            try:
                data[f"jaminan_{i}_nilai"] = _uang(raw_nilai, "nilai", nol_boleh=True)
            except forms.ValidationError as exc:
                self.add_error(f"jaminan_{i}_nilai", exc)
            if dokumen:
                try:
                    dokumen_sah(dokumen)
                except forms.ValidationError as exc:
                    self.add_error(f"jaminan_{i}_dokumen", exc)
        return data

    def jaminan_rows(self) -> list[list[Any]]:
        """The bound fields of each collateral row (for the template)."""
        return [
            [self[f"jaminan_{i}_{n}"] for n in ("jenis", "uraian", "nilai", "dokumen")] for i in range(JAMINAN_BARIS)
        ]

    def jaminan_data(self) -> list[Any]:
        from gotong.loans.services import DataJaminan

        d = self.cleaned_data
        return [
            DataJaminan(
                jenis=d[f"jaminan_{i}_jenis"],
                uraian=d[f"jaminan_{i}_uraian"],
                nilai_taksiran=d[f"jaminan_{i}_nilai"],
                dokumen=d.get(f"jaminan_{i}_dokumen") or None,
            )
            for i in range(JAMINAN_BARIS)
            if d.get(f"jaminan_{i}_jenis")
        ]


class SimulasiForm(forms.Form):
    """The simulator's inputs (GET); the service checks the product's limits."""

    produk = _ProdukChoice(
        label=_("Produk pinjaman"),
        queryset=ProdukPinjaman.objects.none(),
        empty_label=None,
        error_messages={"required": PILIH_PRODUK, "invalid_choice": PILIH_PRODUK},
    )
    pokok = forms.CharField(label=_("Jumlah pinjaman (Rp)"), max_length=30, widget=_uang_widget("9.000.000"))
    tenor = forms.IntegerField(
        label=_("Jangka waktu (jumlah angsuran)"),
        error_messages={"required": TENOR_TIDAK_SAH, "invalid": TENOR_TIDAK_SAH},
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": "1"}),
    )

    def __init__(self, *args: Any, produk: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["produk"].queryset = produk  # type: ignore[attr-defined]

    def clean_pokok(self) -> Decimal:
        return _uang(self.cleaned_data["pokok"], "pokok")


# --- Decision, cancellation, disbursement -------------------------------------------------


class KeputusanForm(forms.Form):
    keputusan = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[("setujui", _("Setujui")), ("tolak", _("Tolak"))],
        widget=forms.RadioSelect,
        error_messages={"required": PILIH_KEPUTUSAN, "invalid_choice": PILIH_KEPUTUSAN},
    )
    catatan = forms.CharField(
        label=_("Catatan (wajib diisi alasan jika menolak)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, petugas: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if petugas is not None:
            self.fields["petugas"] = forms.ModelChoiceField(
                label=_("Petugas lapangan"), queryset=petugas, required=False, empty_label=_("— tetap —")
            )


class BatalForm(forms.Form):
    alasan = forms.CharField(label=_("Alasan pembatalan"), max_length=300, required=False)


class CairForm(KunciForm):
    cara = forms.ChoiceField(
        label=_("Cara pencairan"),
        choices=CaraCair.choices,
        initial=CaraCair.SUKARELA,
        widget=forms.RadioSelect,
    )


# --- Products and settings ----------------------------------------------------------------

UANG_PRODUK = ("plafon_min", "plafon_maks", "biaya_administrasi", "jaminan_di_atas")


class ProdukForm(forms.ModelForm):
    """All of a product's terms; the service validates, saves and audits."""

    class Meta:
        model = ProdukPinjaman
        fields = ["kode", *PRODUK_FIELDS]

    def __init__(self, *args: Any, baru: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not baru:
            del self.fields["kode"]
        else:
            self.fields["kode"].error_messages["invalid"] = KODE_PRODUK
        _persen_ganti(self, self.instance)
        for name in UANG_PRODUK:
            model_field = self.fields[name]
            self.fields[name] = forms.CharField(
                label=model_field.label, help_text=model_field.help_text, max_length=30, widget=_uang_widget()
            )
            if self.instance.pk is not None or not self.is_bound:
                self.initial[name] = angka(getattr(self.instance, name))

    def clean_kode(self) -> str:
        kode: str = self.cleaned_data["kode"]
        koperasi_id = self.instance.koperasi_id
        if ProdukPinjaman.objects.filter(koperasi_id=koperasi_id, kode=kode).exists():
            raise forms.ValidationError(str(KODE_DIPAKAI).format(kode=kode))
        return kode

    def _post_clean(self) -> None:
        # The service validates and saves (and audits); the form only parses.
        for name in UANG_PRODUK:
            if name in self.cleaned_data:
                try:
                    self.cleaned_data[name] = _uang(self.cleaned_data[name], name, nol_boleh=True)
                except forms.ValidationError as exc:
                    self.add_error(name, exc)


def _persen_teks(d: Decimal | None) -> str:
    """``1.250`` → ``1,25`` (a percentage as an Indonesian reads it)."""
    return "" if d is None else f"{Decimal(d).normalize():f}".replace(".", ",")


class PersenField(forms.DecimalField):
    """A percentage typed with a decimal comma (``1,25``) or dot (``1.25``)."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().replace(" ", "").replace("%", "").replace(",", ".")
        return super().to_python(value)


def _persen_ganti(form: forms.ModelForm, instance: Any) -> None:
    """Swap the model's percentage fields for ``PersenField`` with a readable initial value."""
    for name, f in list(form.fields.items()):
        if type(f) is forms.DecimalField:
            form.fields[name] = PersenField(
                label=f.label,
                help_text=f.help_text,
                required=f.required,
                max_digits=f.max_digits,
                decimal_places=f.decimal_places,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )
            if not form.is_bound:
                form.initial[name] = _persen_teks(getattr(instance, name))


# Who may be given an approval limit (the roles that decide on loans).
PERAN_BATAS = (NamaPeran.KETUA, NamaPeran.SEKRETARIS, NamaPeran.BENDAHARA, NamaPeran.MANAJER)


class PengaturanForm(forms.ModelForm):
    """Bands, PPAP rates, accrual and the approval limit per role (empty = may not decide;
    "tanpa batas" = no limit)."""

    class Meta:
        model = PengaturanPinjaman
        fields = [f for f in PENGATURAN_FIELDS if f != "batas_persetujuan"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _persen_ganti(self, self.instance)
        batas = self.instance.batas_persetujuan or {}
        for peran in PERAN_BATAS:
            label = NamaPeran(peran).label
            self.fields[f"batas_{peran}"] = forms.CharField(
                label=_("Batas persetujuan %(peran)s (Rp)") % {"peran": label},
                required=False,
                max_length=30,
                widget=_uang_widget(),
                help_text=_("Kosongkan jika peran ini tidak memutus pinjaman."),
            )
            self.fields[f"tanpa_batas_{peran}"] = forms.BooleanField(
                label=_("%(peran)s tanpa batas") % {"peran": label}, required=False
            )
            if peran in batas:
                self.initial[f"tanpa_batas_{peran}"] = batas[peran] is None
                self.initial[f"batas_{peran}"] = "" if batas[peran] is None else angka(Decimal(str(batas[peran])))

    def batas_fields(self) -> list[tuple[Any, Any]]:
        return [(self[f"batas_{p}"], self[f"tanpa_batas_{p}"]) for p in PERAN_BATAS]

    def biasa_fields(self) -> list[Any]:
        return [self[f] for f in self.Meta.fields]

    def _post_clean(self) -> None:
        lama = self.instance.batas_persetujuan or {}
        batas: dict[str, str | None] = {k: v for k, v in lama.items() if k not in PERAN_BATAS}
        for peran in PERAN_BATAS:
            if self.cleaned_data.get(f"tanpa_batas_{peran}"):
                batas[peran] = None
                continue
            raw = self.cleaned_data.get(f"batas_{peran}")
            if raw:
                try:
                    batas[peran] = str(_uang(raw, "batas", nol_boleh=True))
                except forms.ValidationError as exc:
                    self.add_error(f"batas_{peran}", exc)
        self.cleaned_data["batas_persetujuan"] = batas
