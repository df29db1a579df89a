"""Month-end and wajib billing pages, under ``/k/<kode>/simpanan/akhir-bulan/``."""

from django.urls import path

from gotong.savings import views_bulanan as views

app_name = "savings_bulanan"

urlpatterns = [
    path("", views.akhir_bulan_list, name="akhir_bulan"),
    path("mulai/", views.akhir_bulan_mulai, name="mulai"),
    path("tagihan-wajib/", views.tagihan_wajib, name="tagihan_wajib"),
    path("tunggakan-wajib/", views.tunggakan_wajib, name="tunggakan"),
    path("tunggakan-wajib/ekspor.xlsx", views.tunggakan_wajib_ekspor, name="tunggakan_ekspor"),
    path("<int:pk>/", views.akhir_bulan_detail, name="detail"),
    path("<int:pk>/kemajuan/", views.akhir_bulan_kemajuan, name="kemajuan"),
]
