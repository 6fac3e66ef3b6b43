"""Reads of the yearly reorganisation task: a year's steps and their progress."""

import datetime
from dataclasses import dataclass

from proactive.committee.models import Reorganisation, ReorganisationStep


@dataclass
class Progress:
    reorganisation: Reorganisation | None
    steps: list[ReorganisationStep]
    done: int
    overdue: int

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.steps else 0


def progress(year: int, *, today: datetime.date) -> Progress:
    reorganisation = Reorganisation.objects.filter(year=year).first()
    if reorganisation is None:
        return Progress(None, [], 0, 0)
    steps = list(reorganisation.steps.select_related("owner").order_by("position"))
    for step in steps:
        step.overdue = step.is_overdue(today)  # type: ignore[attr-defined]
        step.days_left = (step.due_on - today).days  # type: ignore[attr-defined]
    return Progress(
        reorganisation,
        steps,
        done=sum(1 for s in steps if s.done_on is not None),
        overdue=sum(1 for s in steps if s.overdue),  # type: ignore[attr-defined,misc]
    )


def years() -> list[int]:
    return list(Reorganisation.objects.order_by("-year").values_list("year", flat=True))


def overdue_steps(*, today: datetime.date) -> int:
    return ReorganisationStep.objects.filter(done_on__isnull=True, due_on__lt=today).count()
