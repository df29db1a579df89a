"""NIK koperasi and badan hukum number are unique in the database where filled (the registry's
own checks keep their clear messages; the constraint is the backstop)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gotong.province import registry, services
from gotong.tenancy.models import JenisKoperasi, Koperasi

pytestmark = pytest.mark.django_db


def _kop(kode: str, **kwargs: str) -> Koperasi:
    return Koperasi.objects.create(kode=kode, nama=kode, jenis=JenisKoperasi.JASA, kabupaten_kode="36.73", **kwargs)


def test_blank_nik_and_badan_hukum_may_repeat() -> None:
    _kop("a")
    _kop("b")
    assert Koperasi.objects.filter(nik_koperasi="", nomor_badan_hukum="").count() == 2


def test_the_database_refuses_a_second_nik() -> None:
    _kop("a", nik_koperasi="3673010170000001")
    with pytest.raises(IntegrityError), transaction.atomic():
        _kop("b", nik_koperasi="3673010170000001")


def test_the_database_refuses_a_second_badan_hukum() -> None:
    _kop("a", nomor_badan_hukum="1/BH/2000")
    with pytest.raises(IntegrityError), transaction.atomic():
        _kop("b", nomor_badan_hukum="1/BH/2000")


def test_full_clean_says_it_in_indonesian() -> None:
    _kop("a", nik_koperasi="3673010170000001", nomor_badan_hukum="1/BH/2000")
    kop = Koperasi(kode="b", nama="b", jenis=JenisKoperasi.JASA, kabupaten_kode="36.73")
    kop.nik_koperasi, kop.nomor_badan_hukum = "3673010170000001", "1/BH/2000"
    with pytest.raises(ValidationError) as exc:
        kop.full_clean()
    messages = exc.value.messages
    assert "NIK koperasi ini sudah dipakai koperasi lain." in messages
    assert "Nomor badan hukum ini sudah dipakai koperasi lain." in messages


def test_the_registry_service_keeps_its_own_message() -> None:
    first = _kop("a", nik_koperasi="3673010170000001")
    data = {"nama": "Baru", "jenis": "jasa", "kabupaten_kode": "36.73", "nik_koperasi": "3673010170000001"}
    with pytest.raises(ValidationError) as exc:
        services.koperasi_registry_create(data=data, actor=None)
    expected = str(registry.NIK_KOPERASI_GANDA).format(nilai="3673010170000001", nama=first.nama)
    assert exc.value.message_dict["nik_koperasi"] == [expected]
