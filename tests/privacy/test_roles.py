"""The data-protection officer reads the access log, not the case work."""

import pytest

from jobsporet.accounts.roles import ROLE_PERMISSIONS, Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REPORT = "privacy.view_access_report"


def test_the_dpo_may_read_access_reports_export_and_approve_and_nothing_else():
    dpo = UserFactory(role=Role.DATA_PROTECTION_OFFICER)
    assert dpo.has_perm(REPORT)
    assert dpo.has_perm("privacy.export_subject_data")
    assert dpo.has_perm("privacy.approve_anonymisation")
    assert {p.split(".")[0] for p in ROLE_PERMISSIONS[Role.DATA_PROTECTION_OFFICER]} == {"privacy"}
    for case_work in (
        "participants.view_participant",
        "participants.reveal_cpr",
        "participants.view_sensitive",
        "programmes.view_programme",
        "core.view_auditevent",
    ):
        assert not dpo.has_perm(case_work), case_work


def test_administrators_read_access_reports_but_do_not_export_a_citizens_data():
    admin = UserFactory(role=Role.ADMINISTRATOR)
    assert admin.has_perm(REPORT)
    assert admin.has_perm("privacy.approve_anonymisation")
    assert not admin.has_perm("privacy.export_subject_data")


@pytest.mark.parametrize(
    "role", [Role.JOB_BROKER, Role.CASE_WORKER, Role.COMPANY_CONSULTANT, Role.MANAGER]
)
def test_no_case_work_role_reads_the_access_log(role):
    user = UserFactory(role=role)
    assert not any(
        user.has_perm(f"privacy.{name}")
        for name in ("view_access_report", "export_subject_data", "approve_anonymisation")
    )
