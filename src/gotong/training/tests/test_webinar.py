"""A webinar for 120 participants, end to end through the public and staff pages."""

import pytest
from conftest import login
from django.test import Client

from gotong.accounts.models import User
from gotong.notifications.models import Pesan
from gotong.tenancy.models import Koperasi
from gotong.training import services
from gotong.training.models import Peserta, Sertifikat
from gotong.training.tests.helpers import make_kegiatan

pytestmark = pytest.mark.django_db


def test_a_webinar_for_120_registers_checks_in_and_certifies(client: Client, eka: User, maju: Koperasi) -> None:
    kegiatan = make_kegiatan(kapasitas=120)
    url = f"/pelatihan/{kegiatan.token}/"
    for i in range(120):
        data = {"nama": f"Peserta {i:03d}", "telepon": f"0813{i:08d}", "koperasi": maju.pk, "peran": "pengurus"}
        assert client.post(url, data).status_code == 302, i
    assert Peserta.objects.filter(kegiatan=kegiatan).count() == 120 and Pesan.objects.count() == 120

    ke_121 = {"nama": "Terlambat", "telepon": "081399999999", "koperasi": maju.pk, "peran": "anggota"}
    assert services.KUOTA_PENUH in client.post(url, ke_121).content.decode()
    assert Peserta.objects.count() == 120

    as_eka = login(eka)
    staff = f"/dinas/pelatihan/{kegiatan.pk}/"
    semua = list(kegiatan.peserta.order_by("pk").values_list("pk", flat=True))
    as_eka.post(staff, {"aksi": "kehadiran", "tampil": semua, "hadir": semua[:100]})
    assert kegiatan.peserta.hadir().count() == 100
    as_eka.post(staff, {"aksi": "sertifikat"})
    assert Sertifikat.objects.filter(peserta__kegiatan=kegiatan).count() == 100
    assert not Sertifikat.objects.filter(peserta__pk__in=semua[100:]).exists()
    pdf = as_eka.get(f"/dinas/pelatihan/{kegiatan.pk}/sertifikat.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert b"Koperasi Maju Bersama" in as_eka.get(staff).content
