"""Writes for the SHU: the year's settings, the RAT's approval with its posting, and payouts.

Approval (pengurus, with the RAT's decision date and number) stores the distribution, freezes
the settings and posts one entry dated the RAT decision: Dr 3.99 SHU tahun berjalan by the
year's SHU / Cr 3.20 cadangan (its percentage + rounding remainder + non-members' SHU), Cr 2.21
each fund (pengurus, karyawan, pendidikan, sosial), Cr 2.20 utang SHU anggota one line per member.

A member's share is paid once (row lock, status, idempotency key): to the member's sukarela
account (Dr 2.20 / Cr 2.10 with the savings movement, so the subledger stays equal to 2.10), in
cash at the counter from the kasir's open drawer with a receipt (Dr 2.20 / Cr 1.01), or in cash
at the RAT for a list of members in one entry (Dr 2.20 per member / Cr 1.01).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gotong.core.audit import audit_changes, audit_record, snapshot
from gotong.core.formatting import tanggal as format_tanggal
from gotong.core.money import ZERO
from gotong.ledger import chart
from gotong.ledger.models import Jurnal, SumberJurnal
from gotong.ledger.posting import JurnalBuilder, akun_banyak
from gotong.reports.models import TahunBuku
from gotong.reports.shu import SATUAN_TIDAK_SAH, SHUError, periksa_persen
from gotong.savings.models import JenisMutasi, RekeningSimpanan
from gotong.savings.services import kwitansi_buat, mutasi_catat, rekening_kunci, sesi_kas_terbuka
from gotong.shu import selectors
from gotong.shu.models import (
    AkunVolume,
    BagianSHUAnggota,
    CaraBayarSHU,
    DasarModal,
    PembagianSHU,
    PengaturanSHU,
    SatuanPembulatan,
    StatusBagian,
)
from gotong.shu.selectors import PENGATURAN_FIELDS, SHU_DISETUJUI_TIDAK_DIBUKA
from gotong.tenancy.models import PENGURUS, Koperasi, NamaPeran
from gotong.tenancy.scope import roles_of

# Accounts of the SHU entry (DOMAIN.md default chart), named in ``ledger.chart``.
UTANG_SHU_ANGGOTA = chart.UTANG_SHU_ANGGOTA
DANA_SHU = chart.DANA_SHU
CADANGAN = chart.CADANGAN

# Who may do what (the views check the same sets; the services refuse anyone else too).
PENGATUR = PENGURUS
PEMBAYAR = PENGURUS | {NamaPeran.MANAJER, NamaPeran.KASIR}
KETERANGAN_DANA = {
    "dana_pengurus": "Dana pengurus",
    "dana_karyawan": "Dana karyawan",
    "dana_pendidikan": "Dana pendidikan",
    "dana_sosial": "Dana sosial",
}
BAYAR_PER_ENTRI = 200  # members per sukarela entry when everything is paid at once

__all__ = ["SHU_DISETUJUI_TIDAK_DIBUKA"]

BUKAN_PENGURUS = _("Hanya pengurus (ketua, sekretaris, bendahara) yang bisa mengatur dan menyetujui SHU.")
BUKAN_PEMBAYAR = _("Hanya pengurus, manajer atau kasir yang bisa membayarkan SHU.")
SUDAH_DISETUJUI = _("SHU tahun buku {tahun} sudah disetujui; pengaturan dan pembagiannya tidak bisa diubah lagi.")
TAHUN_BELUM_DITUTUP = _("Tutup buku tahun {tahun} dulu: SHU disetujui dari tahun buku yang sudah ditutup.")
NOMOR_RAT_WAJIB = _("Tulis nomor keputusan RAT.")
TANGGAL_RAT_SEBELUM_AKHIR_TAHUN = _(
    "Tanggal keputusan RAT harus sesudah akhir tahun buku ({akhir}); RAT diadakan setelah tahun buku berakhir."
)
TANGGAL_RAT_MASA_DEPAN = _("Tanggal keputusan RAT tidak boleh sesudah hari ini.")
AKUN_VOLUME_WAJIB = _("Pilih paling sedikit satu jenis transaksi yang dihitung sebagai volume usaha anggota.")
AKUN_VOLUME_TIDAK_SAH = _("Pilihan transaksi volume usaha tidak dikenal.")
DASAR_MODAL_TIDAK_SAH = _("Pilih saldo simpanan untuk jasa modal: rata-rata setahun atau akhir tahun.")
SUDAH_DIBAYAR = _("SHU {nama} tahun buku {tahun} sudah dibayar ({cara}, {tanggal}).")
TIDAK_ADA_BAGIAN = _("{nama} tidak mendapat SHU tahun buku {tahun}; tidak ada yang dibayar.")
TANGGAL_BAYAR_SEBELUM_RAT = _("SHU dibayar paling cepat pada tanggal keputusan RAT ({tanggal}).")
TIDAK_ADA_SUKARELA = _("{nama} tidak punya rekening simpanan sukarela aktif; bayarkan SHU-nya tunai.")
TIDAK_ADA_YANG_DIBAYAR = _("Tidak ada bagian SHU yang belum dibayar di antara anggota yang dipilih.")
BAGIAN_LAIN_PEMBAGIAN = _("Bagian SHU ini bukan dari pembagian tahun buku ini.")
PRATINJAU_BERUBAH = _(
    "Angka SHU berubah sejak halaman ini dibuka (pengaturan atau data anggota diubah). "
    "Periksa pembagian yang baru di bawah, lalu setujui lagi."
)
RUGI_TIDAK_DIBAGI = _("Tahun buku {tahun} rugi; tidak ada SHU yang dibagikan.")


def _check_peran(koperasi: Koperasi, actor: Any, allowed: frozenset[str], pesan: Any) -> None:
    if actor is None or not roles_of(actor, koperasi) & allowed:
        raise ValidationError(str(pesan))


def _check_belum_disetujui(koperasi: Koperasi, tahun: int) -> None:
    if PembagianSHU.objects.for_koperasi(koperasi).filter(tahun=tahun).exists():
        raise ValidationError(str(SUDAH_DISETUJUI).format(tahun=tahun))


# --- Settings ----------------------------------------------------------------------------------


def _check_pengaturan(p: PengaturanSHU) -> None:
    try:
        periksa_persen(selectors.persentase(p))
    except SHUError as exc:
        # The pure module names a percentage ("cadangan", "jma"); the form field is "persen_<name>".
        raise ValidationError({f"persen_{exc.field}": str(exc)} if exc.field else str(exc)) from exc
    akun = list(p.akun_volume or [])
    if not akun:
        raise ValidationError({"akun_volume": str(AKUN_VOLUME_WAJIB)})
    if not set(akun) <= set(AkunVolume.values):
        raise ValidationError({"akun_volume": str(AKUN_VOLUME_TIDAK_SAH)})
    if p.dasar_modal not in DasarModal.values:
        raise ValidationError({"dasar_modal": str(DASAR_MODAL_TIDAK_SAH)})
    if p.satuan_pembulatan not in SatuanPembulatan.values:
        raise ValidationError({"satuan_pembulatan": str(SATUAN_TIDAK_SAH)})


def pengaturan_shu_simpan(*, koperasi: Koperasi, tahun: int, actor: Any, data: dict[str, Any]) -> PengaturanSHU:
    """Save the year's SHU settings (pengurus) until the SHU is approved; audited."""
    _check_peran(koperasi, actor, PENGATUR, BUKAN_PENGURUS)
    with transaction.atomic():
        _check_belum_disetujui(koperasi, tahun)
        p = selectors.pengaturan_shu(koperasi=koperasi, tahun=tahun)
        before = snapshot(p, PENGATURAN_FIELDS) if p.pk else {}
        for name in PENGATURAN_FIELDS:
            if name in data:
                setattr(p, name, data[name])
        if "akun_volume" in data:
            p.akun_volume = sorted(str(k) for k in data["akun_volume"])
        _check_pengaturan(p)
        p.diubah_oleh = actor
        p.save()
        p.refresh_from_db()
        audit_changes(
            koperasi=koperasi,
            aktor=actor,
            aksi="shu.pengaturan",
            objek=p,
            sebelum=before,
            sesudah=snapshot(p, PENGATURAN_FIELDS),
        )
        return p


