"""Configuration from the environment, checked in fresh processes."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def apoia(*args: str, env: dict, tmp_path: Path) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("APOIA_", "DJANGO_"))}
    clean.pop("DATABASE_URL", None)
    clean.update({"APOIA_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "apoia.settings"})
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "apoia", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = apoia(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={"SECRET_KEY": secrets.token_urlsafe(60), "ALLOWED_HOSTS": "apoia.ms.gov.br"},
        tmp_path=tmp_path,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_secret_key_is_generated_once_into_var_and_reused(tmp_path):
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = apoia("shell", "-v", "0", "-c", code, env={}, tmp_path=tmp_path)
    second = apoia("shell", "-v", "0", "-c", code, env={}, tmp_path=tmp_path)

    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    key_file = tmp_path / "secret_key"
    assert key_file.read_text().strip() == first.stdout.strip()
    assert key_file.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    ("env", "printed"),
    [
        ({}, "sqlite3 False pt-br America/Campo_Grande"),
        (
            {"DEBUG": "true", "LANGUAGE_CODE": "en", "TIME_ZONE": "America/Cuiaba"},
            "sqlite3 True en America/Cuiaba",
        ),
        (
            {"DATABASE_URL": "postgres://u:p@db.example:5432/apoia"},
            "postgresql False pt-br America/Campo_Grande",
        ),
    ],
)
def test_settings_come_from_the_environment(tmp_path, env, printed):
    code = (
        "from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'].rsplit('.', 1)[1], s.DEBUG, "
        "s.LANGUAGE_CODE, s.TIME_ZONE)"
    )
    result = apoia("shell", "-v", "0", "-c", code, env=env, tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == printed


def test_sqlite_runs_in_wal_mode(tmp_path):
    code = (
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])"
    )
    result = apoia("shell", "-v", "0", "-c", code, env={}, tmp_path=tmp_path)

    assert result.stdout.strip() == "wal"


def test_a_malformed_boolean_fails_loudly(tmp_path):
    result = apoia("check", env={"DEBUG": "talvez"}, tmp_path=tmp_path)

    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_smtp_url_configures_the_mail_backend(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_USE_TLS)"
    )
    result = apoia(
        "shell",
        "-v",
        "0",
        "-c",
        code,
        env={"EMAIL_URL": "smtp://apoia%40ms.gov.br:segredo@smtp.ms.gov.br:587"},
        tmp_path=tmp_path,
    )

    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.ms.gov.br",
        "587",
        "apoia@ms.gov.br",
        "True",
    ]
