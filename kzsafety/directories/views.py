from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from kzsafety.access import enterprises_visible_to, inspectors_visible_to
from kzsafety.directories.forms import EnterpriseFilterForm
from kzsafety.panels import collect

PAGE_SIZE = 25


@login_required
def enterprise_list(request: HttpRequest) -> HttpResponse:
    form = EnterpriseFilterForm(request.GET or None)
    enterprises = enterprises_visible_to(request.user).select_related("region", "sector")
    if form.is_bound:
        enterprises = form.filter(enterprises)
    page = Paginator(enterprises.order_by("name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directories/enterprise_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@login_required
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_object_or_404(
        enterprises_visible_to(request.user).select_related("region", "sector", "oked_section"),
        pk=pk,
    )
    inspectors = (
        inspectors_visible_to(request.user)
        .filter(enterprise=enterprise)
        .prefetch_related("trainings")
        .order_by("full_name")
    )
    return render(
        request,
        "directories/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "inspectors": inspectors,
            "panels": collect("ENTERPRISE_PANELS", request, enterprise=enterprise),
        },
    )
