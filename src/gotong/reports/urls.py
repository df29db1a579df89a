from django.urls import include, path

app_name = "reports"

urlpatterns = [
    # The year close, RAT package and SHU pages (another module) live under the same prefix.
    path("", include("gotong.reports.urls_rat")),
]
