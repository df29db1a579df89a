"""Loan pages under /k/<kode>/. Each views module keeps its routes in its own urls_*.py."""

from gotong.loans import urls_bayar, urls_bulanan, urls_pengajuan, urls_restrukturisasi

app_name = "loans"

urlpatterns = [
    *urls_bulanan.urlpatterns,  # before <int:pinjaman>: fixed paths first
    *urls_bayar.urlpatterns,
    *urls_pengajuan.urlpatterns,
    *urls_restrukturisasi.urlpatterns,
]
