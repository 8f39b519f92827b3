from django.contrib import admin

from .models import FundingEntry, Programme


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "starts_on", "ends_on", "target_participants")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("members",)


@admin.register(FundingEntry)
class FundingEntryAdmin(admin.ModelAdmin):
    list_display = ("reference", "programme", "kind", "source", "on", "amount")
    list_filter = ("programme", "kind")
    search_fields = ("reference", "source", "description")
