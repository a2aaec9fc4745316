"""Helpers every app's write functions share."""

from django.db import models


def locked(model: type[models.Model], pk: int):
    """The record, locked until the transaction ends (SELECT … FOR UPDATE)."""
    return model.objects.select_for_update().get(pk=pk)


def with_history_user(instance, user):
    """Name the acting user on the history record the next save or delete writes
    (django-simple-history)."""
    instance._history_user = user
    return instance
