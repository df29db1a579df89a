"""The demo's SHU: approved, posted and paid in cash at the RAT, once."""

from decimal import Decimal

from gotong.accounts.models import User
from gotong.ledger.checks import periksa_buku
from gotong.ledger.models import Jurnal, SumberJurnal
from gotong.ledger.posting import akun
from gotong.ledger.selectors import saldo_akun
from gotong.members.models import Anggota
from gotong.shu.models import BagianSHUAnggota, CaraBayarSHU, StatusBagian
from gotong.shu.tests.helpers import TAHUN, TANGGAL_RAT, buku_2025, tutup
from gotong.tenancy.models import Koperasi
from gotong.web.demo_shu import demo_shu


def test_demo_shu_approves_posts_and_pays_everything_in_cash_at_the_rat(
    maju: Koperasi, citra_anggota: Anggota, ani: User, budi: User
) -> None:
    buku = buku_2025(maju, citra_anggota, budi)
    tutup(buku, ani)
    args = {"koperasi": maju, "tahun": TAHUN, "tanggal_rat": TANGGAL_RAT, "nomor_rat": "05/RAT/II/2026"}

    p = demo_shu(**args, actor=ani, bayar_tunai_pada=TANGGAL_RAT)
    again = demo_shu(**args, actor=ani, bayar_tunai_pada=TANGGAL_RAT)

    assert again.pk == p.pk and p.shu == Decimal("1100000")
    rows = BagianSHUAnggota.objects.filter(pembagian=p)
    assert rows.count() == 3 and all(b.status == StatusBagian.DIBAYAR for b in rows)
    assert {b.cara_bayar for b in rows} == {CaraBayarSHU.TUNAI_RAT}
    assert saldo_akun(akun=akun(maju, "2.20"), per=TANGGAL_RAT) == 0
    assert Jurnal.objects.filter(sumber=SumberJurnal.SHU).count() == 2  # the allocation and the payout
    assert periksa_buku(maju) == []
