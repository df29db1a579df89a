"""Writes of the Dinas registry: every change audited in the same transaction."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from gotong.core.audit import audit_changes, audit_record, snapshot
from gotong.ledger import services as ledger_services
from gotong.loans import services as loans_services
from gotong.notifications.models import Saluran
from gotong.notifications.services import pesan_antrikan
from gotong.province import agregat, registry, selectors
from gotong.province.models import UNDANGAN_BERLAKU_HARI, PengurusKoperasi, UndanganKoperasi
from gotong.savings import services as savings_services
from gotong.tenancy.models import Koperasi, NamaPeran, Peran, StatusKoperasi

REGISTRY_FIELDS = [
    "nama",
    "jenis",
    "pola",
    "kelompok",
    "nomor_badan_hukum",
    "tanggal_badan_hukum",
    "nik_koperasi",
    "alamat",
    "kabupaten_kode",
    "kecamatan_kode",
    "desa_kode",
    "telepon",
    "email",
    "kontak_nama",
    "kontak_telepon",
    "status",
]
IMPOR_TIDAK_LENGKAP = "Impor dibatalkan: {n} baris tidak lolos pemeriksaan ulang. Periksa lagi berkasnya."


def _kode_baru(nama: str) -> str:
    base = (slugify(nama) or "koperasi")[:32].strip("-")
    kode, n = base, 1
    while Koperasi.objects.filter(kode=kode).exists():
        n += 1
        kode = f"{base}-{n}"
    return kode


def _cek_unik(koperasi: Koperasi) -> None:
    """NIK koperasi and badan hukum number are unique: checked here with messages naming the
    holder; partial unique constraints on Koperasi (where filled) are the database's backstop."""
    terdaftar = selectors.terdaftar(provinsi=koperasi.provinsi_kode, kecuali=koperasi.pk)
    errors: dict[str, str] = {}
    if koperasi.nik_koperasi in terdaftar.nik:
        nama = terdaftar.nik[koperasi.nik_koperasi]
        errors["nik_koperasi"] = str(registry.NIK_KOPERASI_GANDA).format(nilai=koperasi.nik_koperasi, nama=nama)
    if koperasi.nomor_badan_hukum in terdaftar.badan_hukum:
        nama = terdaftar.badan_hukum[koperasi.nomor_badan_hukum]
        errors["nomor_badan_hukum"] = str(registry.BADAN_HUKUM_GANDA).format(
            nilai=koperasi.nomor_badan_hukum, nama=nama
        )
    if errors:
        raise ValidationError(errors)


def _apply(koperasi: Koperasi, data: dict[str, Any]) -> None:
    for name in REGISTRY_FIELDS:
        if name in data:
            setattr(koperasi, name, data[name] if data[name] is not None else "")
    if "tanggal_badan_hukum" in data and not data["tanggal_badan_hukum"]:
        koperasi.tanggal_badan_hukum = None
    koperasi.aktif = koperasi.status == StatusKoperasi.AKTIF


def koperasi_registry_create(*, data: dict[str, Any], actor: Any) -> Koperasi:
    with transaction.atomic():
        koperasi = Koperasi(provinsi_kode="36", digital=False)
        _apply(koperasi, data)
        koperasi.kode = _kode_baru(koperasi.nama)
        _cek_unik(koperasi)
        koperasi.full_clean()
        koperasi.save()
        audit_record(koperasi=koperasi, aktor=actor, aksi="registry.tambah", objek=koperasi, sesudah=snapshot(koperasi))
        return koperasi


def koperasi_registry_update(*, koperasi: Koperasi, data: dict[str, Any], actor: Any) -> Koperasi:
    with transaction.atomic():
        locked = Koperasi.objects.select_for_update().get(pk=koperasi.pk)
        before = snapshot(locked, [*REGISTRY_FIELDS, "aktif"])
        _apply(locked, data)
        _cek_unik(locked)
        locked.full_clean()
        locked.save()
        audit_changes(
            koperasi=locked,
            aktor=actor,
            aksi="registry.ubah",
            objek=locked,
            sebelum=before,
            sesudah=snapshot(locked, [*REGISTRY_FIELDS, "aktif"]),
        )
        return locked


def pengurus_tambah(*, koperasi: Koperasi, data: dict[str, Any], actor: Any) -> PengurusKoperasi:
    with transaction.atomic():
        pengurus = PengurusKoperasi(koperasi=koperasi, **data)
        pengurus.full_clean()
        pengurus.save()
        audit_record(
            koperasi=koperasi, aktor=actor, aksi="registry.pengurus_tambah", objek=pengurus, sesudah=snapshot(pengurus)
        )
        return pengurus


