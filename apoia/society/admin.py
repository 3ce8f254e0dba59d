"""The admin of civil society: each area registers its own models."""

from apoia.society import (  # noqa: F401 - imported for their registrations
    admin_councils,
    admin_partnerships,
    admin_registry,
    admin_regularization,
)
