from django.urls import path

from gotong.loans import views_bayar as views

urlpatterns = [
    path("pinjaman/<int:pinjaman>/bayar/", views.bayar, name="bayar"),
    path("pinjaman/<int:pinjaman>/pelunasan/", views.pelunasan, name="pelunasan"),
    path("pinjaman/<int:pinjaman>/autodebet/", views.autodebet, name="autodebet"),
    path("pinjaman/tagihan/", views.tagihan, name="tagihan"),
    path("pinjaman/tagihan.xlsx", views.tagihan_xlsx, name="tagihan_xlsx"),
    path("pinjaman/tunggakan/", views.tunggakan, name="tunggakan"),
    path("pinjaman/tunggakan.xlsx", views.tunggakan_xlsx, name="tunggakan_xlsx"),
    path("pinjaman/portofolio/", views.portofolio, name="portofolio"),
    path("pinjaman/portofolio.xlsx", views.portofolio_xlsx, name="portofolio_xlsx"),
    path("pinjaman/saya/", views.saya, name="saya"),
    path("pinjaman/saya/<int:pinjaman>/", views.saya_detail, name="saya_detail"),
    path("pinjaman/saya/<int:pinjaman>/kwitansi/<int:kwitansi>.pdf", views.saya_kwitansi, name="saya_kwitansi"),
]
