"""The demo organizations live with `Organization` in accounts (the agenda's demo uses them
too); society's demo areas import them from here."""

from apoia.accounts.demo_organizations import (  # noqa: F401
    ORGANIZATIONS,
    all_demo_organizations,
    demo_organization,
)
