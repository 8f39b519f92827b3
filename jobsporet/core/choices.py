"""Reference choices shared by more than one app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    """The sector of a company, and the sectors a participant aims for."""

    AGRICULTURE = "agriculture", _("Agriculture")
    HOSPITALITY = "hospitality", _("Hotel and restaurant")
    WAREHOUSE = "warehouse", _("Warehouse")
    RETAIL = "retail", _("Retail")
    CLEANING = "cleaning", _("Cleaning")
    CARE = "care", _("Social and health care")
    OTHER = "other", _("Other")
