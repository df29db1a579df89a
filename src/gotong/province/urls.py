from django.urls import path

from gotong.province import views

app_name = "province"

urlpatterns = [path("", views.dasbor, name="dasbor")]
