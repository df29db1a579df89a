from django.urls import include, path
from django.views.i18n import set_language

from gotong.web import views as web_views

koperasi_patterns = [
    path("", include("gotong.web.urls")),
    path("", include("gotong.members.urls")),
    path("", include("gotong.savings.urls")),
    path("simpanan/akhir-bulan/", include("gotong.savings.urls_bulanan")),
    path("buku-besar/", include("gotong.ledger.urls")),
    path("", include("gotong.loans.urls")),
    path("", include("gotong.province.urls_koperasi")),
    path("laporan/", include("gotong.reports.urls")),
    path("shu/", include("gotong.shu.urls")),
]

urlpatterns = [
    path("", web_views.beranda, name="beranda"),
    path("", include("gotong.accounts.urls")),
    path("bahasa/", set_language, name="set_language"),
    path("wilayah/pilihan/", web_views.wilayah_pilihan, name="wilayah_pilihan"),
    path("k/<slug:kode>/", include(koperasi_patterns)),
    path("dinas/pelatihan/", include("gotong.training.urls")),
    path("dinas/", include("gotong.province.urls")),
    path("pelatihan/", include("gotong.training.urls_publik")),
    path("undangan/", include("gotong.province.urls_undangan")),
]
