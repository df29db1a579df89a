"""Charts for the Dinas dashboard, drawn on the server as SVG by our own code.

Why our own: the charts are few and simple (bars, stacked bars, a line, a tile map); a
plotting library from PyPI (matplotlib, pygal) would add megabytes and its own look for what
is ~250 lines of string building here, and no JavaScript or CDN is needed at all.

Every chart is an :class:`Grafik`: categories, series and the numbers. The same object gives
the SVG (with ``<title>``/``<desc>`` and ``role="img"``), the plain table shown under it
(UX.md: nothing depends on colour alone) and the rows of the Excel/PDF export. Pure: no
queries, no Django models.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from gotong.core.money import round_rupiah

Angka = int | Decimal

# Colours with at least 3:1 contrast against white and distinct for common colour blindness
# (Okabe–Ito order, darkened); every bar also carries its number, and the table repeats all.
WARNA = ("#0f5132", "#0b5394", "#b45309", "#7e22ce", "#a4161a", "#1f7a8c", "#5c636a")
GARIS = ("", "6 4", "2 3", "8 3 2 3", "1 0")
LEBAR = 400  # the viewBox width: readable on a 360 px phone, scaled up on a desktop


@dataclass(frozen=True)
class Seri:
    nama: str
    nilai: tuple[Angka, ...]


@dataclass(frozen=True)
class Grafik:
    """One chart and its table. ``jenis``: ``batang`` (bars), ``tumpuk`` (stacked bars,
    one bar per category), ``garis`` (a line per series over the categories)."""

    id: str
    judul: str
    deskripsi: str
    jenis: str
    kategori: tuple[str, ...]
    seri: tuple[Seri, ...]
    satuan: str = "angka"  # angka | rupiah | persen
    kepala: str = ""  # the heading of the category column
    catatan: str = ""
    total: bool = True
    kolom_total: bool = field(default=False)

    @property
    def kosong(self) -> bool:
        return not self.kategori or all(not v for s in self.seri for v in s.nilai)

    def teks(self, nilai: Angka) -> str:
        return format_nilai(nilai, self.satuan)

    def tabel(self) -> tuple[list[str], list[list[str]], list[str] | None]:
        """Header, body rows and the totals row (``None`` when a total means nothing)."""
        header = [self.kepala, *(s.nama for s in self.seri)]
        extra = self.kolom_total and len(self.seri) > 1
        if extra:
            header.append(str(_("Jumlah")))
        body = []
        for i, kat in enumerate(self.kategori):
            values = [s.nilai[i] for s in self.seri]
            row = [kat, *(self.teks(v) for v in values)]
            if extra:
                row.append(self.teks(sum(values, Decimal(0))))
            body.append(row)
        if not self.total or self.satuan == "persen":
            return header, body, None
        sums = [sum(s.nilai, Decimal(0)) for s in self.seri]
        foot = [str(_("Jumlah")), *(self.teks(v) for v in sums)]
        if extra:
            foot.append(self.teks(sum(sums, Decimal(0))))
        return header, body, foot

    def baris_angka(self) -> list[list[object]]:
        """The table with numbers as numbers (the Excel export)."""
        return [[kat, *(s.nilai[i] for s in self.seri)] for i, kat in enumerate(self.kategori)]


def _ribuan(n: int) -> str:
    """``1.250.000``: the Indonesian thousands separator (no Babel: a table has hundreds)."""
    return f"{n:,}".replace(",", ".")


def format_nilai(nilai: Angka, satuan: str) -> str:
    """A table cell: ``12.345``, ``Rp1.250.000`` (whole rupiah) or ``12,5%``."""
    if satuan == "persen":
        return f"{Decimal(nilai):.1f}%".replace(".", ",")
    n = int(round_rupiah(nilai)) if isinstance(nilai, Decimal) else int(nilai)
    if satuan == "rupiah":
        return f"-Rp{_ribuan(-n)}" if n < 0 else f"Rp{_ribuan(n)}"
    return _ribuan(n)


def singkat(nilai: Angka, satuan: str) -> str:
    """A short label for inside a chart: ``Rp1,2 M``, ``12,3 rb`` (the table has the full figure)."""
    if satuan == "persen":
        return format_nilai(nilai, satuan)
    v = Decimal(nilai)
    for batas, akhiran in ((Decimal(10) ** 12, " T"), (Decimal(10) ** 9, " M"), (Decimal(10) ** 6, " jt")):
        if abs(v) >= batas:
            teks = f"{v / batas:.1f}".replace(".", ",") + akhiran
            return ("Rp" if satuan == "rupiah" else "") + teks
    return format_nilai(v, satuan)


def _e(text: str) -> str:
    return escape(str(text), {'"': "&quot;"})


def _svg(g: Grafik, tinggi: float, isi: list[str]) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {LEBAR} {tinggi:.0f}" width="100%" '
        f'role="img" aria-labelledby="{g.id}-t {g.id}-d" class="grafik" font-family="system-ui, sans-serif" '
        f'font-size="12">'
        f'<title id="{g.id}-t">{_e(g.judul)}</title><desc id="{g.id}-d">{_e(g.deskripsi)}</desc>'
    )
    return mark_safe(head + "".join(isi) + "</svg>")  # noqa: S308 - every text above is escaped


def _legenda(g: Grafik, y: float, garis: bool = False) -> tuple[list[str], float]:
    out, x = [], 0.0
    for i, s in enumerate(g.seri):
        width = 22 + 6.5 * len(s.nama)
        if x and x + width > LEBAR:
            x, y = 0.0, y + 18
        if garis:
            dash = f' stroke-dasharray="{GARIS[i % len(GARIS)]}"' if GARIS[i % len(GARIS)] else ""
            out.append(
                f'<line x1="{x:.0f}" y1="{y - 4:.0f}" x2="{x + 16:.0f}" y2="{y - 4:.0f}" '
                f'stroke="{WARNA[i % len(WARNA)]}" stroke-width="2.5"{dash}/>'
            )
        else:
            out.append(f'<rect x="{x:.0f}" y="{y - 11:.0f}" width="12" height="12" fill="{WARNA[i % len(WARNA)]}"/>')
        out.append(f'<text x="{x + 20:.0f}" y="{y:.0f}">{_e(s.nama)}</text>')
        x += width
    return out, y + 18


def batang(g: Grafik) -> SafeString:
    """Horizontal bars, the category's name above its bar (long names fit a phone)."""
    if len(g.seri) > 1 or g.jenis == "tumpuk":
        return tumpuk(g)
    nilai = g.seri[0].nilai if g.seri else ()
    top = max((Decimal(v) for v in nilai), default=Decimal(0)) or Decimal(1)
    isi, y = [], 4.0
    for kat, v in zip(g.kategori, nilai, strict=True):
        w = float(Decimal(v) / top) * (LEBAR - 2)
        isi.append(f'<text x="0" y="{y + 12:.0f}">{_e(kat)}</text>')
        isi.append(
            f'<text x="{LEBAR}" y="{y + 12:.0f}" text-anchor="end" font-weight="600">{_e(singkat(v, g.satuan))}</text>'
        )
        isi.append(
            f'<rect x="0" y="{y + 17:.0f}" width="{max(w, 1 if v else 0):.1f}" height="12" rx="2" fill="{WARNA[0]}"/>'
        )
        y += 36
    return _svg(g, y, isi)


