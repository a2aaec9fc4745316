from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kzsafety.formtools import attempt
from kzsafety.statistics.figures import CELLS, can_enter_figures, figures_save
from kzsafety.statistics.forms import FiguresForm, YearForm, cell_name
from kzsafety.statistics.models import Indicator, Scope, Source


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    """Federation staff enter other bodies' figures and the years before the system."""
    if not can_enter_figures(request.user):
        raise PermissionDenied
    year = YearForm.year_from(request.POST if request.method == "POST" else request.GET)
    form = FiguresForm(request.POST or None, year=year)
    if request.method == "POST" and form.is_valid():
        changed = attempt(
            form, lambda: figures_save(user=request.user, year=year, values=form.values())
        )
        if changed is not None:
            messages.success(request, _("Saved: %(count)s figures changed.") % {"count": changed})
            return redirect(f"{reverse('statistics:figures')}?year={year}")
    rows = {}
    for source, indicator, scope in CELLS:
        row = rows.setdefault(
            (indicator, scope),
            {"label": Indicator(indicator).label, "scope": Scope(scope).label, "cells": {}},
        )
        row["cells"][source] = form[cell_name(source, indicator, scope)]
    sources = [(source, Source(source).label) for source in Source]
    table = [
        {**row, "cells": [row["cells"].get(source) for source, _label in sources]}
        for row in rows.values()
    ]
    return render(
        request,
        "statistics/figures.html",
        {
            "form": form,
            "year": year,
            "year_form": YearForm(initial={"year": year}),
            "table": table,
            "sources": sources,
        },
    )
