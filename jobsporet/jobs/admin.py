"""Reports in the admin: what was asked, by whom and how it went; never the file."""

from django.contrib import admin

from jobsporet.accounts.readonly_admin import ReadOnly

from .models import Job


@admin.register(Job)
class JobAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("kind", "owner", "status", "created_at", "expires_at", "error")
    list_filter = ("kind", "status")
    exclude = ("sealed_content",)

    def get_queryset(self, request):
        return super().get_queryset(request).without_file().select_related("owner")
