"""Read configuration from the environment, failing loudly on malformed values."""

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on", "sim"}
FALSE_WORDS = {"0", "false", "no", "off", "nao", "não", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def secret_key_from(var_dir: Path) -> str:
    """SECRET_KEY from the environment, or one generated once into var/ and reused."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = var_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    # Written whole to a private file (0600: other local users cannot read it), then linked
    # into place: the link is atomic and refuses to replace, so when two processes start at
    # once on a fresh var/ (a server and its task worker, two test processes) one key wins
    # and the other process reads that complete key instead of failing or using its own.
    draft = var_dir / f".secret_key.{os.getpid()}.{secrets.token_hex(4)}"
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(key)
        try:
            os.link(draft, key_file)
        except FileExistsError:
            return key_file.read_text().strip()
    finally:
        draft.unlink(missing_ok=True)
    return key


def email_settings_from_url(url: str) -> dict:
    """Translate EMAIL_URL (smtp://user:pass@host:port, smtps://..., console://) to settings."""
    from urllib.parse import parse_qs, unquote, urlparse

    if not url or url.startswith("console:"):
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if url.startswith("locmem:"):
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if url.startswith("file:"):
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": urlparse(url).path,
        }
    parsed = urlparse(url)
    if parsed.scheme not in {"smtp", "smtps", "submission"}:
        raise ImproperlyConfigured(f"EMAIL_URL scheme must be smtp, smtps or console: {url!r}")
    options = parse_qs(parsed.query)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parsed.hostname or "localhost",
        "EMAIL_PORT": parsed.port or (465 if parsed.scheme == "smtps" else 587),
        "EMAIL_HOST_USER": unquote(parsed.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
        "EMAIL_USE_SSL": parsed.scheme == "smtps",
        "EMAIL_USE_TLS": parsed.scheme != "smtps" and options.get("tls", ["true"])[0] != "false",
    }


def cache_settings_from_url(url: str, *, table: str) -> dict:
    """The default cache from CACHE_URL: empty for the database table `table`, redis:// (or
    rediss://, unix://) for Redis, locmem:// for this process's memory."""
    from urllib.parse import urlparse

    scheme = urlparse(url).scheme if url else "db"
    # Past MAX_ENTRIES Django drops expired entries and then a third of the live ones, which
    # would wipe running rate-limit counters; Django's 300 is reached by a few dozen clients.
    # The database cache counts its rows on every write, so the ceiling stays modest.
    options = {"MAX_ENTRIES": 50_000}
    if scheme in {"db", "database"}:
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": table,
            "OPTIONS": options,
        }
    if scheme in {"redis", "rediss", "unix"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": options}
    raise ImproperlyConfigured(
        f"CACHE_URL must be empty (database), redis://..., unix://... or locmem://, got {url!r}"
    )
