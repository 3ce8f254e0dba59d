"""Pages of the agenda: visits."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
