"""Thin tasks for beat (settings.CELERY_BEAT_SCHEDULE). Each is safe to run twice and is
acknowledged only when done (acks_late), so a killed worker's run is delivered again and
finishes what the first one did not. `today` (ISO date) lets an operator run a missed day."""

import datetime

from celery import shared_task

from kzsafety.reminders.runs import DAILY, MONTHLY, WEEKLY, run

LIMITS = {"acks_late": True, "time_limit": 15 * 60, "soft_time_limit": 14 * 60}


def _day(today: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(today) if today else None


@shared_task(name="kzsafety.reminders.daily", ignore_result=True, **LIMITS)
def send_daily_reminders(today: str | None = None) -> dict[str, int]:
    return run(DAILY, _day(today))


@shared_task(name="kzsafety.reminders.weekly", ignore_result=True, **LIMITS)
def send_weekly_escalation(today: str | None = None) -> dict[str, int]:
    return run(WEEKLY, _day(today))


@shared_task(name="kzsafety.reminders.monthly", ignore_result=True, **LIMITS)
def send_monthly_training_reminders(today: str | None = None) -> dict[str, int]:
    return run(MONTHLY, _day(today))