def _dari_baris(row: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = dict(row)
    data["pola"] = row["pola"] or "konvensional"
    data["status"] = row["status"] or StatusKoperasi.AKTIF
    tanggal = row["tanggal_badan_hukum"]
    data["tanggal_badan_hukum"] = dt.date.fromisoformat(tanggal) if tanggal else None
    return data


def registry_import(*, rows: list[dict[str, str]], wilayah: str, actor: Any) -> list[Koperasi]:
    """Write every row or none. The rows are checked again here: the registry may have
    changed since the dry run (another officer, another import). The dashboard's aggregates
    are rebuilt once per kabupaten/kota at the end (agregat.tunda), not once per row."""
    with transaction.atomic(), agregat.tunda():
        good, bad = registry.periksa(rows, wilayah=wilayah, terdaftar=selectors.terdaftar())
        if bad or len(good) != len(rows):
            raise ValidationError(IMPOR_TIDAK_LENGKAP.format(n=len(bad)))
        return [koperasi_registry_create(data=_dari_baris(row), actor=actor) for row in good]


# --- Invitation onto the platform (ISSUES #6 "Registry") -------------------------------

UNDANGAN_PERAN = [NamaPeran.KETUA, NamaPeran.SEKRETARIS, NamaPeran.BENDAHARA, NamaPeran.MANAJER]
UNDANGAN_BUKAN_WILAYAH = _("Koperasi ini bukan wilayah kerja Anda.")
UNDANGAN_SUDAH_DIGITAL = _("Koperasi ini sudah memakai Gotong; tidak perlu diundang.")
UNDANGAN_TIDAK_AKTIF = _(
    "Hanya koperasi berstatus aktif yang dapat diundang. Perbarui statusnya dulu bila sudah aktif."
)
UNDANGAN_MASIH_ADA = _("Masih ada undangan terbuka untuk koperasi ini. Batalkan dulu bila ingin mengirim yang baru.")
UNDANGAN_TANPA_KONTAK = _("Isi e-mail atau nomor WhatsApp pengurus agar tautan pendaftaran bisa dikirim.")
UNDANGAN_PERAN_SALAH = _("Pilih peran pengurus: ketua, sekretaris, bendahara atau manajer.")
UNDANGAN_TIDAK_ADA = _("Undangan tidak ditemukan. Periksa lagi tautannya.")
UNDANGAN_DIBATALKAN = _("Undangan ini sudah dibatalkan oleh Dinas. Mintalah undangan baru kepada Dinas Koperasi.")
UNDANGAN_TERPAKAI = _("Undangan ini sudah dipakai. Silakan masuk dengan nama pengguna yang dibuat saat itu.")
UNDANGAN_KEDALUWARSA = _(
    "Undangan ini sudah kedaluwarsa (berlaku {hari} hari). Mintalah undangan baru kepada Dinas Koperasi."
)
UNDANGAN_SUDAH_BATAL = _("Undangan ini sudah tidak terbuka; tidak ada yang perlu dibatalkan.")
NAMA_PENGGUNA_DIPAKAI = _("Nama pengguna ini sudah dipakai. Pilih nama pengguna lain.")
NAMA_PENGGUNA_KOSONG = "Isi nama pengguna."


def undangan_tautan(undangan: UndanganKoperasi) -> str:
    """The absolute sign-up link sent to the pengurus (GOTONG_BASE_URL + /undangan/<token>/)."""
    path = reverse("undangan:terima", args=[undangan.token])
    return settings.GOTONG_BASE_URL.rstrip("/") + path


def undangan_terbuka(koperasi: Koperasi) -> UndanganKoperasi | None:
    now = timezone.now()
    qs = UndanganKoperasi.objects.filter(koperasi=koperasi, dipakai_pada=None, dibatalkan=False)
    return qs.filter(kedaluwarsa_pada__gt=now).order_by("-dibuat_pada").first()


def undangan_buat(*, koperasi: Koperasi, wilayah: str, data: dict[str, Any], actor: Any) -> UndanganKoperasi:
    """Invite the pengurus of a registry-only, active cooperative of the officer's region.

    The invitation, its audit row and the outbox message(s) are written in one transaction;
    the message is sent after commit. At most one open invitation per cooperative.
    """
    with transaction.atomic():
        locked = Koperasi.objects.select_for_update().get(pk=koperasi.pk)
        if not Koperasi.objects.in_region(wilayah).filter(pk=locked.pk).exists():
            raise ValidationError(UNDANGAN_BUKAN_WILAYAH)
        if locked.digital:
            raise ValidationError(UNDANGAN_SUDAH_DIGITAL)
        if locked.status != StatusKoperasi.AKTIF:
            raise ValidationError(UNDANGAN_TIDAK_AKTIF)
        if undangan_terbuka(locked) is not None:
            raise ValidationError(UNDANGAN_MASIH_ADA)
        email, telepon = (data.get("email") or "").strip(), (data.get("telepon") or "").strip()
        if not email and not telepon:
            raise ValidationError(UNDANGAN_TANPA_KONTAK)
        peran = data.get("peran") or NamaPeran.KETUA
        if peran not in UNDANGAN_PERAN:
            raise ValidationError({"peran": UNDANGAN_PERAN_SALAH})
        now = timezone.now()
        undangan = UndanganKoperasi(
            koperasi=locked, nama=(data.get("nama") or "").strip(), email=email, telepon=telepon, peran=peran
        )
        undangan.dibuat_pada, undangan.kedaluwarsa_pada = now, now + dt.timedelta(days=UNDANGAN_BERLAKU_HARI)
        undangan.dibuat_oleh = actor if actor is not None and actor.pk else None
        undangan.full_clean()
        undangan.save()
        audit_record(
            koperasi=locked, aktor=actor, aksi="registry.undangan_buat", objek=undangan, sesudah=snapshot(undangan)
        )
        konteks = {"undangan": undangan, "koperasi": locked, "tautan": undangan_tautan(undangan)}
        isi = render_to_string("province/pesan/undangan.txt", konteks)
        subjek = f"Undangan memakai Gotong: {locked.nama}"
        for saluran, tujuan in ((Saluran.EMAIL, email), (Saluran.WHATSAPP, telepon)):
            if tujuan:
                pesan_antrikan(koperasi=locked, saluran=saluran, tujuan=tujuan, subjek=subjek, isi=isi)
        return undangan


def undangan_batal(*, undangan: UndanganKoperasi, actor: Any) -> UndanganKoperasi:
    with transaction.atomic():
        locked = UndanganKoperasi.objects.select_for_update().get(pk=undangan.pk)
        if not locked.terbuka():
            raise ValidationError(UNDANGAN_SUDAH_BATAL)
        locked.dibatalkan = True
        locked.save(update_fields=["dibatalkan"])
        audit_record(
            koperasi=locked.koperasi,
            aktor=actor,
            aksi="registry.undangan_batal",
            objek=locked,
            sebelum={"dibatalkan": False},
            sesudah={"dibatalkan": True},
        )
        return locked


def undangan_periksa(undangan: UndanganKoperasi) -> None:
    """Raise the reason an invitation can no longer be used (in Bahasa Indonesia)."""
    if undangan.dibatalkan:
        raise ValidationError(UNDANGAN_DIBATALKAN)
    if undangan.dipakai_pada is not None:
        raise ValidationError(UNDANGAN_TERPAKAI)
    if undangan.kedaluwarsa_pada <= timezone.now():
        raise ValidationError(UNDANGAN_KEDALUWARSA.format(hari=UNDANGAN_BERLAKU_HARI))
    if undangan.koperasi.digital:
        raise ValidationError(UNDANGAN_SUDAH_DIGITAL)
    if undangan.koperasi.status != StatusKoperasi.AKTIF:
        raise ValidationError(UNDANGAN_TIDAK_AKTIF)


def _cek_akun_baru(*, username: str, password: str, nama_lengkap: str, email: str) -> None:
    user_model = get_user_model()
    errors: dict[str, list[Any]] = {}
    if not username:
        errors["username"] = [NAMA_PENGGUNA_KOSONG]
    else:
        try:
            user_model.username_validator(username)  # type: ignore[attr-defined]
        except ValidationError as exc:
            errors["username"] = list(exc.messages)
        if user_model.objects.filter(username__iexact=username).exists():
            errors.setdefault("username", []).append(NAMA_PENGGUNA_DIPAKAI)
    calon = user_model(username=username, email=email, nama_lengkap=nama_lengkap)
    try:
        validate_password(password, user=calon)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)


