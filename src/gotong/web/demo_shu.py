"""The demo koperasi's SHU for a closed book year: computed with the year's settings (the
DOMAIN.md defaults unless saved otherwise), approved with the RAT's decision, posted, and — for
past years — every share recorded as paid in cash at the RAT.

Call it after the year is closed and before the month of the RAT is closed: the SHU entry is
dated the RAT decision and a closed month refuses it. With the demo's book years that means
close 2024, ``demo_shu(2024, RAT 15 March 2025)``, then close 2025, ``demo_shu(2025, …)``, then
close this year's months.
"""

import datetime as dt
from typing import Any

from gotong.shu import selectors, services
from gotong.shu.models import BagianSHUAnggota, PembagianSHU
from gotong.tenancy.models import Koperasi


def demo_shu(
    *,
    koperasi: Koperasi,
    tahun: int,
    tanggal_rat: dt.date,
    nomor_rat: str,
    actor: Any,
    bayar_tunai_pada: dt.date | None,
) -> PembagianSHU:
    """Approve and post the year's SHU (``actor`` a pengurus); pay every share in cash at the
    RAT on ``bayar_tunai_pada`` if given. Running it again returns the approved SHU as it is."""
    pembagian = selectors.pembagian_tahun(koperasi=koperasi, tahun=tahun)
    if pembagian is None:
        pembagian = services.shu_setujui(
            koperasi=koperasi,
            tahun=tahun,
            tanggal_rat=tanggal_rat,
            nomor_rat=nomor_rat,
            actor=actor,
            today=max(tanggal_rat, bayar_tunai_pada or tanggal_rat),
        )
    terutang = BagianSHUAnggota.objects.filter(pembagian=pembagian).terutang().exists()
    if bayar_tunai_pada is not None and terutang:
        services.shu_bayar_tunai_rat(pembagian=pembagian, tanggal=bayar_tunai_pada, actor=actor)
    return pembagian
