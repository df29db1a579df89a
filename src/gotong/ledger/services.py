"""Writes for the ledger: the chart of accounts, month close/reopen, manual entries
that take effect only after a second person approves them."""

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gotong.core.audit import audit_changes, audit_record, snapshot
from gotong.core.formatting import tanggal as format_tanggal
from gotong.ledger.chart import AKUN_SISTEM, DEFAULT_CHART, AkunBaku
from gotong.ledger.models import Akun, Jurnal, Periode, Sisi, StatusUsulan, SumberJurnal, UsulanJurnal
from gotong.ledger.posting import AKUN_TIDAK_ADA, BarisUsulan, JurnalBuilder, jurnal_reverse, kunci_bulan
from gotong.tenancy.models import Koperasi

PERIODE_SUDAH_DITUTUP = _("Bulan {periode} sudah ditutup.")
PERIODE_BELUM_BERJALAN = _("Bulan {periode} belum berjalan; hanya bulan yang sudah dimulai yang bisa ditutup.")
PERIODE_BELUM_DITUTUP = _("Bulan {periode} belum ditutup.")
AKUN_SUDAH_DIPAKAI = _("Akun {akun} sudah punya transaksi; akun itu tidak bisa dihapus, hanya dinonaktifkan.")


def bagan_akun_siapkan(*, koperasi: Koperasi) -> int:
    """Give a koperasi the default chart of accounts; accounts it has are kept. Returns how many were added."""
    with transaction.atomic():
        by_code = {a.kode: a for a in Akun.objects.filter(koperasi=koperasi)}
        pending = [baku for baku in DEFAULT_CHART if baku.kode not in by_code]
        added = len(pending)
        while pending:
            # One INSERT per level of the tree: a parent needs its id before its children.
            ready = [b for b in pending if not b.induk or b.induk in by_code or b.induk not in _codes(pending)]
            created = Akun.objects.bulk_create(
                Akun(
                    koperasi=koperasi,
                    kode=b.kode,
                    nama=b.nama,
                    tipe=b.tipe,
                    saldo_normal=b.saldo_normal,
                    induk=by_code.get(b.induk),
                )
                for b in ready
            )
            by_code.update({a.kode: a for a in created})
            pending = [b for b in pending if b.kode not in by_code]
    return added


def _codes(rows: list[AkunBaku]) -> set[str]:
    return {b.kode for b in rows}


def _periode(koperasi: Koperasi, tahun: int, bulan: int) -> Periode:
    Periode.objects.get_or_create(koperasi=koperasi, tahun=tahun, bulan=bulan)
    return Periode.objects.select_for_update().get(koperasi=koperasi, tahun=tahun, bulan=bulan)


def periode_tutup(*, koperasi: Koperasi, tahun: int, bulan: int, actor: Any) -> Periode:
    """Close a month: no posting may be dated in it until a pengurus reopens it."""
    with transaction.atomic():
        if (tahun, bulan) > (timezone.localdate().year, timezone.localdate().month):
            raise ValidationError(str(PERIODE_BELUM_BERJALAN).format(periode=f"{bulan:02d}/{tahun}"))
        kunci_bulan(koperasi, tahun, bulan, eksklusif=True)  # waits for postings in flight
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


AKUN_KODE_SALAH = _("Kode akun harus diawali kode induknya lalu titik dan angka, misalnya {contoh}.")
AKUN_KODE_DIPAKAI = _("Kode {kode} sudah dipakai akun lain di koperasi ini.")
AKUN_INDUK_BERTRANSAKSI = _("Akun {akun} sudah punya transaksi, jadi tidak bisa diberi sub-akun. Pilih induk lain.")
AKUN_SISTEM_TETAP = _(
    "Akun {akun} dipakai otomatis oleh Gotong (setoran, penarikan, jasa simpanan); "
    "akun itu tidak bisa dinonaktifkan atau dihapus."
)
NAMA_AKUN_WAJIB = _("Tulis nama akun.")
AKUN_PUNYA_SUB = _("Akun {akun} masih punya sub-akun; hapus sub-akunnya dulu.")
_KODE = re.compile(r"[0-9]{1,4}")


def akun_tambah(*, induk: Akun, kode: str, nama: str, saldo_normal: str | None, actor: Any) -> Akun:
    """Add an account under a parent of the same koperasi; it takes the parent's type."""
    kode, nama = kode.strip(), " ".join(nama.split())
    prefix, _dot, tail = kode.rpartition(".")
    if prefix != induk.kode or not _KODE.fullmatch(tail):
        raise ValidationError({"kode": str(AKUN_KODE_SALAH).format(contoh=f"{induk.kode}.05")})
    if not nama:
        raise ValidationError({"nama": str(NAMA_AKUN_WAJIB)})
    with transaction.atomic():
        if Akun.objects.filter(koperasi=induk.koperasi, kode=kode).exists():
            raise ValidationError({"kode": str(AKUN_KODE_DIPAKAI).format(kode=kode)})
        if induk.baris.exists():
            raise ValidationError({"induk": str(AKUN_INDUK_BERTRANSAKSI).format(akun=induk)})
        akun = Akun.objects.create(
            koperasi=induk.koperasi,
            kode=kode,
            nama=nama[:120],
            tipe=induk.tipe,
            saldo_normal=saldo_normal or induk.saldo_normal,
            induk=induk,
        )
        audit_record(koperasi=akun.koperasi, aktor=actor, aksi="akun.tambah", objek=akun, sesudah=snapshot(akun))
        return akun


