from django.urls import path

from gotong.ledger import views

app_name = "ledger"

# Row parameters are named after their model (akun_pk, jurnal_pk, usulan_pk) so the tenancy
# walk in tenancy/tests/test_isolation.py tries each with a real row of that kind.
urlpatterns = [
    path("", views.bagan, name="bagan"),
    path("siapkan/", views.bagan_siapkan, name="bagan_siapkan"),
    path("akun/tambah/", views.akun_tambah, name="akun_tambah"),
    path("akun/<int:akun_pk>/", views.akun_buku_besar, name="akun_buku_besar"),
    path("akun/<int:akun_pk>/ubah/", views.akun_ubah, name="akun_ubah"),
    path("akun/<int:akun_pk>/hapus/", views.akun_hapus, name="akun_hapus"),
    path("jurnal/", views.jurnal_list, name="jurnal_list"),
    path("jurnal/ekspor.xlsx", views.jurnal_ekspor, name="jurnal_ekspor"),
    path("jurnal/<int:jurnal_pk>/", views.jurnal_detail, name="jurnal_detail"),
    path("jurnal/<int:jurnal_pk>/balik/", views.jurnal_balik, name="jurnal_balik"),
    path("kas/", views.buku_kas, name="buku_kas"),
    path("usulan/", views.usulan_list, name="usulan_list"),
    path("usulan/baru/", views.usulan_baru, name="usulan_baru"),
    path("usulan/baris/", views.usulan_baris_tambah, name="usulan_baris_tambah"),
    path("usulan/<int:usulan_pk>/", views.usulan_detail, name="usulan_detail"),
    path("usulan/<int:usulan_pk>/setujui/", views.usulan_setujui, name="usulan_setujui"),
    path("usulan/<int:usulan_pk>/tolak/", views.usulan_tolak, name="usulan_tolak"),
    path("periode/", views.periode_list, name="periode_list"),
    path("periode/tutup/", views.periode_tutup, name="periode_tutup"),
    path("periode/buka/", views.periode_buka, name="periode_buka"),
]
