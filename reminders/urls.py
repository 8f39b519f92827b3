from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("paamindelser/", views.reminder_settings, name="settings"),
    path("paamindelser/kalender/", views.feed_create, name="feed-create"),
    path("paamindelser/kalender/tilbagekald/", views.feed_revoke, name="feed-revoke"),
    path("kalender/<slug:token>.ics", views.feed, name="feed"),
]
