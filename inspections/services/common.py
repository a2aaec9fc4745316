"""Small helpers the write functions of this app share."""

from django.db import models


def locked(model: type[models.Model], pk: int):
    return model.objects.select_for_update().get(pk=pk)


def with_history_user(instance, user):
    """Name the acting user on the history record the next save or delete writes."""
    instance._history_user = user
    return instance