# --- Approval and posting ----------------------------------------------------------------------


def _check_rat(tahun: int, tanggal_rat: dt.date, nomor_rat: str, today: dt.date) -> None:
    if not nomor_rat.strip():
        raise ValidationError({"nomor_rat": str(NOMOR_RAT_WAJIB)})
    akhir = selectors.akhir_tahun(tahun)
    if tanggal_rat <= akhir:
        raise ValidationError({"tanggal_rat": str(TANGGAL_RAT_SEBELUM_AKHIR_TAHUN).format(akhir=_tgl(akhir))})
    if tanggal_rat > today:
        raise ValidationError({"tanggal_rat": str(TANGGAL_RAT_MASA_DEPAN)})


def _tgl(tanggal: dt.date) -> str:
    return format_tanggal(tanggal)


def _pengaturan_beku(koperasi: Koperasi, tahun: int) -> PengaturanSHU:
    """The settings the approval freezes: saved now if the year still used the defaults."""
    p = selectors.pengaturan_shu(koperasi=koperasi, tahun=tahun)
    if p.pk is None:
        _check_pengaturan(p)
        p.save()
    return PengaturanSHU.objects.select_for_update().get(pk=p.pk)


def shu_setujui(
    *,
    koperasi: Koperasi,
    tahun: int,
    tanggal_rat: dt.date,
    nomor_rat: str,
    actor: Any,
    today: dt.date | None = None,
    sidik: str = "",
) -> PembagianSHU:
    """Approve the SHU of a closed year as the RAT decided: store it, post it, freeze the settings.

    ``sidik`` is the fingerprint of the preview the pengurus approved (``selectors.sidik_pratinjau``);
    if the figures computed now differ, nothing is approved."""
    _check_peran(koperasi, actor, PENGATUR, BUKAN_PENGURUS)
    _check_rat(tahun, tanggal_rat, nomor_rat, today or timezone.localdate())
    with transaction.atomic():
        # The year's row locked: a reopening waits, then finds the approval (penghalang_buka).
        tb = TahunBuku.objects.select_for_update().filter(koperasi=koperasi, tahun=tahun, ditutup=True).first()
        if tb is None:
            raise ValidationError(str(TAHUN_BELUM_DITUTUP).format(tahun=tahun))
        _check_belum_disetujui(koperasi, tahun)
        p = _pengaturan_beku(koperasi, tahun)
        pratinjau = selectors.pratinjau(koperasi=koperasi, tahun=tahun, pengaturan=p)
        if sidik and sidik != selectors.sidik_pratinjau(pratinjau):
            raise ValidationError(str(PRATINJAU_BERUBAH))
        hasil = pratinjau.hasil
        a = hasil.alokasi
        pembagian = PembagianSHU.objects.create(
            koperasi=koperasi,
            tahun=tahun,
            pengaturan=p,
            shu=a.shu,
            shu_anggota=a.shu_anggota,
            shu_non_anggota=a.shu_non_anggota,
            cadangan_persen=a.cadangan_persen,
            sisa_pembulatan=a.sisa_pembulatan,
            cadangan=a.cadangan,
            jasa_anggota=a.jasa_anggota,
            jua=a.jua,
            jma=a.jma,
            total_bagian=hasil.total_bagian,
            vuk=hasil.vuk,
            tms=hasil.tms,
            tanggal_rat=tanggal_rat,
            nomor_rat=nomor_rat.strip()[:100],
            disetujui_oleh=actor,
            **a.dana,
        )
        BagianSHUAnggota.objects.bulk_create(
            (
                BagianSHUAnggota(
                    koperasi=koperasi,
                    pembagian=pembagian,
                    anggota_id=b.anggota_id,
                    volume=b.volume,
                    simpanan=b.simpanan,
                    jasa_usaha=b.jasa_usaha,
                    jasa_modal=b.jasa_modal,
                    total=b.total,
                )
                for b in hasil.bagian
            ),
            batch_size=1000,
        )
        if hasil.dibagi:
            pembagian.jurnal = _jurnal_pembagian(pembagian, actor)
            pembagian.save(update_fields=["jurnal"])
        audit_record(
            koperasi=koperasi,
            aktor=actor,
            aksi="shu.setujui",
            objek=pembagian,
            sesudah={**snapshot(pembagian), "anggota": len(hasil.bagian)},
        )
        return pembagian


