from django.urls import path

from . import views

app_name = "importing"
urlpatterns = [
    path("import/", views.import_upload, name="import"),
    path("import/koersel/<int:pk>/", views.import_job, name="job"),
]
