"""Every reminder is written and e-mailed exactly once, whether the run is repeated or
stopped half-way (a killed worker) and delivered again."""

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from kzsafety.accounts.models import Notification
from kzsafety.reminders.runs import DAILY, RunStopped, run
from kzsafety.reminders.tasks import send_daily_reminders
from tests.reminders.conftest import DAY, TODAY, on, violation_at_a

pytestmark = pytest.mark.django_db

RECIPIENTS = 3  # the inspector, the council's chair and council_a, for each violation


@pytest.fixture
def with_addresses(people):
    for user in (people.inspector_a, people.chair_a, people.council_a):
        user.email = f"{user.username}@example.kz"
        user.save()
    return people


def test_running_the_day_twice_writes_and_mails_nothing_twice(
    with_addresses, django_capture_on_commit_callbacks
):
    for days in (7, 1, -1, -5):
        violation_at_a(with_addresses, TODAY + days * DAY)
    with on(TODAY), django_capture_on_commit_callbacks(execute=True):
        first = run(DAILY)
        second = run(DAILY)
    assert first["violation_deadline"] == 4 * RECIPIENTS
    assert second == {name: 0 for name in first}
    assert Notification.objects.count() == 4 * RECIPIENTS
    assert len(mail.outbox) == 4 * RECIPIENTS


def test_a_run_stopped_after_half_its_batches_then_run_again_sends_each_reminder_once(
    with_addresses, django_capture_on_commit_callbacks
):
    violations = [violation_at_a(with_addresses, TODAY + DAY) for _ in range(8)]
    notes = len(violations) * RECIPIENTS  # 24, written 4 at a time: 6 batches
    with on(TODAY), django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RunStopped):
            run(DAILY, batch=4, max_batches=3)
        assert Notification.objects.count() == 12  # what the stopped run had written stays
        again = run(DAILY, batch=4)
        assert run(DAILY, batch=4)["violation_deadline"] == 0
    assert again["violation_deadline"] == notes - 12
    keys = list(Notification.objects.values_list("user_id", "key"))
    assert len(keys) == len(set(keys)) == notes
    assert {key for _, key in keys} == {
        f"violation_due:1d:{v.pk}:{v.deadline.isoformat()}" for v in violations
    }
    assert len(mail.outbox) == notes
    assert len({(m.to[0], m.body) for m in mail.outbox}) == notes


def test_the_daily_task_uses_todays_date_in_almaty(people):
    """No frozen clock: the task run as beat would run it."""
    assert settings.TIME_ZONE == "Asia/Almaty"
    violation = violation_at_a(people, timezone.localdate() + DAY)
    send_daily_reminders.delay()
    assert Notification.objects.filter(user=people.inspector_a).get().key == (
        f"violation_due:1d:{violation.pk}:{violation.deadline.isoformat()}"
    )


def test_the_daily_task_can_run_a_given_day(people):
    violation = violation_at_a(people, TODAY + 7 * DAY)
    send_daily_reminders.delay(TODAY.isoformat())
    assert (
        Notification.objects.filter(user=people.inspector_a)
        .get()
        .key.startswith(f"violation_due:7d:{violation.pk}:")
    )


def test_the_reminder_tasks_are_on_the_beat_schedule_with_limits_and_late_acks():
    from celery import current_app

    schedule = {
        entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }
    daily = schedule["kzsafety.reminders.daily"]
    assert (daily.hour, daily.minute) == ({6}, {0})
    assert schedule["kzsafety.reminders.weekly"].day_of_week == {1}
    assert schedule["kzsafety.reminders.monthly"].day_of_month == {1}
    assert settings.CELERY_TIMEZONE == "Asia/Almaty"
    current_app.loader.import_default_modules()
    for name in schedule:
        if name.startswith("kzsafety.reminders."):
            task = current_app.tasks[name]
            assert task.acks_late and task.time_limit and task.soft_time_limit
