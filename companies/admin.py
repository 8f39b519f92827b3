from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Agreement, Company, Mentor


class AgreementInline(admin.TabularInline):
    model = Agreement
    extra = 0


class MentorInline(admin.TabularInline):
    model = Mentor
    extra = 0


@admin.register(Company)
class CompanyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "cvr", "sector", "city", "consultant")
    list_filter = ("sector",)
    search_fields = ("name", "cvr")
    inlines = [AgreementInline, MentorInline]


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
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
