"""The SHU subledger against the ledger: what the members are still owed (their approved,
unpaid shares) equals utang SHU anggota (2.20). ``check_books`` and the year close run it."""

from django.db.models import Sum

from gotong.core.money import ZERO
from gotong.ledger import chart
from gotong.ledger.checks import bandingkan_kontrol
from gotong.shu.models import BagianSHUAnggota, StatusBagian
from gotong.tenancy.models import Koperasi


def utang_shu_cocok(koperasi: Koperasi) -> list[str]:
    belum = BagianSHUAnggota.objects.filter(koperasi=koperasi, status=StatusBagian.BELUM)
    total = belum.aggregate(s=Sum("total"))["s"] or ZERO
    return bandingkan_kontrol(koperasi=koperasi, kode=chart.UTANG_SHU_ANGGOTA, nama="Utang SHU anggota", pembantu=total)
