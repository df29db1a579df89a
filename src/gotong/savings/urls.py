from django.urls import path

from gotong.savings import views, views_koreksi

app_name = "savings"

urlpatterns = [
    path("simpanan/", views.loket, name="loket"),
    path("simpanan/anggota/<int:anggota>/", views.loket_anggota, name="loket_anggota"),
    path("simpanan/anggota/<int:anggota>/buka-rekening/", views.rekening_buka, name="rekening_buka"),
    path("simpanan/anggota/<int:anggota>/pindah/", views.pindah, name="pindah"),
    path("simpanan/anggota/<int:anggota>/berjangka/", views.berjangka_buka, name="berjangka_buka"),
    path("simpanan/anggota/<int:anggota>/pengembalian/", views.pengembalian, name="pengembalian"),
    path("simpanan/rekening/<int:rekening>/", views.buku, name="buku"),
    path("simpanan/rekening/<int:rekening>/buku.pdf", views.buku_pdf, name="buku_pdf"),
    path("simpanan/rekening/<int:rekening>/setor/", views.setor, name="setor"),
    path("simpanan/rekening/<int:rekening>/tarik/", views.tarik, name="tarik"),
    path("simpanan/rekening/<int:rekening>/cairkan/", views.cairkan, name="cairkan"),
    path("simpanan/mutasi/<int:mutasi>/balik/", views_koreksi.balik, name="mutasi_balik"),
    path("simpanan/kwitansi/<int:kwitansi>/", views.kwitansi, name="kwitansi"),
    path("simpanan/kwitansi/<int:kwitansi>/kwitansi.pdf", views.kwitansi_unduh, name="kwitansi_pdf"),
    path("simpanan/laci/", views.laci, name="laci"),
    path("simpanan/laci/buka/", views.laci_buka, name="laci_buka"),
    path("simpanan/laci/<int:sesi>/", views.laci_laporan, name="laci_laporan"),
    path("simpanan/laci/<int:sesi>/tutup/", views.laci_tutup, name="laci_tutup"),
    path("simpanan/produk/", views.produk_list, name="produk_list"),
    path("simpanan/produk/<int:produk>/", views.produk_ubah, name="produk_ubah"),
    path("simpanan/saya/<int:rekening>/", views.saya_buku, name="saya_buku"),
    path("simpanan/saya/<int:rekening>/buku.pdf", views.saya_buku_pdf, name="saya_buku_pdf"),
    # public: what the receipt's QR opens (number, date, amount, koperasi)
    path("kwitansi/<str:token>/", views.kwitansi_verifikasi, name="kwitansi_verifikasi"),
]
