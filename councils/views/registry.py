"""Pages of the council register. Reads go through councils/access.py (outside the scope:
404); writes through councils/services/registry.py (a role that may not act: 403)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from councils.access import (
    assessments_visible_to,
    council_members_visible_to,
    councils_visible_to,
    decisions_visible_to,
    meetings_visible_to,
    remediation_violations_visible_to,
)
from councils.forms.registry import (
    CouncilFilterForm,
    CouncilForm,
    CouncilInspectorsForm,
    CouncilMemberForm,
)
from councils.models import Council, CouncilMember
from councils.services import registry as services
from councils.services.rights import may_manage_registry, may_work_in
from councils.views.common import (
    TEMPLATES,
    council_or_404,
    field_history,
    members_in_order,
    page_of,
)
from kzsafety.access import enterprises_visible_to
from kzsafety.formtools import answers_repeats, attempt, create_once_from
from kzsafety.querystrings import id_from


@login_required
def council_list(request: HttpRequest) -> HttpResponse:
    form = CouncilFilterForm(request.GET or None)
    councils = (
        councils_visible_to(request.user)
        .select_related("enterprise__region", "sector")
        .with_parity()
        .order_by("enterprise__name", "-established_on", "pk")
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            councils = councils.filter(
                Q(enterprise__name__icontains=data["q"]) | Q(enterprise__bin=data["q"].strip())
            )
        if data["region"]:
            councils = councils.filter(enterprise__region=data["region"])
        if data["state"] == "active":
            councils = councils.active_on(timezone.localdate())
        elif data["state"] == "dissolved":
            councils = councils.exclude(pk__in=Council.objects.active_on(timezone.localdate()))
        if data["parity"]:
            councils = councils.without_parity()
    page, query = page_of(request, councils)
    return render(
        request,
        f"{TEMPLATES}/council_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "can_create": may_manage_registry(request.user),
        },
    )


@login_required
def council_detail(request: HttpRequest, pk: int) -> HttpResponse:
    council = council_or_404(request, pk)
    user = request.user
    today = timezone.localdate()
    violations = remediation_violations_visible_to(user).filter(
        inspection__enterprise=council.enterprise_id
    )
    decisions = decisions_visible_to(user).filter(meeting__council=council)
    employer, workers = council.side_totals()
    return render(
        request,
        f"{TEMPLATES}/council_detail.html",
        {
            "council": council,
            "employer_total": employer,
            "workers_total": workers,
            "members": members_in_order(council),
            "inspectors": council.inspectors.order_by("full_name"),
            "meetings": meetings_visible_to(user)
            .filter(council=council)
            .order_by("-date", "-number")[:10],
            "overdue_decisions": decisions.overdue(today)
            .select_related("meeting")
            .order_by("deadline", "pk"),
            "open_violations": violations.count(),
            "overdue_violations": violations.filter(deadline__lt=today).count(),
            "assessments": assessments_visible_to(user).filter(council=council),
            "history": field_history(council.history.all(), lambda record: _("Council")),
            "can_manage": may_manage_registry(user, council.enterprise),
            "can_work": may_work_in(user, council) and council.is_active,
        },
    )


def _require_manager(request: HttpRequest, council: Council | None = None) -> None:
    if not may_manage_registry(request.user, council.enterprise if council else None):
        raise PermissionDenied(
            _("Only federation staff, and regional staff for their region, keep the register.")
        )


@login_required
@answers_repeats
def council_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    enterprises = enterprises_visible_to(request.user)
    initial = {}
    if enterprise_id := id_from(request.GET.get("enterprise")):
        chosen = enterprises.filter(pk=enterprise_id).first()
        if chosen:
            initial["enterprise_bin"] = chosen.bin
    form = CouncilForm(
        request.POST or None,
        instance=Council(),
        enterprises=enterprises,
        initial={**initial, "established_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        council = attempt(
            form,
            lambda: create_once_from(
                request,
                form,
                lambda: services.council_save(user=request.user, council=form.instance),
            ),
        )
        if council:
            messages.success(request, _("The council is in the register. Add its members."))
            return redirect(council)
    return render(request, f"{TEMPLATES}/council_form.html", {"form": form})


@login_required
def council_edit(request: HttpRequest, pk: int) -> HttpResponse:
    council = council_or_404(request, pk)
    _require_manager(request, council)
    form = CouncilForm(request.POST or None, instance=council)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: services.council_save(
                user=request.user, council=form.instance, version=form.started_version
            ),
        )
        if saved:
            messages.success(request, _("The council record was saved."))
            return redirect(saved)
    return render(request, f"{TEMPLATES}/council_form.html", {"form": form, "council": council})


def _member_page(request, council, member):
    _require_manager(request, council)
    form = CouncilMemberForm(request.POST or None, instance=member, council=council)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: create_once_from(
                request,
                form,
                lambda: services.council_member_save(user=request.user, member=form.instance),
            ),
        )
        if saved:
            messages.success(request, _("%(name)s is saved.") % {"name": saved.full_name})
            if "add_another" in request.POST:
                return redirect("councils:member_add", pk=council.pk)
            return redirect(council)
    return render(
        request,
        f"{TEMPLATES}/member_form.html",
        {"form": form, "council": council, "member": member},
    )


@login_required
@answers_repeats
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    council = council_or_404(request, pk)
    return _member_page(request, council, CouncilMember(council=council))


@login_required
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(council_members_visible_to(request.user), pk=pk)
    return _member_page(request, council_or_404(request, member.council_id), member)


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(
        council_members_visible_to(request.user).select_related("council__enterprise"), pk=pk
    )
    services.council_member_remove(user=request.user, member=member)
    messages.success(request, _("%(name)s is no longer on the council.") % {"name": member})
    return redirect(member.council)


@login_required
def council_inspectors(request: HttpRequest, pk: int) -> HttpResponse:
    council = council_or_404(request, pk)
    _require_manager(request, council)
    form = CouncilInspectorsForm(request.POST or None, council=council)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            form,
            lambda: services.council_inspectors_set(
                user=request.user, council=council, inspectors=form.cleaned_data["inspectors"]
            ),
        )
        if done:
            messages.success(request, _("The council's technical inspectors were saved."))
            return redirect(council)
    return render(
        request, f"{TEMPLATES}/council_inspectors.html", {"form": form, "council": council}
    )
