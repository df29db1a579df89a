"""The health-assessment form: one field per ratio (percent, typed as text so a bad entry gets
the service's Indonesian message) and one yes/no per management question, grouped by aspect."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gotong.province import health, kesehatan
from gotong.province.models_kesehatan import PenilaianKesehatan

YA, TIDAK = "ya", "tidak"


def _teks(nilai: Decimal | None) -> str:
    return "" if nilai is None else f"{nilai.normalize():f}".replace(".", ",")


@dataclass(frozen=True)
class BarisForm:
    komponen: health.Komponen
    rasio: forms.BoundField | None
    pertanyaan: list[forms.BoundField]
    catatan: str


class PenilaianForm(forms.Form):
    catatan = forms.CharField(
        label=_("Catatan penilai"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args: Any, skema: health.Skema, penilaian: PenilaianKesehatan | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self.skema = skema
        rasio = kesehatan.rasio_tersimpan(penilaian) if penilaian else {}
        jawaban = (penilaian.jawaban or {}) if penilaian else {}
        for k in skema.komponen_rasio:
            self.fields[f"rasio_{k.kode}"] = forms.CharField(
                label=str(k.nama),
                required=False,
                max_length=20,
                help_text=str(k.rumus),
                initial=_teks(rasio.get(k.kode)),
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": 8}),
            )
        for p in skema.pertanyaan:
            awal = jawaban.get(p.kode)
            self.fields[f"q_{p.kode}"] = forms.ChoiceField(
                label=str(p.teks),
                required=False,
                choices=[(YA, _("Ya")), (TIDAK, _("Tidak"))],
                widget=forms.RadioSelect,
                initial=None if awal is None else (YA if awal else TIDAK),
            )
        if penilaian is not None:
            self.fields["catatan"].initial = penilaian.catatan
        self.order_fields([*self.fields.keys()][1:] + ["catatan"])

    def rasio(self) -> dict[str, str]:
        return {k.kode: self.cleaned_data.get(f"rasio_{k.kode}", "") for k in self.skema.komponen_rasio}

    def jawaban(self) -> dict[str, bool]:
        out = {}
        for p in self.skema.pertanyaan:
            v = self.cleaned_data.get(f"q_{p.kode}")
            if v in (YA, TIDAK):
                out[p.kode] = v == YA
        return out

    def grup(
        self, catatan_buku: dict[str, str] | None = None, buku: dict[str, Decimal] | None = None
    ) -> list[tuple[health.Aspek, list[BarisForm]]]:
        """The fields by aspect and component, for the template; a ratio the books gave is
        named beside its field ("Dari buku: 12,5%") so a typed change stays visible."""
        catatan = dict(catatan_buku or {})
        for kode, nilai in (buku or {}).items():
            dari = str(_("Dari buku: %(n)s%%")) % {"n": _teks(nilai)}
            catatan[kode] = f"{dari} {catatan.get(kode, '')}".strip()
        out = []
        for a in self.skema.aspek:
            rows = []
            for k in a.komponen:
                rows.append(
                    BarisForm(
                        k,
                        None if k.kuesioner else self[f"rasio_{k.kode}"],
                        [self[f"q_{p.kode}"] for p in k.pertanyaan],
                        catatan.get(k.kode, ""),
                    )
                )
            out.append((a, rows))
        return out


class TahunForm(forms.Form):
    tahun = forms.TypedChoiceField(label=_("Tahun buku"), coerce=int)

    def __init__(self, *args: Any, tahun_list: list[int], **kw: Any):
        super().__init__(*args, **kw)
        self.fields["tahun"].choices = [(t, str(t)) for t in tahun_list]  # type: ignore[attr-defined]