def akun_ubah(*, akun: Akun, nama: str, aktif: bool, actor: Any) -> Akun:
    """Rename an account or switch it on/off; postings to an inactive account are refused."""
    nama = " ".join(nama.split())
    if not nama:
        raise ValidationError({"nama": str(NAMA_AKUN_WAJIB)})
    if not aktif and akun.kode in AKUN_SISTEM:
        raise ValidationError({"aktif": str(AKUN_SISTEM_TETAP).format(akun=akun)})
    with transaction.atomic():
        before = snapshot(akun, ["nama", "aktif"])
        akun.nama, akun.aktif = nama[:120], aktif
        akun.save(update_fields=["nama", "aktif"])
        audit_changes(
            koperasi=akun.koperasi,
            aktor=actor,
            aksi="akun.ubah",
            objek=akun,
            sebelum=before,
            sesudah=snapshot(akun, ["nama", "aktif"]),
        )
        return akun


def akun_delete(*, akun: Akun, actor: Any) -> None:
    """Delete an unused account; an account with postings is only ever deactivated."""
    if akun.kode in AKUN_SISTEM:
        raise ValidationError(str(AKUN_SISTEM_TETAP).format(akun=akun))
    with transaction.atomic():
        if akun.anak.exists():
            raise ValidationError(str(AKUN_PUNYA_SUB).format(akun=akun))
        if akun.baris.exists() or akun.saldo_bulanan.exists():
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
        # Set before posting: a posted entry is never updated (PostgreSQL refuses it).
        builder.sumber_id, builder.disetujui_oleh = str(locked.pk), actor
        jurnal = builder.post()
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


# Entries a person may reverse here. Entries from a subledger (savings, loans, sales) are
# corrected in their own module, which reverses the subledger row and the entry together;
# reversing only the entry here would split the subledger from its control account.
SUMBER_BISA_DIBALIK = frozenset({SumberJurnal.MANUAL, SumberJurnal.SALDO_AWAL})
JURNAL_SUDAH_DIBALIK = _("Jurnal {nomor} sudah dibalik dengan jurnal {balik}.")
JURNAL_TIDAK_BISA_DIBALIK = _(
    "Jurnal dari sumber “{sumber}” dikoreksi lewat modulnya sendiri, agar buku pembantu tetap sama "
    "dengan buku besar. Di sini hanya jurnal umum (manual) dan saldo awal yang bisa dibalik."
)
ALASAN_BALIK_WAJIB = _("Tulis alasan pembalikan.")
TANGGAL_BALIK_TERLALU_AWAL = _("Tanggal pembalikan tidak boleh sebelum tanggal jurnal aslinya ({tanggal}).")


def jurnal_balik(*, jurnal: Jurnal, tanggal: dt.date, alasan: str, actor: Any) -> Jurnal:
    """Correct a posted manual entry with a reversal dated ``tanggal`` (audited with the reason)."""
    alasan = " ".join(alasan.split())
    if not alasan:
        raise ValidationError({"alasan": str(ALASAN_BALIK_WAJIB)})
    if jurnal.sumber not in SUMBER_BISA_DIBALIK:
        raise ValidationError(str(JURNAL_TIDAK_BISA_DIBALIK).format(sumber=jurnal.get_sumber_display()))
    if tanggal > timezone.localdate():
        raise ValidationError({"tanggal": str(TANGGAL_MASA_DEPAN)})
    if tanggal < jurnal.tanggal:
        awal = format_tanggal(jurnal.tanggal)
        raise ValidationError({"tanggal": str(TANGGAL_BALIK_TERLALU_AWAL).format(tanggal=awal)})
    with transaction.atomic():
        balik = Jurnal.objects.filter(membalik=jurnal).first()
        if balik is not None:
            raise ValidationError(str(JURNAL_SUDAH_DIBALIK).format(nomor=jurnal.nomor, balik=balik.nomor))
        balik = jurnal_reverse(jurnal=jurnal, tanggal=tanggal, actor=actor, alasan=alasan)
        audit_record(
            koperasi=jurnal.koperasi,
            aktor=actor,
            aksi="jurnal.balik",
            objek=jurnal,
            sesudah={"pembalikan": balik.nomor, "tanggal": tanggal.isoformat(), "alasan": alasan},
        )
        return balik