def tumpuk(g: Grafik) -> SafeString:
    """One stacked horizontal bar per category; the total is written at its right."""
    totals = [sum((Decimal(s.nilai[i]) for s in g.seri), Decimal(0)) for i in range(len(g.kategori))]
    top = max(totals, default=Decimal(0)) or Decimal(1)
    isi, y = _legenda(g, 14)
    y += 2
    for i, kat in enumerate(g.kategori):
        isi.append(f'<text x="0" y="{y + 12:.0f}">{_e(kat)}</text>')
        isi.append(
            f'<text x="{LEBAR}" y="{y + 12:.0f}" text-anchor="end" font-weight="600">'
            f"{_e(singkat(totals[i], g.satuan))}</text>"
        )
        x = 0.0
        for j, s in enumerate(g.seri):
            w = float(Decimal(s.nilai[i]) / top) * (LEBAR - 2)
            if w > 0:
                isi.append(
                    f'<rect x="{x:.1f}" y="{y + 17:.0f}" width="{w:.1f}" height="12" fill="{WARNA[j % len(WARNA)]}">'
                    f"<title>{_e(s.nama)}: {_e(g.teks(s.nilai[i]))}</title></rect>"
                )
                x += w
        y += 36
    return _svg(g, y, isi)


def _langkah(top: Decimal) -> Decimal:
    """A round grid step: 1, 2 or 5 times a power of ten, about four steps to the top."""
    if top <= 0:
        return Decimal(1)
    raw = top / 4
    exp = Decimal(10) ** int(math.floor(math.log10(float(raw))))
    for m in (1, 2, 5, 10):
        if raw <= m * exp:
            return m * exp
    return 10 * exp


