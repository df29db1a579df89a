"""A little real activity on top of the demo data, done through the real services so
the audit trail, status history and message outbox have something to show."""

import datetime as dt

from gotong.accounts.models import User
from gotong.members import services
from gotong.members.models import Anggota, StatusAnggota
from gotong.tenancy.models import Koperasi
from gotong.tenancy.services import koperasi_update_settings

ALASAN_TOLAK = "Foto KTP tidak terbaca. Silakan daftar ulang dengan foto KTP yang jelas."


def demo_activity(*, koperasi: Koperasi, ketua: User, manajer: User | None, on_date: dt.date) -> None:
    """The ketua decides two applications, the manajer corrects a phone number, and the
    koperasi's office phone changes — each audited, each decision notified."""
    calon = list(Anggota.objects.for_koperasi(koperasi).calon().order_by("tanggal_daftar", "id")[:2])
    if len(calon) == 2:
        services.anggota_approve(anggota=calon[0], actor=ketua, tanggal_masuk=on_date)
        services.anggota_reject(anggota=calon[1], actor=ketua, alasan=ALASAN_TOLAK, on_date=on_date)
    member = Anggota.objects.for_koperasi(koperasi).filter(status=StatusAnggota.AKTIF).order_by("id").first()
    if member is not None:
        services.anggota_update(anggota=member, actor=manajer or ketua, data={"telepon": "081398765432"})
    koperasi_update_settings(koperasi=koperasi, actor=ketua, data={"telepon": "(0254) 200123"})
