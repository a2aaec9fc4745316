"""Production settings refuse to start without their secrets and pass `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DEBUG",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="kzsafety.settings")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", DEBUG="0", ALLOWED_HOSTS="kzsafety.example.kz")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", DEBUG="0", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_development_starts_without_secret_key():
    result = run_manage("check", DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_deploy_check_reports_no_warnings_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="k3J9x!q2Lm-8vPz0rT5wYb7nC1dF4gH6jK8lM0nB2vC4xZ6aS8dF0gH2jK4lQ",
        ALLOWED_HOSTS="kzsafety.example.kz",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_bad_boolean_in_environment_fails_loudly():
    result = run_manage("check", DEBUG="perhaps")
    assert result.returncode != 0


def test_a_reminder_look_back_below_one_day_fails_loudly():
    result = run_manage("check", DEBUG="1", REMINDERS_LOOKBACK_DAYS="0")
    assert result.returncode != 0
    assert "REMINDERS_LOOKBACK_DAYS must be at least 1" in result.stderr


def test_code_only_commands_run_on_a_fresh_checkout_without_secrets():
    """makemigrations reads only the code, so it needs no production secret; anything
    else (here `check`) still refuses to start without one."""
    result = run_manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
    refused = run_manage("check")
    assert refused.returncode != 0
    assert "SECRET_KEY must be set" in refused.stderr


def test_a_replica_url_adds_the_replica_database_and_a_bad_one_refuses_to_start():
    show = (
        "from django.conf import settings; "
        "print(settings.DATABASE_REPLICA, sorted(settings.DATABASES))"
    )
    base = {"DEBUG": "1", "DATABASE_URL": "postgres://u@127.0.0.1:5432/kz"}
    without = run_manage("shell", "-c", show, **base)
    assert without.returncode == 0, without.stderr
    assert without.stdout.strip().splitlines()[-1] == "None ['default']"
    with_replica = run_manage(
        "shell", "-c", show, DATABASE_REPLICA_URL="postgres://u@10.0.0.2:5433/kz", **base
    )
    assert with_replica.returncode == 0, with_replica.stderr
    assert with_replica.stdout.strip().splitlines()[-1] == "replica ['default', 'replica']"
    bad = run_manage("check", DATABASE_REPLICA_URL="sqlite:///replica.sqlite3", **base)
    assert bad.returncode != 0
    assert "DATABASE_REPLICA_URL must be a postgres:// URL" in bad.stderr
