"""Production settings pass Django's deployment checks; settings come from the environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "a-long-random-production-secret-used-only-by-this-test-0123456789abcdef",
    "ALLOWED_HOSTS": "nrm.example.bg",
    "DATABASE_URL": "sqlite:///:memory:",
}


def manage(*args, env=None):
    # The browser tests' set-up allows sync ORM calls in this process; production does not.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**inherited, "DJANGO_SETTINGS_MODULE": "portal.settings.production", **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    "name", ["DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "ELASTICSEARCH_URL"]
)
def test_readme_documents_every_variable(name):
    assert f"`{name}`" in (ROOT / "README.md").read_text()


def test_a_malformed_number_is_refused_with_its_name():
    env = {
        **PRODUCTION_ENV,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/nrm",
        "DATABASE_RANDOM_PAGE_COST": "fast",
    }
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DATABASE_RANDOM_PAGE_COST must be a number, not 'fast'" in result.stderr
