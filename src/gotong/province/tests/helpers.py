"""Rows for the /dinas/ URL parameters of the yearly figures (isolation walk and view tests)."""

from gotong.province.models import LaporanTahunan, StatusLaporan
from gotong.tenancy.models import Koperasi


def laporan_values(koperasi: Koperasi) -> dict[str, list[str]]:
    laporan, _ = LaporanTahunan.objects.get_or_create(
        koperasi=koperasi, tahun=2024, defaults={"status": StatusLaporan.DIAJUKAN}
    )
    return {"laporan_pk": [str(laporan.pk)]}
