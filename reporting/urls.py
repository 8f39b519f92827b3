from django.urls import path

from . import views, views_exports

app_name = "reporting"
urlpatterns = [
    path("", views.home, name="home"),
    path("resultater/", views.outcomes, name="outcomes"),
    path("rapporter/esf/", views_exports.esf_export, name="esf-export"),
    path("rapporter/resultater/", views_exports.outcome_reports, name="outcome-reports"),
]
