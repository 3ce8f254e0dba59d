"""Pages of the agenda: events."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
