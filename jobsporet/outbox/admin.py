"""Tasks waiting for the broker, for the operator to see (read-only: the retry empties it)."""

from django.contrib import admin

from jobsporet.accounts.readonly_admin import ReadOnly

from .models import OutboxTask


@admin.register(OutboxTask)
class OutboxTaskAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("task", "args", "created_at", "attempts", "last_error", "sent_at")
    list_filter = ("task",)
