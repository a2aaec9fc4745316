"""Celery discovers `tasks.py` only; the tasks of each feature live beside it."""

from inspections.tasks_public_control import *  # noqa: F403
