from django.urls import path

from . import views

app_name = "participants"
urlpatterns = [
    path("<int:pk>/", views.participant_detail, name="detail"),
]
