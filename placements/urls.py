from django.urls import path

from . import views
from .followups import views as follow_ups

app_name = "placements"
urlpatterns = [
    path("deltager/<int:pk>/traening/", views.start_training, name="start-training"),
    path("deltager/<int:pk>/ansaettelse/", views.hire, name="hire"),
    path("deltager/<int:pk>/ophoer/", views.participant_exit, name="exit"),
    path("deltager/<int:pk>/genaabn/", views.reopen, name="reopen"),
    path("mentorer/", views.mentor_options, name="mentor-options"),
    path("virksomhed/<int:pk>/deltagere/", views.company_candidates, name="candidates"),
    path("virksomhed/<int:pk>/ansaettelse/", views.company_hire_candidates, name="hire-candidates"),
    path("<int:pk>/afslut/", views.end, name="end"),
    path("<int:pk>/traening/", views.edit_training, name="edit-training"),
    path("<int:pk>/timer/", views.hours, name="hours"),
    path("opfoelgning/", follow_ups.follow_up_list, name="follow-ups"),
    path("opfoelgning/<int:pk>/", follow_ups.follow_up_record, name="follow-up"),
]
