from django.urls import path

from . import views, views_export

app_name = "companies"
urlpatterns = [
    path("", views.company_list, name="list"),
    path("eksport/", views_export.company_list_export, name="export"),
    path("ny/", views.company_create, name="create"),
    path("<int:pk>/", views.company_detail, name="detail"),
    path("<int:pk>/rediger/", views.company_edit, name="edit"),
    path("<int:pk>/aftaler/ny/", views.agreement_add, name="add-agreement"),
    path("aftaler/<int:pk>/", views.agreement_edit, name="edit-agreement"),
    path("aftaler/<int:pk>/afslut/", views.agreement_end, name="end-agreement"),
    path("<int:pk>/mentorer/ny/", views.mentor_add, name="add-mentor"),
    path("mentorer/<int:pk>/", views.mentor_edit, name="edit-mentor"),
]
