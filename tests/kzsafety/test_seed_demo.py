from io import StringIO

from django.core.management import call_command

from kzsafety.accounts.models import Role, User
from kzsafety.directories.models import Enterprise, TechnicalInspector, TrainingRecord


def counts():
    return (
        User.objects.count(),
        Enterprise.objects.count(),
        TechnicalInspector.objects.count(),
        TrainingRecord.objects.count(),
    )


def test_seed_demo_creates_a_user_for_every_role_and_prints_the_logins(db):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    for username in User.objects.values_list("username", flat=True):
        assert username in out.getvalue()
    assert User.objects.get(username="inspector").check_password("demo-kzsafety-2026")
    assert TechnicalInspector.objects.get(user__username="inspector").enterprise == (
        User.objects.get(username="inspector").enterprise
    )


def test_seed_demo_twice_adds_nothing(db):
    call_command("seed_demo", stdout=StringIO())
    first = counts()
    call_command("seed_demo", stdout=StringIO())
    assert counts() == first
    assert first[1] > 0
