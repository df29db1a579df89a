"""The member's setting: installments debited automatically from their sukarela on the due
date (the daily job ``pembayaran.harian_jalankan`` does the debit). Changed by staff or by the
member for their own loan; every change is audited."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from gotong.core.audit import audit_record
from gotong.loans.models import Pinjaman, StatusPinjaman
from gotong.savings.models import JenisSimpanan, RekeningSimpanan, StatusRekening

AUTODEBET_TIDAK_BERJALAN = _("Pinjaman {nomor} sudah {status}; potong otomatis hanya untuk pinjaman berjalan.")
AUTODEBET_TANPA_SUKARELA = _(
    "{nama} belum punya rekening simpanan sukarela aktif; buka rekening sukarela dulu sebelum memakai potong otomatis."
)
BOLEH = (StatusPinjaman.DISETUJUI, StatusPinjaman.AKTIF)


def autodebet_atur(*, pinjaman: Pinjaman, aktif: bool, actor: Any) -> Pinjaman:
    """Switch the automatic debit of ``pinjaman`` on or off; nothing changes (and nothing is
    audited) when it already is as asked."""
    with transaction.atomic():
        p = (
            Pinjaman.objects.select_for_update(of=("self",))
            .select_related("anggota", "koperasi")
            .get(pk=pinjaman.pk, koperasi_id=pinjaman.koperasi_id)
        )
        if p.autodebet == aktif:
            return p
        if p.status not in BOLEH:
            raise ValidationError(
                str(AUTODEBET_TIDAK_BERJALAN).format(nomor=p.nomor, status=p.get_status_display().lower())
            )
        if (
            aktif
            and not RekeningSimpanan.objects.filter(
                anggota=p.anggota, jenis=JenisSimpanan.SUKARELA, status=StatusRekening.AKTIF
            ).exists()
        ):
            raise ValidationError(str(AUTODEBET_TANPA_SUKARELA).format(nama=p.anggota.nama))
        p.autodebet = aktif
        p.save(update_fields=["autodebet"])
        audit_record(
            koperasi=p.koperasi,
            aktor=actor,
            aksi="pinjaman.autodebet",
            objek=p,
            sebelum={"autodebet": not aktif},
            sesudah={"autodebet": aktif},
        )
        return p
