"""Pages of the project (the home page, the enterprise page) show panels contributed by
apps further up the dependency chain. The apps are named in settings (HOME_PANELS,
ENTERPRISE_PANELS) as dotted paths, so nothing here imports them.

A panel is a function `(request, **kwargs) -> Panel | None`; None hides it."""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.module_loading import import_string


@dataclass
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


def collect(setting: str, request: HttpRequest, **kwargs: Any) -> list[Panel]:
    panels = []
    for path in getattr(settings, setting, []):
        panel = import_string(path)(request, **kwargs)
        if panel is not None:
            panels.append(panel)
    return panels
