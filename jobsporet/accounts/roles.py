"""The six roles of Jobsporet and what each may do.

A role is a Django group of the same name; its permissions are set by the migration
`accounts.0002_roles` from ROLE_PERMISSIONS below, so the table here is the one place to read
(and change, with a new migration) who may do what. docs/roles.md explains the reasoning.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    JOB_BROKER = "job broker", _("Job broker")
    CASE_WORKER = "case worker", _("Case worker")
    COMPANY_CONSULTANT = "company consultant", _("Company consultant")
    MANAGER = "manager", _("Manager")
    ADMINISTRATOR = "administrator", _("Administrator")
    DATA_PROTECTION_OFFICER = "data-protection officer", _("Data-protection officer")


def _crud(app_model: str, *actions: str) -> list[str]:
    app, model = app_model.split(".")
    return [f"{app}.{action}_{model}" for action in actions]


VIEW = ("view",)
EDIT = ("view", "add", "change")
FULL = ("view", "add", "change", "delete")

_CASE_READ = [
    *_crud("participants.person", *VIEW),
    *_crud("participants.participant", *VIEW),
    *_crud("placements.placement", *VIEW),
    *_crud("placements.hourschange", *VIEW),
    *_crud("placements.followup", *VIEW),
    *_crud("companies.company", *VIEW),
    *_crud("companies.agreement", *VIEW),
    *_crud("companies.mentor", *VIEW),
    *_crud("programmes.programme", *VIEW),
]
_SENSITIVE = [
    "participants.reveal_cpr",
    "participants.view_sensitive",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.JOB_BROKER: [
        *_CASE_READ,
        *_SENSITIVE,
        *_crud("participants.person", *EDIT),
        *_crud("participants.participant", *EDIT),
        *_crud("participants.casenote", *EDIT),
        *_crud("participants.developmentplan", *EDIT),
        *_crud("participants.goal", *EDIT),
        *_crud("participants.review", *EDIT),
        *_crud("participants.paralleleffort", *VIEW),
        *_crud("placements.placement", *EDIT),
        *_crud("placements.hourschange", *EDIT),
        # The six-month follow-up after an exit is the broker's call to the citizen.
        *_crud("placements.followup", "view", "change"),
    ],
    Role.CASE_WORKER: [
        *_CASE_READ,
        *_SENSITIVE,
        *_crud("participants.person", "change"),
        *_crud("participants.casenote", *EDIT),
        *_crud("participants.developmentplan", *EDIT),
        *_crud("participants.goal", *EDIT),
        *_crud("participants.review", *EDIT),
        *_crud("participants.paralleleffort", *EDIT),
    ],
    # Company consultants keep the companies; they see who is placed where, never case notes,
    # plans, barriers or CPR numbers, and they have no access to the participant pages.
    Role.COMPANY_CONSULTANT: [
        *_crud("companies.company", *EDIT),
        *_crud("companies.agreement", *FULL),
        *_crud("companies.mentor", *FULL),
        *_crud("placements.placement", *VIEW),
        *_crud("programmes.programme", *VIEW),
    ],
    # Managers read outcomes and cases; they change nothing on a case.
    Role.MANAGER: [
        *_CASE_READ,
        *_crud("programmes.fundingentry", *VIEW),
        "programmes.view_outcomes",
        "core.view_auditevent",
    ],
    Role.ADMINISTRATOR: [
        *_CASE_READ,
        *_crud("programmes.programme", *FULL),
        *_crud("programmes.fundingentry", *FULL),
        *_crud("accounts.user", *FULL),
        "programmes.view_outcomes",
        "programmes.import_data",
        "core.view_auditevent",
        # Who read or changed a citizen's data (never what it says), and old cases anonymised.
        "privacy.view_access_report",
        "privacy.approve_anonymisation",
        *_crud("privacy.anonymisationrun", *VIEW),
    ],
    # The data-protection officer answers citizens' requests: who looked at my file (the access
    # report), everything you hold about me (the export), and approves anonymisation. They read
    # the access log, not the case work: no case pages, lists or programmes.
    Role.DATA_PROTECTION_OFFICER: [
        "privacy.view_access_report",
        "privacy.export_subject_data",
        "privacy.approve_anonymisation",
        *_crud("privacy.anonymisationrun", *VIEW),
    ],
}


def sync_roles(apps, schema_editor) -> None:
    """Make each role's group hold exactly ROLE_PERMISSIONS (used by data migrations).

    Permissions are normally created after migrate; create them first so a fresh database gets
    its groups in the same run. A test checks that the database matches the table, so a change
    to ROLE_PERMISSIONS without a new migration calling this fails the suite.
    """
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, apps=global_apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        permissions = []
        for name in names:
            app_label, codename = name.split(".")
            permissions.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(permissions)
