from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("", views.index, name="index"),
    path("borgere/<int:pk>/", views.person_report, name="person"),
    path("cpr/<str:token>/", views.cpr_report, name="cpr"),
    path("borgere/<int:pk>/udtraek/", views.subject_export, name="subject-export"),
    path("anonymisering/", views.anonymise, name="anonymise"),
]