def _jurnal_pembagian(pembagian: PembagianSHU, actor: Any) -> Jurnal:
    koperasi, tahun = pembagian.koperasi, pembagian.tahun
    shu_akun, cadangan, dana, utang = akun_banyak(koperasi, chart.SHU_BERJALAN, CADANGAN, DANA_SHU, UTANG_SHU_ANGGOTA)
    builder = JurnalBuilder(
        koperasi=koperasi,
        tanggal=pembagian.tanggal_rat,
        keterangan=f"Pembagian SHU tahun buku {tahun} (keputusan RAT No. {pembagian.nomor_rat})",
        sumber=SumberJurnal.SHU,
        sumber_id=str(pembagian.pk),
        kunci=f"shu-{tahun}-pembagian",
        actor=actor,
    )
    builder.debit(shu_akun, pembagian.shu, keterangan=f"SHU tahun buku {tahun}")
    if pembagian.cadangan > ZERO:
        builder.kredit(
            cadangan, pembagian.cadangan, keterangan="Cadangan (termasuk sisa pembulatan dan SHU non-anggota)"
        )
    for name, label in KETERANGAN_DANA.items():
        jumlah = getattr(pembagian, name)
        if jumlah > ZERO:
            builder.kredit(dana, jumlah, keterangan=f"{label} dari SHU {tahun}")
    rows = BagianSHUAnggota.objects.filter(pembagian=pembagian, total__gt=0).select_related("anggota")
    for b in rows.order_by("id").iterator(chunk_size=2000):
        builder.kredit(utang, b.total, anggota=b.anggota, keterangan=f"SHU {tahun} {b.anggota.nama}")
    return builder.post()


