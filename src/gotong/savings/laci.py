"""Writes for the kasir's cash drawer (laci kas): opened with a float, closed with a cash
count; the difference (count − expected) is posted in one entry — over to 4.90 Pendapatan
lain-lain, short to 5.90 Beban lain-lain — and kept on the drawer."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gotong.core.audit import audit_record
from gotong.core.formatting import rupiah
from gotong.core.money import ZERO, money
from gotong.ledger import chart
from gotong.ledger.models import SumberJurnal
from gotong.ledger.posting import JurnalBuilder, akun
from gotong.savings.models import SesiKas
from gotong.savings.selectors import laci_ringkasan
from gotong.savings.services import uang_laci_sah
from gotong.tenancy.models import Koperasi

LACI_SUDAH_TERBUKA = _("Laci kas Anda sudah terbuka (tanggal {tanggal}); tutup dulu sebelum membuka yang baru.")
LACI_SUDAH_DITUTUP = _("Laci kas ini sudah ditutup.")
LACI_BUKAN_MILIK = _("Laci kas ini milik kasir lain.")
RINCIAN_TIDAK_COCOK = _("Jumlah rincian pecahan {rincian} tidak sama dengan total uang dihitung {total}.")
LEMBAR_TIDAK_SAH = _("Jumlah lembar/keping harus bilangan bulat, tidak negatif.")

# Rupiah notes and coins in circulation (Bank Indonesia), for the optional count per denomination.
PECAHAN = (100000, 50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100)


def laci_buka(*, koperasi: Koperasi, kasir: Any, saldo_awal: Decimal, tanggal: dt.date) -> SesiKas:
    """Open the kasir's drawer for the day with its float (uang modal laci).

    The float moves within Kas (vault to drawer), so no entry is posted.
    """
    saldo_awal = uang_laci_sah(saldo_awal, "saldo_awal")
    with transaction.atomic():
        open_ = SesiKas.objects.filter(koperasi=koperasi, kasir=kasir, ditutup_pada__isnull=True).first()
        if open_ is not None:
            raise ValidationError(str(LACI_SUDAH_TERBUKA).format(tanggal=open_.tanggal.strftime("%d-%m-%Y")))
        try:
            with transaction.atomic():
                return SesiKas.objects.create(koperasi=koperasi, kasir=kasir, tanggal=tanggal, saldo_awal=saldo_awal)
        except IntegrityError as exc:  # a double click: the first request opened it
            raise ValidationError(str(LACI_SUDAH_TERBUKA).format(tanggal=tanggal.strftime("%d-%m-%Y"))) from exc


def rincian_total(rincian: dict[int, int]) -> Decimal:
    """The value of a count per denomination ({50000: 3, 1000: 7} → 157.000)."""
    if any(lembar < 0 for lembar in rincian.values()):
        raise ValidationError(str(LEMBAR_TIDAK_SAH))
    return money(sum(pecahan * lembar for pecahan, lembar in rincian.items()))


def laci_tutup(*, sesi: SesiKas, actor: Any, uang_dihitung: Decimal, rincian: dict[int, int] | None = None) -> SesiKas:
    """Close a drawer with the cash counted; post the difference, if any, in one entry dated the drawer's day."""
    uang_dihitung = uang_laci_sah(uang_dihitung, "uang_dihitung")
    if rincian and rincian_total(rincian) != uang_dihitung:
        raise ValidationError(
            {
                "uang_dihitung": str(RINCIAN_TIDAK_COCOK).format(
                    rincian=rupiah(rincian_total(rincian)), total=rupiah(uang_dihitung)
                )
            }
        )
    with transaction.atomic():
        locked = SesiKas.objects.select_for_update().select_related("koperasi").get(pk=sesi.pk)
        if locked.ditutup_pada is not None:
            raise ValidationError(str(LACI_SUDAH_DITUTUP))
        if locked.kasir_id != actor.pk:
            raise ValidationError(str(LACI_BUKAN_MILIK))
        ringkasan = laci_ringkasan(sesi=locked)
        selisih = uang_dihitung - ringkasan.seharusnya
        locked.jurnal_selisih = _post_selisih(locked, selisih, actor) if selisih else None
        locked.uang_dihitung, locked.selisih, locked.ditutup_pada = uang_dihitung, selisih, timezone.now()
        locked.save()
        audit_record(
            koperasi=locked.koperasi,
            aktor=actor,
            aksi="laci.tutup",
            objek=locked,
            sesudah={
                "seharusnya": str(ringkasan.seharusnya),
                "dihitung": str(uang_dihitung),
                "selisih": str(selisih),
                "rincian": {str(k): v for k, v in (rincian or {}).items() if v},
            },
        )
        return locked


def _post_selisih(sesi: SesiKas, selisih: Decimal, actor: Any) -> Any:
    koperasi = sesi.koperasi
    lebih = selisih > ZERO
    builder = JurnalBuilder(
        koperasi=koperasi,
        tanggal=sesi.tanggal,
        keterangan=f"Selisih kas {'lebih' if lebih else 'kurang'} laci {sesi.kasir} {sesi.tanggal:%d-%m-%Y}",
        sumber=SumberJurnal.SELISIH_KAS,
        sumber_id=str(sesi.pk),
        kunci=f"laci-{sesi.pk}",
        actor=actor,
    )
    if lebih:
        builder.debit(akun(koperasi, chart.KAS), selisih).kredit(akun(koperasi, chart.PENDAPATAN_LAIN), selisih)
    else:
        builder.debit(akun(koperasi, chart.BEBAN_LAIN), -selisih).kredit(akun(koperasi, chart.KAS), -selisih)
    return builder.post()
