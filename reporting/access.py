"""Who sees which face of a programme's dashboard (docs/roles.md, "Outcome dashboard").

Managers and administrators (`programmes.view_outcomes`) see all of it; job brokers see their
programme's dashboard without the per-job-broker chart (they may filter to their own caseload);
company consultants see the per-company chart for the companies they are the consultant of.
Other roles are refused (403); a programme the user is not a member of is a 404 (views)."""

from __future__ import annotations

from enum import Enum

from django.core.exceptions import PermissionDenied

from jobsporet.accounts.roles import Role


class DashboardFace(Enum):
    FULL = "full"
    BROKER = "broker"
    COMPANIES = "companies"


def dashboard_face(user) -> DashboardFace | None:
    """The face of the dashboard `user` may see, or None."""
    if user.has_perm("programmes.view_outcomes"):
        return DashboardFace.FULL
    if user.has_role(Role.JOB_BROKER):
        return DashboardFace.BROKER
    if user.has_role(Role.COMPANY_CONSULTANT):
        return DashboardFace.COMPANIES
    return None


def dashboard_face_or_403(user) -> DashboardFace:
    face = dashboard_face(user)
    if face is None:
        raise PermissionDenied
    return face
