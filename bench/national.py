"""A deterministic generator of national-scale data: five years of the size DOMAIN.md
describes, spread over the 20 regions and the federation sectors.

Per year: ~1,250 accidents with ~1,350 victims, 92,000 inspections, 163,000 violations,
58,000 proposals, ~1,100 work stoppages, ~12,000 active councils (≈300 new a year), and
16,600 technical inspectors with ~71 % trained each year. Rows are written with
bulk_create in batches; the same seed gives the same data."""

import datetime
import random
from collections.abc import Iterator

from django.db import transaction

BATCH = 10_000


def _batched(items: Iterator, size: int = BATCH) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _bin(rng: random.Random, n: int) -> str:
    from kzsafety.directories.validators import check_digit

    while True:
        first = f"{rng.randrange(10**10, 10**11):011d}"
        digit = check_digit(first)
        if digit is not None:
            return f"{first}{digit}"


def _day(rng: random.Random, year: int) -> datetime.date:
    return datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))


@transaction.atomic
def generate(years: list[int], *, seed: int = 2025, enterprises: int = 40_000, log=print) -> dict:
    from councils.models import Council
    from inspections.models import (
        Accident,
        AccidentStatus,
        Inspection,
        InspectionStatus,
        Outcome,
        Proposal,
        Victim,
        Violation,
        ViolationStatus,
        WorkStoppage,
    )
    from kzsafety.directories.models import (
        Cause,
        Enterprise,
        EventType,
        Region,
        Sector,
        TechnicalInspector,
        TrainingRecord,
    )

    rng = random.Random(seed)
    noon = datetime.time(12, tzinfo=datetime.UTC)
    regions = list(Region.objects.all())
    sectors = list(Sector.objects.all())
    causes = list(Cause.objects.all())
    events = list(EventType.objects.all())
    sizes = {}

    seen_bins: set[str] = set()
    rows = []
    while len(rows) < enterprises:
        number = _bin(rng, len(rows))
        if number in seen_bins:
            continue
        seen_bins.add(number)
        rows.append(
            Enterprise(
                bin=number,
                name=f"Enterprise {len(rows):05d}",
                region=rng.choice(regions),
                sector=rng.choice(sectors),
                headcount=rng.randrange(10, 5000),
                union_member=rng.random() < 0.3,
            )
        )
    Enterprise.objects.bulk_create(rows, batch_size=BATCH)
    firms = list(Enterprise.objects.values_list("pk", "region_id", "sector_id", "union_member"))
    sizes["enterprises"] = len(firms)
    log(f"  enterprises: {len(firms):,}")

    first_year, last_year = min(years), max(years)
    inspectors = []
    for index in range(16_600 + 1_500):
        firm = rng.choice(firms)
        appointed = _day(rng, rng.randrange(first_year - 6, last_year + 1))
        left = _day(rng, rng.randrange(first_year, last_year + 2)) if index >= 16_600 else None
        if left is not None and left < appointed:
            left = appointed + datetime.timedelta(days=200)
        inspectors.append(
            TechnicalInspector(
                number=f"TI-{index:06d}",
                full_name=f"Inspector {index:06d}",
                region_id=firm[1],
                enterprise_id=firm[0],
                appointed_on=appointed,
                left_on=left,
            )
        )
    TechnicalInspector.objects.bulk_create(inspectors, batch_size=BATCH)
    inspector_ids = list(TechnicalInspector.objects.values_list("pk", flat=True))
    trainings = (
        TrainingRecord(inspector_id=pk, completed_on=_day(rng, year), course="Еңбек қауіпсіздігі")
        for year in years
        for pk in inspector_ids
        if rng.random() < 0.71
    )
    sizes["trainings"] = sum(
        len(TrainingRecord.objects.bulk_create(batch)) for batch in _batched(trainings)
    )
    sizes["inspectors"] = len(inspector_ids)
    log(f"  inspectors: {len(inspector_ids):,}, trainings: {sizes['trainings']:,}")

    councils = []
    for index in range(11_000 + 300 * len(years)):
        firm = firms[index % len(firms)]
        if index < 11_000:
            established = _day(rng, rng.randrange(2010, first_year))
        else:
            established = _day(rng, years[(index - 11_000) // 300])
        dissolved = (
            _day(rng, rng.randrange(first_year, last_year + 1)) if rng.random() < 0.05 else None
        )
        if dissolved is not None and dissolved < established:
            dissolved = None
        councils.append(
            Council(
                enterprise_id=firm[0],
                sector_id=firm[2],
                established_on=established,
                union_initiative=rng.random() < 0.6,
                dissolved_on=dissolved,
            )
        )
    Council.objects.bulk_create(councils, batch_size=BATCH)
    sizes["councils"] = len(councils)
    log(f"  councils: {len(councils):,}")

    sizes.update(accidents=0, victims=0, inspections=0, violations=0, proposals=0, stoppages=0)
    for year in years:
        accidents = []
        for _ in range(1_250):
            firm = rng.choice(firms)
            employer = rng.choice([None, 0, 30, 50, 60, 80, 100])
            accidents.append(
                Accident(
                    enterprise_id=firm[0],
                    date=_day(rng, year),
                    union_present=firm[3],
                    cause=rng.choice(causes) if rng.random() < 0.9 else None,
                    event_type=rng.choice(events),
                    employer_fault_pct=employer,
                    employee_fault_pct=None if employer is None else 100 - employer,
                    status=rng.choice([AccidentStatus.SUBMITTED, AccidentStatus.VERIFIED]),
                )
            )
        created = Accident.objects.bulk_create(accidents, batch_size=BATCH)
        victims = []
        for accident in created:
            for position in range(1, 3 if rng.random() < 0.08 else 2):
                outcome = rng.choices(
                    [Outcome.LIGHT, Outcome.SEVERE, Outcome.FATAL], weights=[70, 15, 15]
                )[0]
                victims.append(
                    Victim(
                        accident_id=accident.pk,
                        position=position,
                        outcome=outcome,
                        age=rng.randrange(18, 65),
                        died_on=accident.date if outcome == Outcome.FATAL else None,
                    )
                )
        Victim.objects.bulk_create(victims, batch_size=BATCH)
        sizes["accidents"] += len(created)
        sizes["victims"] += len(victims)

        made = 0
        for batch_start in range(0, 92_000, BATCH):
            inspections = []
            for _ in range(min(BATCH, 92_000 - batch_start)):
                day = _day(rng, year)
                inspections.append(
                    Inspection(
                        inspector_id=rng.choice(inspector_ids),
                        enterprise_id=rng.choice(firms)[0],
                        date=day,
                        status=InspectionStatus.FINALIZED,
                        finalized_at=datetime.datetime.combine(day, noon),
                    )
                )
            ids = [i.pk for i in Inspection.objects.bulk_create(inspections)]
            made += len(ids)
            violations, proposals, stoppages = [], [], []
            share = 163_000 / 92_000
            for pk, inspection in zip(ids, inspections, strict=True):
                count = int(share) + (1 if rng.random() < share - int(share) else 0)
                for position in range(1, count + 1):
                    eliminated = rng.random() < 0.97
                    violations.append(
                        Violation(
                            inspection_id=pk,
                            position=position,
                            description="Нарушение требований охраны труда",
                            deadline=inspection.date + datetime.timedelta(days=30),
                            status=ViolationStatus.ELIMINATED
                            if eliminated
                            else ViolationStatus.OPEN,
                            eliminated_on=inspection.date + datetime.timedelta(days=20)
                            if eliminated
                            else None,
                        )
                    )
                if rng.random() < 58_000 / 92_000:
                    proposals.append(Proposal(inspection_id=pk))
                if rng.random() < 1_100 / 92_000:
                    stoppages.append(WorkStoppage(inspection_id=pk, started_on=inspection.date))
            Violation.objects.bulk_create(violations, batch_size=BATCH)
            Proposal.objects.bulk_create(proposals, batch_size=BATCH)
            WorkStoppage.objects.bulk_create(stoppages, batch_size=BATCH)
            sizes["violations"] += len(violations)
            sizes["proposals"] += len(proposals)
            sizes["stoppages"] += len(stoppages)
        sizes["inspections"] += made
        log(f"  {year}: accidents {len(created):,}, inspections {made:,}")
    return sizes
