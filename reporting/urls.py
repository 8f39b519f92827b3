from django.urls import path

from . import esf_views, views, views_exports, views_funding

app_name = "reporting"
urlpatterns = [
    path("", views.home, name="home"),
    path("resultater/", views.comparison, name="comparison"),
    path("rapporter/esf/", views_exports.esf_export, name="esf-export"),
    path("rapporter/resultater/", views_exports.outcome_reports, name="outcome-reports"),
    # The navbar's "Outcomes": the current programme's dashboard (a literal before <key>).
    path("resultater/valgt/", views.outcomes, name="outcomes"),
    # The ESF report's literal paths, before the dashboard's <key>.
    path("resultater/esf/", esf_views.esf_page, name="esf"),
    path("resultater/esf/deltagere/", esf_views.esf_participants, name="esf-participants"),
    path("resultater/esf/xlsx/", esf_views.esf_xlsx, name="esf-xlsx"),
    path("resultater/<str:key>/", views.dashboard, name="dashboard"),
    path("resultater/<str:key>/finansiering/", views_funding.ledger, name="funding"),
]
urlpatterns += [
    path("resultater/<str:key>/finansiering/ny/", views_funding.entry_add, name="funding-add"),
    path(
        "resultater/<str:key>/finansiering/<int:pk>/", views_funding.entry_edit, name="funding-edit"
    ),
    path(
        "resultater/<str:key>/finansiering/<int:pk>/slet/",
        views_funding.entry_delete,
        name="funding-delete",
    ),
]
