"""The public sign-up page of an invitation onto Gotong (no login; found by a random token)."""

from django.urls import path

from gotong.province import views_undangan

app_name = "undangan"

urlpatterns = [
    path("<str:token>/", views_undangan.terima, name="terima"),
]
