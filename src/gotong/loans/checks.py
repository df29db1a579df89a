"""The loan subledger against the ledger, for ``manage.py check_books``.

Outstanding principal of all loans equals 1.20 Piutang pinjaman anggota; accrued interest
equals 1.21; the provision (PPAP) equals 1.20.99; advances held equal 2.13. Per loan, the
outstanding principal equals the principal not yet paid on its current schedule.
"""

from django.db.models import DecimalField, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from gotong.core.formatting import rupiah
from gotong.core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS, ZERO
from gotong.ledger import chart
from gotong.ledger.checks import bandingkan_kontrol
from gotong.loans.models import Angsuran, Pinjaman, StatusPinjaman
from gotong.tenancy.models import Koperasi

SISA_BEDA_JADWAL = _("Pinjaman {nomor}: sisa pokok {sisa}, pokok belum dibayar di jadwalnya {jadwal}.")
_MONEY = DecimalField(max_digits=MONEY_MAX_DIGITS + 4, decimal_places=MONEY_DECIMAL_PLACES)

KONTROL = (
    ("sisa_pokok", chart.PIUTANG_PINJAMAN, _("Piutang pinjaman anggota")),
    ("bunga_akrual", chart.PIUTANG_JASA_PINJAMAN, _("Piutang jasa pinjaman")),
    ("ppap", chart.PENYISIHAN_PINJAMAN, _("Penyisihan penghapusan pinjaman (PPAP)")),
    ("titipan", chart.TITIPAN_ANGSURAN, _("Titipan angsuran")),
)


def pinjaman_cocok_kontrol(koperasi: Koperasi) -> list[str]:
    """Each loan balance kept on the loans adds up to its control account."""
    totals = Pinjaman.objects.filter(koperasi=koperasi).aggregate(
        **{field: Coalesce(Sum(field), ZERO, output_field=_MONEY) for field, _kode, _nama in KONTROL}
    )
    problems: list[str] = []
    for field, kode, nama in KONTROL:
        problems += bandingkan_kontrol(koperasi=koperasi, kode=kode, nama=str(nama), pembantu=totals[field])
    return problems


def pinjaman_cocok_angsuran(koperasi: Koperasi) -> list[str]:
    """A running loan's outstanding principal equals its schedule's unpaid principal."""
    belum = (
        Angsuran.objects.filter(pinjaman=OuterRef("pk"), aktif=True, versi=OuterRef("versi_jadwal"))
        .values("pinjaman")
        .annotate(s=Sum(F("pokok") - F("pokok_dibayar")))
        .values("s")
    )
    rows = (
        Pinjaman.objects.filter(koperasi=koperasi, status__in=[StatusPinjaman.AKTIF, StatusPinjaman.LUNAS])
        .annotate(jadwal=Coalesce(Subquery(belum), ZERO, output_field=_MONEY))
        .filter(~Q(sisa_pokok=F("jadwal")))
        .order_by("nomor")
    )
    return [
        str(SISA_BEDA_JADWAL).format(nomor=r.nomor, sisa=rupiah(r.sisa_pokok), jadwal=rupiah(r.jadwal)) for r in rows
    ]
