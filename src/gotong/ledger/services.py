"""Writes for the ledger: the chart of accounts, month close/reopen, manual entries
that take effect only after a second person approves them."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gotong.core.audit import audit_record, snapshot
from gotong.ledger.chart import DEFAULT_CHART
from gotong.ledger.models import Akun, Jurnal, Periode, Sisi, StatusUsulan, SumberJurnal, UsulanJurnal
from gotong.ledger.posting import AKUN_TIDAK_ADA, BarisUsulan, JurnalBuilder
from gotong.tenancy.models import Koperasi

PERIODE_SUDAH_DITUTUP = _("Bulan {periode} sudah ditutup.")
PERIODE_BELUM_DITUTUP = _("Bulan {periode} belum ditutup.")
AKUN_SUDAH_DIPAKAI = _("Akun {akun} sudah punya transaksi; akun itu tidak bisa dihapus, hanya dinonaktifkan.")


def bagan_akun_siapkan(*, koperasi: Koperasi) -> int:
    """Give a koperasi the default chart of accounts; accounts it has are kept. Returns how many were added."""
    existing = set(Akun.objects.filter(koperasi=koperasi).values_list("kode", flat=True))
    added = 0
    with transaction.atomic():
        by_code = {a.kode: a for a in Akun.objects.filter(koperasi=koperasi)}
        for baku in DEFAULT_CHART:
            if baku.kode in existing:
                continue
            by_code[baku.kode] = Akun.objects.create(
                koperasi=koperasi,
                kode=baku.kode,
                nama=baku.nama,
                tipe=baku.tipe,
                saldo_normal=baku.saldo_normal,
                induk=by_code.get(baku.induk),
            )
            added += 1
    return added


def _periode(koperasi: Koperasi, tahun: int, bulan: int) -> Periode:
    Periode.objects.get_or_create(koperasi=koperasi, tahun=tahun, bulan=bulan)
    return Periode.objects.select_for_update().get(koperasi=koperasi, tahun=tahun, bulan=bulan)


def periode_tutup(*, koperasi: Koperasi, tahun: int, bulan: int, actor: Any) -> Periode:
    """Close a month: no posting may be dated in it until a pengurus reopens it."""
    with transaction.atomic():
        periode = _periode(koperasi, tahun, bulan)
        if periode.ditutup:
            raise ValidationError(str(PERIODE_SUDAH_DITUTUP).format(periode=periode))
        periode.ditutup, periode.ditutup_oleh, periode.ditutup_pada = True, actor, timezone.now()
        periode.save()
        audit_record(koperasi=koperasi, aktor=actor, aksi="periode.tutup", objek=periode, sesudah=snapshot(periode))
        return periode


def periode_buka(*, koperasi: Koperasi, tahun: int, bulan: int, actor: Any, alasan: str) -> Periode:
    """Reopen a closed month (pengurus only, checked by the view); audited with the reason."""
    if not alasan.strip():
        raise ValidationError({"alasan": _("Tulis alasan membuka kembali bulan ini.")})
    with transaction.atomic():
        periode = _periode(koperasi, tahun, bulan)
        if not periode.ditutup:
            raise ValidationError(str(PERIODE_BELUM_DITUTUP).format(periode=periode))
        before = snapshot(periode)
        periode.ditutup, periode.ditutup_oleh, periode.ditutup_pada = False, None, None
        periode.save()
        audit_record(
            koperasi=koperasi,
            aktor=actor,
            aksi="periode.buka",
            objek=periode,
            sebelum=before,
            sesudah={**snapshot(periode), "alasan": alasan.strip()},
        )
        return periode


def akun_delete(*, akun: Akun, actor: Any) -> None:
    """Delete an unused account; an account with postings is only ever deactivated."""
    with transaction.atomic():
        if akun.baris.exists() or akun.anak.exists():
            raise ValidationError(str(AKUN_SUDAH_DIPAKAI).format(akun=akun))
        audit_record(koperasi=akun.koperasi, aktor=actor, aksi="akun.hapus", objek=akun, sebelum=snapshot(akun))
        akun.delete()


USULAN_BUKAN_MENUNGGU = _("Jurnal usulan ini sudah diputus.")
PEMBUAT_TIDAK_BOLEH_MENYETUJUI = _("Jurnal umum harus disetujui orang lain, bukan pembuatnya (prinsip empat mata).")
TANGGAL_MASA_DEPAN = _("Tanggal jurnal tidak boleh di masa depan.")


def usulan_jurnal_buat(
    *, koperasi: Koperasi, tanggal: dt.date, keterangan: str, baris: list[BarisUsulan], actor: Any
) -> UsulanJurnal:
    """Staff propose a manual entry; it is checked now and posted only when approved."""
    if tanggal > timezone.localdate():
        raise ValidationError({"tanggal": str(TANGGAL_MASA_DEPAN)})
    builder = _builder(koperasi, tanggal, keterangan, baris, actor, kunci=None)
    builder.check()  # refuse an unbalanced or closed-period proposal at once
    with transaction.atomic():
        usulan = UsulanJurnal.objects.create(
            koperasi=koperasi,
            tanggal=tanggal,
            keterangan=keterangan,
            baris=[b.as_json() for b in baris],
            dibuat_oleh=actor,
        )
        audit_record(koperasi=koperasi, aktor=actor, aksi="jurnal.usulan", objek=usulan, sesudah=snapshot(usulan))
        return usulan


def _builder(
    koperasi: Koperasi, tanggal: dt.date, keterangan: str, baris: list[BarisUsulan], actor: Any, kunci: str | None
) -> JurnalBuilder:
    builder = JurnalBuilder(
        koperasi=koperasi, tanggal=tanggal, keterangan=keterangan, sumber=SumberJurnal.MANUAL, kunci=kunci, actor=actor
    )
    accounts = {a.pk: a for a in Akun.objects.filter(koperasi=koperasi, pk__in=[b.akun_id for b in baris])}
    for b in baris:
        target = accounts.get(b.akun_id)
        if target is None:
            raise ValidationError(str(AKUN_TIDAK_ADA).format(kode=b.akun_id))
        (builder.debit if b.sisi == Sisi.DEBIT else builder.kredit)(target, b.jumlah, keterangan=b.keterangan)
    return builder


def _lock_usulan(usulan: UsulanJurnal) -> UsulanJurnal:
    locked = UsulanJurnal.objects.select_for_update().get(pk=usulan.pk)
    if locked.status != StatusUsulan.MENUNGGU:
        raise ValidationError(str(USULAN_BUKAN_MENUNGGU))
    return locked


def usulan_jurnal_setujui(*, usulan: UsulanJurnal, actor: Any) -> Jurnal:
    """A second person approves: the entry is posted (maker-checker)."""
    with transaction.atomic():
        locked = _lock_usulan(usulan)
        if locked.dibuat_oleh_id == actor.pk:
            raise ValidationError(str(PEMBUAT_TIDAK_BOLEH_MENYETUJUI))
        baris = [BarisUsulan.from_json(row) for row in locked.baris]
        builder = _builder(
            locked.koperasi, locked.tanggal, locked.keterangan, baris, locked.dibuat_oleh, f"usulan-{locked.pk}"
        )
        builder.sumber_id = str(locked.pk)
        jurnal = builder.post()
        Jurnal.objects.filter(pk=jurnal.pk).update(disetujui_oleh=actor)
        locked.status, locked.diputus_oleh, locked.diputus_pada, locked.jurnal = (
            StatusUsulan.DISETUJUI,
            actor,
            timezone.now(),
            jurnal,
        )
        locked.save()
        audit_record(
            koperasi=locked.koperasi, aktor=actor, aksi="jurnal.setujui", objek=locked, sesudah={"jurnal": jurnal.nomor}
        )
        return jurnal


def usulan_jurnal_tolak(*, usulan: UsulanJurnal, actor: Any, alasan: str) -> UsulanJurnal:
    if not alasan.strip():
        raise ValidationError({"alasan": _("Tulis alasan penolakan jurnal.")})
    with transaction.atomic():
        locked = _lock_usulan(usulan)
        locked.status, locked.diputus_oleh, locked.diputus_pada = StatusUsulan.DITOLAK, actor, timezone.now()
        locked.alasan_tolak = alasan.strip()
        locked.save()
        audit_record(
            koperasi=locked.koperasi,
            aktor=actor,
            aksi="jurnal.tolak",
            objek=locked,
            sesudah={"alasan": locked.alasan_tolak},
        )
        return locked
