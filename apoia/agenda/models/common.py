"""Choices shared by the agenda's models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Modality(models.TextChoices):
    IN_PERSON = "in_person", _("Presencial")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Híbrido")
