"""Jobsporet: case management for a Danish jobcenter's employment programmes."""

from .celery import app as celery_app

__all__ = ["celery_app"]