# --- Payouts -----------------------------------------------------------------------------------


def _check_tanggal_bayar(pembagian: PembagianSHU, tanggal: dt.date) -> None:
    if tanggal < pembagian.tanggal_rat:
        raise ValidationError({"tanggal": str(TANGGAL_BAYAR_SEBELUM_RAT).format(tanggal=_tgl(pembagian.tanggal_rat))})


def _kunci_bagian(bagian: BagianSHUAnggota) -> BagianSHUAnggota:
    """Lock one share and refuse it if paid or nothing."""
    b = (
        BagianSHUAnggota.objects.select_for_update(of=("self",))
        .select_related("anggota", "pembagian")
        .get(pk=bagian.pk)
    )
    if b.status == StatusBagian.DIBAYAR:
        raise ValidationError(
            str(SUDAH_DIBAYAR).format(
                nama=b.anggota.nama,
                tahun=b.pembagian.tahun,
                cara=b.get_cara_bayar_display().lower(),
                tanggal=_tgl(b.tanggal_bayar) if b.tanggal_bayar else "-",
            )
        )
    if b.total <= ZERO:
        raise ValidationError(str(TIDAK_ADA_BAGIAN).format(nama=b.anggota.nama, tahun=b.pembagian.tahun))
    return b


def _tandai(rows: Iterable[BagianSHUAnggota], cara: str, tanggal: dt.date, jurnal: Jurnal, actor: Any) -> None:
    for b in rows:
        b.status, b.cara_bayar, b.tanggal_bayar, b.jurnal_bayar = StatusBagian.DIBAYAR, cara, tanggal, jurnal
        b.dibayar_oleh = actor if actor is not None and actor.pk else None
        b.save(update_fields=["status", "cara_bayar", "tanggal_bayar", "jurnal_bayar", "dibayar_oleh", "kwitansi"])


def _builder(pembagian: PembagianSHU, tanggal: dt.date, uraian: str, kunci: str, actor: Any) -> JurnalBuilder:
    return JurnalBuilder(
        koperasi=pembagian.koperasi,
        tanggal=tanggal,
        keterangan=uraian,
        sumber=SumberJurnal.SHU,
        sumber_id=str(pembagian.pk),
        kunci=kunci,
        actor=actor,
    )


