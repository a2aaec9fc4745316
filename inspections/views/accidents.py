"""Accident report pages (being built)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def _not_yet(request, pk=None):
    raise Http404


accident_list = accident_export = accident_create = _not_yet
accident_detail = accident_edit = accident_review = attachment_upload = attachment_download = (
    _not_yet
)