def garis(g: Grafik) -> SafeString:
    """A line per series over the categories (years); series differ by colour and dash."""
    n = len(g.kategori)
    top = max((Decimal(v) for s in g.seri for v in s.nilai), default=Decimal(0))
    step = _langkah(top)
    ymax = step * max(1, math.ceil(top / step)) if top else step
    isi, legend_bottom = _legenda(g, 14, garis=True)
    kiri, atas, tinggi = 56.0, legend_bottom + 6, 160.0
    lebar = LEBAR - kiri - 10
    ticks = int(ymax / step)
    for t in range(ticks + 1):
        garis_v = step * t
        y = atas + tinggi - float(garis_v / ymax) * tinggi
        isi.append(f'<line x1="{kiri}" y1="{y:.1f}" x2="{LEBAR - 10}" y2="{y:.1f}" stroke="#d0d7de"/>')
        isi.append(
            f'<text x="{kiri - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="10">'
            f"{_e(singkat(garis_v, g.satuan))}</text>"
        )

    def px(i: int) -> float:
        return kiri + (lebar / 2 if n == 1 else lebar * i / (n - 1))

    for i, kat in enumerate(g.kategori):
        isi.append(
            f'<text x="{px(i):.1f}" y="{atas + tinggi + 16:.1f}" text-anchor="middle" font-size="10">{_e(kat)}</text>'
        )
    for j, s in enumerate(g.seri):
        warna = WARNA[j % len(WARNA)]
        titik = [(px(i), atas + tinggi - float(Decimal(v) / ymax) * tinggi) for i, v in enumerate(s.nilai)]
        dash = f' stroke-dasharray="{GARIS[j % len(GARIS)]}"' if GARIS[j % len(GARIS)] else ""
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in titik)
        isi.append(f'<polyline points="{path}" fill="none" stroke="{warna}" stroke-width="2.5"{dash}/>')
        for (x, y), v, kat in zip(titik, s.nilai, g.kategori, strict=True):
            isi.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{warna}">'
                f"<title>{_e(s.nama)} {_e(kat)}: {_e(g.teks(v))}</title></circle>"
            )
    return _svg(g, atas + tinggi + 24, isi)


def render(g: Grafik) -> SafeString:
    if g.jenis == "garis":
        return garis(g)
    return batang(g)


# --- the tile map of Banten ----------------------------------------------------------------

# Banten's 8 kabupaten/kota (DOMAIN.md "Banten") as tiles (column, row, width) roughly where
# they lie: Cilegon at the north-west tip, the Serang pair behind it, the Tangerang area to
# the east, Pandeglang and Lebak across the south.
PETAK: dict[str, tuple[int, int, int, str]] = {
    "36.72": (0, 0, 1, "Cilegon"),
    "36.73": (1, 0, 1, "Kota Serang"),
    "36.03": (2, 0, 1, "Kab. Tangerang"),
    "36.71": (3, 0, 1, "Kota Tangerang"),
    "36.04": (1, 1, 1, "Kab. Serang"),
    "36.74": (3, 1, 1, "Tangsel"),
    "36.01": (0, 2, 1, "Pandeglang"),
    "36.02": (1, 2, 2, "Lebak"),
}
SKALA = ("#e8f3ee", "#b7dcc8", "#74b894", "#2f8a5c", "#0f5132")  # light to dark green
KELAS = len(SKALA)


