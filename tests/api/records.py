"""Records of every family the API reads, at each of the four enterprises of the `world`
(A: Karaganda mining, B: Pavlodar energy, C: Karaganda energy, D: Pavlodar mining), and
which enterprises each persona's scope covers."""

import datetime
from collections import defaultdict

from inspections.models import AccidentStatus, Notice
from tests.conftest import World
from tests.councils.factories import CouncilFactory, DecisionFactory, MeetingFactory
from tests.factories import InspectionFactory, ViolationFactory, WorkStoppageFactory
from tests.inspections.accident_factories import AccidentFactory, VictimFactory

# persona -> the enterprises (letters) their scope covers
SCOPES = {
    "inspector_a": "a",
    "inspector_b": "b",
    "council_a": "a",
    "regional": "ac",
    "sector": "ad",
    "federation": "abcd",
    "no_role": "",
}
FAMILIES = (
    "enterprises",
    "inspectors",
    "accidents",
    "inspections",
    "violations",
    "notices",
    "stoppages",
    "councils",
    "decisions",
)


def build_records(world: World, per_enterprise: int = 1, start: int = 0) -> dict:
    """{family: {letter: {ids}}} for `per_enterprise` sets of records at each enterprise."""
    ids: dict = defaultdict(lambda: defaultdict(set))
    for letter in "abcd":
        enterprise = getattr(world, letter)
        ids["enterprises"][letter].add(enterprise.pk)
        ids["inspectors"][letter].update(enterprise.inspectors.values_list("pk", flat=True))
        for n in range(start, start + per_enterprise):
            day = datetime.date(2025, 1 + n % 12, 10)
            accident = AccidentFactory(enterprise=enterprise, date=day)
            VictimFactory.create_batch(2, accident=accident)
            ids["accidents"][letter].add(accident.pk)
            inspection = InspectionFactory(
                enterprise=enterprise, inspector=enterprise.inspectors.first(), date=day
            )
            ids["inspections"][letter].add(inspection.pk)
            for _ in range(2):
                ids["violations"][letter].add(ViolationFactory(inspection=inspection).pk)
            ids["stoppages"][letter].add(WorkStoppageFactory(inspection=inspection).pk)
            sequence = Notice.objects.filter(year=2025).count() + 1
            notice = Notice.objects.create(
                inspection=inspection,
                year=2025,
                sequence=sequence,
                number=Notice.format_number(2025, sequence),
                issued_on=day,
            )
            notice.violations.set(inspection.violations.all())
            ids["notices"][letter].add(notice.pk)
            council = CouncilFactory(
                enterprise=enterprise,
                established_on=datetime.date(2023, 3, 1) + datetime.timedelta(days=n),
            )
            ids["councils"][letter].add(council.pk)
            meeting = MeetingFactory(council=council)
            ids["decisions"][letter].add(DecisionFactory(meeting=meeting).pk)
    return ids


def draft_accident_of(world: World):
    """A draft report at A filed by inspector A: only A's inspectors see it."""
    return AccidentFactory(
        enterprise=world.a, status=AccidentStatus.DRAFT, created_by=world.inspector_a
    )
