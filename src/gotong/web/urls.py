from django.urls import path

from gotong.web import views

app_name = "web"

urlpatterns = [
    path("", views.dasbor, name="dasbor"),
    path("audit/", views.audit, name="audit"),
    path("pesan/", views.pesan, name="pesan"),
    path("pesan/<int:pk>/ulang/", views.pesan_ulang, name="pesan_ulang"),
    path("pengaturan/", views.pengaturan, name="pengaturan"),
]
