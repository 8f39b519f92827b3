"""Admin for companies: read-only, since companies, agreements and mentors are kept on the
application's pages (companies/services.py), which validate and write the audit trail."""

from django.contrib import admin

from jobsporet.accounts.readonly_admin import ReadOnly, ReadOnlyAdmin, ReadOnlyInline

from .models import Agreement, Company, Mentor


class AgreementInline(ReadOnlyInline):
    model = Agreement
    fields = ("programme", "is_training", "is_network", "training_capacity", "signed_on", "ends_on")


class MentorInline(ReadOnlyInline):
    model = Mentor
    fields = ("name", "title", "phone", "email", "is_active")


@admin.register(Company)
class CompanyAdmin(ReadOnlyAdmin):
    list_display = ("name", "cvr", "sector", "city", "consultant")
    list_filter = ("sector",)
    list_select_related = ("consultant",)
    search_fields = ("name", "cvr")
    inlines = [AgreementInline, MentorInline]


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = (
        "company",
        "programme",
        "is_training",
        "is_network",
        "training_capacity",
        "signed_on",
        "ends_on",
    )
    list_filter = ("programme", "is_training", "is_network")
    list_select_related = ("company", "programme")
    search_fields = ("company__name", "company__cvr")


@admin.register(Mentor)
class MentorAdmin(ReadOnly, admin.ModelAdmin):  # mentors have no change history
    list_display = ("name", "company", "title", "phone", "is_active")
    list_filter = ("is_active",)
    list_select_related = ("company",)
    search_fields = ("name", "company__name")
