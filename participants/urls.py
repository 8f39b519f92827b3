from django.urls import path

from . import views, views_export

app_name = "participants"
urlpatterns = [
    path("", views.participant_list, name="list"),
    path("eksport/", views_export.participant_list_export, name="export"),
    path("ny/", views.participant_enrol, name="enrol"),
    path("<int:pk>/", views.participant_detail, name="detail"),
    path("<int:pk>/cpr/", views.reveal_cpr, name="reveal-cpr"),
    path("<int:pk>/sag/", views.participant_edit, name="edit"),
    path("<int:pk>/kontakt/", views.person_edit, name="edit-person"),
    path("<int:pk>/notater/", views.notes_all, name="notes"),
    path("<int:pk>/notater/ny/", views.note_add, name="add-note"),
    path("notater/<int:pk>/fulgt-op/", views.follow_up_done, name="follow-up-done"),
    path("<int:pk>/plan/maal/", views.goal_add, name="add-goal"),
    path("maal/<int:pk>/", views.goal_edit, name="edit-goal"),
    path("<int:pk>/plan/opfoelgning/", views.review_add, name="add-review"),
    path("<int:pk>/indsatser/ny/", views.effort_add, name="add-effort"),
    path("indsatser/<int:pk>/", views.effort_edit, name="edit-effort"),
]
