from django.urls import path

app_name = "shu"

urlpatterns: list[path] = []  # type: ignore[valid-type]