@dataclass(frozen=True)
class KelasPeta:
    warna: str
    dari: Decimal
    sampai: Decimal


def kelas_peta(nilai: Sequence[Angka]) -> list[KelasPeta]:
    """Five equal-width classes between the smallest and the largest value."""
    vals = [Decimal(v) for v in nilai]
    lo, hi = (min(vals), max(vals)) if vals else (Decimal(0), Decimal(0))
    width = (hi - lo) / KELAS if hi > lo else Decimal(0)
    return [KelasPeta(SKALA[i], lo + width * i, hi if i == KELAS - 1 else lo + width * (i + 1)) for i in range(KELAS)]


def _warna_kelas(v: Decimal, kelas: list[KelasPeta]) -> int:
    for i, k in enumerate(kelas):
        if v <= k.sampai:
            return i
    return KELAS - 1


def peta(*, id: str, judul: str, deskripsi: str, nilai: dict[str, Angka], satuan: str) -> SafeString:
    """The tile map: each tile carries its name and value; darker green is more."""
    kelas = kelas_peta(list(nilai.values()))
    w, h, gap = 96.0, 58.0, 4.0
    isi = []
    for kode, (col, row, span, nama) in PETAK.items():
        x, y = col * (w + gap), row * (h + gap)
        tw = span * w + (span - 1) * gap
        ada = kode in nilai
        i = _warna_kelas(Decimal(nilai[kode]), kelas) if ada else 0
        fill = SKALA[i] if ada else "#ffffff"
        ink = "#ffffff" if ada and i >= 3 else "#1b1f23"
        teks = singkat(nilai[kode], satuan) if ada else "—"
        isi.append(
            f'<g><rect x="{x:.0f}" y="{y:.0f}" width="{tw:.0f}" height="{h:.0f}" rx="6" fill="{fill}" '
            f'stroke="#5c636a" stroke-width="1"/>'
            f'<text x="{x + tw / 2:.0f}" y="{y + 24:.0f}" text-anchor="middle" fill="{ink}" '
            f'font-size="11">{_e(nama)}</text>'
            f'<text x="{x + tw / 2:.0f}" y="{y + 42:.0f}" text-anchor="middle" fill="{ink}" font-size="13" '
            f'font-weight="700">{_e(teks)}</text></g>'
        )
    g = Grafik(id=id, judul=judul, deskripsi=deskripsi, jenis="peta", kategori=(), seri=())
    return _svg(g, 3 * h + 2 * gap + 2, isi)


def tabel_html(g: Grafik, *, caption: str, kosong: str) -> SafeString:
    """The chart's plain table (rendered here rather than in a template loop: the dashboard
    shows fifteen of them and template loops cost more than the queries)."""
    header, body, foot = g.tabel()
    out = [f'<div class="table-wrap"><table id="tabel-{_e(g.id)}"><caption class="skip">{_e(caption)}</caption>']
    out.append(
        "<thead><tr>"
        + "".join(f'<th scope="col"{" class=num" if i else ""}>{_e(h)}</th>' for i, h in enumerate(header))
        + "</tr></thead><tbody>"
    )
    for row in body:
        cells = "".join(f'<td class="num">{_e(c)}</td>' for c in row[1:])
        out.append(f'<tr><th scope="row">{_e(row[0])}</th>{cells}</tr>')
    if not body:
        out.append(f'<tr><td colspan="{len(header)}" class="empty">{_e(kosong)}</td></tr>')
    out.append("</tbody>")
    if foot and body:
        out.append(
            "<tfoot><tr>"
            + "".join(f"<td{' class=num' if i else ''}>{_e(c)}</td>" for i, c in enumerate(foot))
            + "</tr></tfoot>"
        )
    out.append("</table></div>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped
