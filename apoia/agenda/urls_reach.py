"""Pages of the agenda: reach."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