def undangan_terima(*, token: str, username: str, password: str, nama_lengkap: str, email: str) -> Any:
    """The invited pengurus signs up: one transaction creates the user and the role, turns the
    *same* Koperasi row digital (its registry history, yearly figures and visits stay), gives it
    the chart of accounts and default savings/loan products and marks the invitation used."""
    username, nama_lengkap, email = username.strip(), nama_lengkap.strip(), email.strip()
    with transaction.atomic():
        undangan = UndanganKoperasi.objects.select_for_update().filter(token=token).first()
        if undangan is None:
            raise ValidationError(UNDANGAN_TIDAK_ADA)
        koperasi = Koperasi.objects.select_for_update().get(pk=undangan.koperasi_id)
        undangan.koperasi = koperasi
        undangan_periksa(undangan)
        _cek_akun_baru(username=username, password=password, nama_lengkap=nama_lengkap, email=email)
        user = get_user_model().objects.create_user(
            username=username, password=password, nama_lengkap=nama_lengkap, email=email, telepon=undangan.telepon
        )
        peran = Peran.objects.create(user=user, koperasi=koperasi, peran=undangan.peran)
        before = snapshot(koperasi, ["digital", "digital_sejak"])
        koperasi.digital, koperasi.digital_sejak = True, timezone.localdate()
        koperasi.save(update_fields=["digital", "digital_sejak"])
        ledger_services.bagan_akun_siapkan(koperasi=koperasi)
        savings_services.produk_default_siapkan(koperasi=koperasi)
        loans_services.produk_default_siapkan(koperasi=koperasi)
        undangan.dipakai_pada, undangan.dipakai_oleh = timezone.now(), user
        undangan.save(update_fields=["dipakai_pada", "dipakai_oleh"])
        audit_changes(
            koperasi=koperasi,
            aktor=user,
            aksi="registry.undangan_terima",
            objek=koperasi,
            sebelum=before,
            sesudah=snapshot(koperasi, ["digital", "digital_sejak"]),
        )
        audit_record(koperasi=koperasi, aktor=user, aksi="peran.tambah", objek=peran, sesudah=snapshot(peran))
        return user
