"""Static files without the vendors' source maps, nor the ReDoc bundle no page uses.

django-ninja ships Swagger UI and ReDoc with source maps that only a developer's debugger reads:
most of the bytes, and most of `collectstatic`'s time once WhiteNoise compresses them (Brotli
takes seconds per megabyte). The maps are never collected, and the references to them are left
as written instead of being rewritten to hashed names (Django would fail on a referenced file
that is not there). The API documents itself with Swagger UI only, so ReDoc stays out too.
"""

from django.contrib.staticfiles.apps import StaticFilesConfig as DjangoStaticFilesConfig
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesConfig(DjangoStaticFilesConfig):
    ignore_patterns = [*DjangoStaticFilesConfig.ignore_patterns, "*.map", "redoc.standalone.js"]


class CompressedManifestStorage(CompressedManifestStaticFilesStorage):
    patterns = tuple(
        (extension, tuple(p for p in rules if "sourceMappingURL" not in str(p)))
        for extension, rules in CompressedManifestStaticFilesStorage.patterns
    )
