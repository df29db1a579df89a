"""Queue messages in the outbox; the sending task runs after commit."""

from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from gotong.notifications.channels import CHANNELS, ChannelError
from gotong.notifications.models import Pesan, Saluran, StatusPesan


def pesan_antrikan(*, koperasi: Any, saluran: str, tujuan: str, subjek: str, isi: str) -> Pesan:
    """Write a message in the caller's transaction; send it only if that commits."""
    pesan = Pesan.objects.create(koperasi=koperasi, saluran=saluran, tujuan=tujuan, subjek=subjek, isi=isi)
    transaction.on_commit(lambda: _enqueue(pesan.pk))
    return pesan


def _enqueue(pesan_id: int) -> None:
    from gotong.notifications.tasks import kirim_pesan

    kirim_pesan.delay(pesan_id)


def pesan_antrikan_untuk_anggota(*, anggota: Any, subjek: str, template: str) -> Pesan:
    """E-mail when the person gave one, otherwise WhatsApp to their phone."""
    isi = render_to_string(template, {"anggota": anggota, "koperasi": anggota.koperasi})
    if anggota.email:
        saluran, tujuan = Saluran.EMAIL, anggota.email
    else:
        saluran, tujuan = Saluran.WHATSAPP, anggota.telepon
    return pesan_antrikan(koperasi=anggota.koperasi, saluran=saluran, tujuan=tujuan, subjek=subjek, isi=isi)


def pesan_kirim(*, pesan_id: int) -> Pesan:
    """Deliver one queued message through its channel; record success or the reason."""
    with transaction.atomic():
        pesan = Pesan.objects.select_for_update().get(pk=pesan_id)
        if pesan.status == StatusPesan.TERKIRIM:
            return pesan  # a retried task never sends twice
        pesan.percobaan += 1
        try:
            CHANNELS[pesan.saluran].send(pesan)
        except ChannelError as exc:
            pesan.status, pesan.galat_terakhir = StatusPesan.GAGAL, str(exc)
        else:
            pesan.status, pesan.galat_terakhir, pesan.dikirim_pada = StatusPesan.TERKIRIM, "", timezone.now()
        pesan.save()
        return pesan


def pesan_coba_lagi(*, pesan: Pesan) -> Pesan:
    """Staff ask for a failed message to be sent again."""
    with transaction.atomic():
        locked = Pesan.objects.select_for_update().get(pk=pesan.pk)
        if locked.status == StatusPesan.GAGAL:
            locked.status = StatusPesan.ANTRI
            locked.save(update_fields=["status"])
            transaction.on_commit(lambda: _enqueue(locked.pk))
        return locked
