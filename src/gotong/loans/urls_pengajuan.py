from django.urls import path

from gotong.loans import views_pengajuan as views

urlpatterns = [
    path("pinjaman/", views.daftar, name="daftar"),
    path("pinjaman/ajukan/", views.ajukan, name="ajukan"),
    path("pinjaman/<int:pinjaman>/", views.detail, name="detail"),
    path("pinjaman/<int:pinjaman>/analisa/", views.analisa, name="analisa"),
    path("pinjaman/<int:pinjaman>/putuskan/", views.putuskan, name="putuskan"),
    path("pinjaman/<int:pinjaman>/batal/", views.batal, name="batal"),
    path("pinjaman/<int:pinjaman>/cairkan/", views.cairkan, name="cairkan"),
    path("pinjaman/<int:pinjaman>/perjanjian.pdf", views.perjanjian_pdf, name="perjanjian_pdf"),
    path("pinjaman/<int:pinjaman>/jadwal.pdf", views.jadwal_pdf, name="jadwal_pdf"),
    path("pinjaman/jaminan/<int:jaminan>/dokumen/", views.jaminan_dokumen, name="jaminan_dokumen"),
    path("pinjaman/produk/", views.produk_list, name="produk_list"),
    path("pinjaman/produk/baru/", views.produk_baru, name="produk_baru"),
    path("pinjaman/produk/<int:produk_pinjaman>/", views.produk_ubah, name="produk_ubah"),
    path("pinjaman/pengaturan/", views.pengaturan, name="pengaturan"),
    path("pinjaman/saya/ajukan/", views.saya_ajukan, name="saya_ajukan"),
    path("simulasi-pinjaman/", views.simulasi, name="simulasi"),
]