def _ke_sukarela(pembagian: PembagianSHU, rows: list[tuple[BagianSHUAnggota, RekeningSimpanan]], **kw: Any) -> Jurnal:
    """One entry for these shares into their sukarela accounts, and each account's movement."""
    tanggal, actor, kunci = kw["tanggal"], kw["actor"], kw["kunci"]
    utang, sukarela = akun_banyak(pembagian.koperasi, UTANG_SHU_ANGGOTA, chart.SIMPANAN_SUKARELA)
    uraian = f"SHU tahun buku {pembagian.tahun} ke simpanan sukarela"
    if len(rows) == 1:
        uraian += f" a.n. {rows[0][0].anggota.nama}"
    builder = _builder(pembagian, tanggal, uraian, kunci, actor)
    for b, _rek in rows:
        builder.debit(utang, b.total, anggota=b.anggota, keterangan=f"SHU {pembagian.tahun} {b.anggota.nama}")
        builder.kredit(sukarela, b.total, anggota=b.anggota, keterangan=f"SHU {pembagian.tahun} {b.anggota.nama}")
    jurnal = builder.post()
    for b, rek in sorted(rows, key=lambda r: r[1].pk):  # accounts locked in id order: no deadlock
        mutasi_catat(
            rekening=rekening_kunci(rek),
            tanggal=tanggal,
            jenis=JenisMutasi.SETOR,
            jumlah=b.total,
            jurnal=jurnal,
            keterangan=f"SHU tahun buku {pembagian.tahun}",
            actor=actor,
        )
    _tandai([b for b, _rek in rows], CaraBayarSHU.SUKARELA, tanggal, jurnal, actor)
    return jurnal


def bagian_bayar_sukarela(*, bagian: BagianSHUAnggota, tanggal: dt.date, actor: Any) -> BagianSHUAnggota:
    """Pay one member's share into their sukarela account."""
    _check_peran(bagian.koperasi, actor, PEMBAYAR, BUKAN_PEMBAYAR)
    with transaction.atomic():
        b = _kunci_bagian(bagian)
        _check_tanggal_bayar(b.pembagian, tanggal)
        rek = selectors.sukarela_aktif(b.anggota)
        if rek is None:
            raise ValidationError(str(TIDAK_ADA_SUKARELA).format(nama=b.anggota.nama))
        _ke_sukarela(b.pembagian, [(b, rek)], tanggal=tanggal, actor=actor, kunci=f"shu-bayar-{b.pk}")
        audit_record(
            koperasi=b.koperasi,
            aktor=actor,
            aksi="shu.bayar",
            objek=b,
            sesudah={"cara": "sukarela", "jumlah": str(b.total)},
        )
        return b


def bagian_bayar_tunai(*, bagian: BagianSHUAnggota, tanggal: dt.date, actor: Any) -> BagianSHUAnggota:
    """Pay one member's share in cash at the counter from the kasir's open drawer, with a receipt."""
    _check_peran(bagian.koperasi, actor, PEMBAYAR, BUKAN_PEMBAYAR)
    with transaction.atomic():
        b = _kunci_bagian(bagian)
        p = b.pembagian
        _check_tanggal_bayar(p, tanggal)
        sesi_kas_terbuka(koperasi=b.koperasi, kasir=actor, tanggal=tanggal)
        utang, kas = akun_banyak(b.koperasi, UTANG_SHU_ANGGOTA, chart.KAS)
        uraian = f"Pembayaran SHU tahun buku {p.tahun} a.n. {b.anggota.nama}"
        jurnal = (
            _builder(p, tanggal, uraian, f"shu-bayar-{b.pk}", actor)
            .debit(utang, b.total, anggota=b.anggota, keterangan=f"SHU {p.tahun} {b.anggota.nama}")
            .kredit(kas, b.total, keterangan="Dibayar tunai di loket")
            .post()
        )
        b.kwitansi = kwitansi_buat(
            koperasi=b.koperasi,
            anggota=b.anggota,
            jumlah=b.total,
            uraian=uraian,
            kasir=actor,
            jurnal=jurnal,
            tanggal=tanggal,
        )
        _tandai([b], CaraBayarSHU.TUNAI, tanggal, jurnal, actor)
        audit_record(
            koperasi=b.koperasi,
            aktor=actor,
            aksi="shu.bayar",
            objek=b,
            sesudah={"cara": "tunai", "jumlah": str(b.total)},
        )
        return b


@dataclass
class HasilBayar:
    """What a payout of many shares did: shares paid, their total, the entries, and members
    skipped (no active sukarela account: pay them in cash)."""

    dibayar: int = 0
    jumlah: Decimal = ZERO
    jurnal: list[Jurnal] = field(default_factory=list)
    dilewati: list[str] = field(default_factory=list)


def _potongan(pembagian: PembagianSHU, ids: list[int] | None, setelah: int) -> list[BagianSHUAnggota]:
    rows = BagianSHUAnggota.objects.filter(pembagian=pembagian, pk__gt=setelah).terutang()
    if ids is not None:
        rows = rows.filter(anggota_id__in=ids)
    return list(rows.select_for_update(of=("self",)).select_related("anggota").order_by("pk")[:BAYAR_PER_ENTRI])


