from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("log/", views.account_events, name="events"),
]
