"""Paging: page numbers for the small families, a cursor for the big ones (accidents,
inspections, violations), where pages stay stable while records are added. A client asks
for up to MAX_PAGE_SIZE records a page with `page_size`."""

from django.conf import settings
from rest_framework import pagination


class PagePagination(pagination.PageNumberPagination):
    page_size = settings.API_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE


class NewestFirstCursorPagination(pagination.CursorPagination):
    page_size = settings.API_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE
    # The id only: unique and never changing, so no record is skipped or shown twice.
    ordering = "-pk"