def shu_bayar_semua_sukarela(*, pembagian: PembagianSHU, tanggal: dt.date, actor: Any) -> HasilBayar:
    """Pay every unpaid share into sukarela, ``BAYAR_PER_ENTRI`` members per entry, each chunk in
    its own transaction (a long run commits as it goes; run again, it continues where it stopped)."""
    _check_peran(pembagian.koperasi, actor, PEMBAYAR, BUKAN_PEMBAYAR)
    _check_tanggal_bayar(pembagian, tanggal)
    hasil, setelah = HasilBayar(), 0
    while True:
        with transaction.atomic():
            rows = _potongan(pembagian, None, setelah)
            if not rows:
                break
            setelah = rows[-1].pk
            siap = [(b, rek) for b in rows if (rek := selectors.sukarela_aktif(b.anggota)) is not None]
            hasil.dilewati += [b.anggota.nama for b in rows if b.pk not in {x.pk for x, _r in siap}]
            if siap:
                kunci = f"shu-sukarela-{pembagian.pk}-{siap[0][0].pk}-{siap[-1][0].pk}-{len(siap)}"
                potong = HasilBayar(len(siap), sum((b.total for b, _r in siap), ZERO))
                potong.jurnal.append(_ke_sukarela(pembagian, siap, tanggal=tanggal, actor=actor, kunci=kunci))
                _audit_massal(pembagian, actor, "sukarela", potong)
                hasil.dibayar += potong.dibayar
                hasil.jumlah += potong.jumlah
                hasil.jurnal += potong.jurnal
    if hasil.dibayar == 0 and not hasil.dilewati:
        raise ValidationError(str(TIDAK_ADA_YANG_DIBAYAR))
    return hasil


def shu_bayar_tunai_rat(
    *, pembagian: PembagianSHU, tanggal: dt.date, actor: Any, anggota_ids: list[int] | None = None
) -> HasilBayar:
    """Record the shares paid in cash at the RAT (bendahara): one entry, Dr 2.20 per member /
    Cr 1.01; ``anggota_ids`` None means every unpaid share."""
    _check_peran(pembagian.koperasi, actor, PENGATUR, BUKAN_PENGURUS)
    _check_tanggal_bayar(pembagian, tanggal)
    with transaction.atomic():
        rows = list(
            (
                BagianSHUAnggota.objects.filter(pembagian=pembagian).terutang()
                if anggota_ids is None
                else BagianSHUAnggota.objects.filter(pembagian=pembagian, anggota_id__in=anggota_ids).terutang()
            )
            .select_for_update(of=("self",))
            .select_related("anggota")
            .order_by("pk")
        )
        if not rows:
            raise ValidationError(str(TIDAK_ADA_YANG_DIBAYAR))
        utang, kas = akun_banyak(pembagian.koperasi, UTANG_SHU_ANGGOTA, chart.KAS)
        total = sum((b.total for b in rows), ZERO)
        kunci = f"shu-rat-{pembagian.pk}-{tanggal:%Y%m%d}-{rows[0].pk}-{rows[-1].pk}-{len(rows)}"
        builder = _builder(pembagian, tanggal, f"SHU tahun buku {pembagian.tahun} dibayar tunai saat RAT", kunci, actor)
        for b in rows:
            builder.debit(utang, b.total, anggota=b.anggota, keterangan=f"SHU {pembagian.tahun} {b.anggota.nama}")
        builder.kredit(kas, total, keterangan=f"Dibayar tunai saat RAT ({len(rows)} anggota)")
        jurnal = builder.post()
        _tandai(rows, CaraBayarSHU.TUNAI_RAT, tanggal, jurnal, actor)
        hasil = HasilBayar(len(rows), total, [jurnal])
        _audit_massal(pembagian, actor, "tunai_rat", hasil)
        return hasil


def _audit_massal(pembagian: PembagianSHU, actor: Any, cara: str, hasil: HasilBayar) -> None:
    audit_record(
        koperasi=pembagian.koperasi,
        aktor=actor,
        aksi="shu.bayar_massal",
        objek=pembagian,
        sesudah={
            "cara": cara,
            "anggota": hasil.dibayar,
            "jumlah": str(hasil.jumlah),
            "jurnal": [j.nomor for j in hasil.jurnal],
        },
    )
