"""Accident report pages: list and export, filing, detail, review and attachments."""

from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from inspections.access import accidents_visible_to
from inspections.forms.accidents import (
    AccidentFilterForm,
    AccidentForm,
    ReviewForm,
    SubmitForm,
    VictimFormSet,
)
from inspections.history import changes, first_edit
from inspections.models import Accident, Attachment, Outcome, Victim
from inspections.models.accidents import AttachmentKind
from inspections.services.accidents import (
    accident_duplicates,
    accident_return,
    accident_save,
    accident_submit,
    accident_verify,
    can_attach,
    can_edit,
    can_file,
    can_review,
)
from inspections.views import list_rows
from kzsafety import scope_cache
from kzsafety.access import enterprises_visible_to, visible_or_404
from kzsafety.formtools import answers_repeats, attempt, create_once_from
from kzsafety.replica import ReplicaPaginator, replica_reads
from kzsafety.spreadsheets import cells
from kzsafety.uploads import checked_upload

PAGE_SIZE = 25


def _filtered(request: HttpRequest):
    form = AccidentFilterForm(request.GET or {})
    accidents = (
        accidents_visible_to(request.user)
        .with_counts()
        .select_related("enterprise__region", "enterprise__sector", "cause", "event_type")
    )
    return form, form.filter(accidents)


@login_required
def accident_list(request: HttpRequest) -> HttpResponse:
    form, accidents = _filtered(request)
    counted = accidents.order_by()

    def count_totals() -> dict[str, int]:
        totals = Victim.objects.filter(accident__in=counted.values("pk")).aggregate(
            victims=Count("pk"), fatalities=Count("pk", filter=Q(outcome=Outcome.FATAL))
        )
        return {**totals, "accidents": counted.count()}

    with replica_reads():
        totals = scope_cache.cached_for_query(
            request.user, "accident-totals", counted, count_totals
        )
    # The rows show the enterprise and its region only (the export reads the rest).
    paginator = ReplicaPaginator(
        accidents.select_related(None).select_related("enterprise__region"), PAGE_SIZE
    )
    paginator.count = totals["accidents"]  # counted above, with the totals
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "inspections/accidents/accident_list.html",
        {
            "form": form,
            "page": page,
            "rows": list_rows.accident_rows(page.object_list),
            "query": query.urlencode(),
            "totals": totals,
            "can_file": can_file(request.user),
            "filtered": bool(request.GET.dict().keys() - {"page", "sort"}),
        },
    )


EXPORT_COLUMNS = [
    (_("Date"), lambda a: a.date),
    (_("Reference"), lambda a: a.reference),
    (_("Enterprise"), lambda a: a.enterprise.name),
    (_("BIN"), lambda a: a.enterprise.bin),
    (_("Region"), lambda a: a.enterprise.region.name),
    (_("Sector"), lambda a: a.enterprise.sector.name),
    (_("Union present"), lambda a: _("yes") if a.union_present else _("no")),
    (_("Event type"), lambda a: a.event_type.name if a.event_type else ""),
    (_("Cause"), lambda a: a.cause.name if a.cause else ""),
    (_("Employer's fault, %"), lambda a: a.employer_fault_pct),
    (_("Employee's fault, %"), lambda a: a.employee_fault_pct),
    (_("Victims"), lambda a: a.victim_total),
    (_("Fatalities"), lambda a: a.fatality_total),
    (_("Group"), lambda a: _("yes") if a.victim_total >= 2 else _("no")),
    (_("Status"), lambda a: a.get_status_display()),
]


@login_required
def accident_export(request: HttpRequest) -> HttpResponse:
    """Exactly the rows of the list the user is looking at, all pages."""
    _form, accidents = _filtered(request)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Accidents"))
    sheet.freeze_panes = "A2"
    sheet.append(cells(sheet, [title for title, _value in EXPORT_COLUMNS]))
    for accident in accidents.iterator(chunk_size=2000):
        sheet.append(cells(sheet, [value(accident) for _title, value in EXPORT_COLUMNS]))
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="accidents-{stamp}.xlsx"'
    return response


def _filing_page(request: HttpRequest, accident: Accident) -> HttpResponse:
    enterprises = enterprises_visible_to(request.user)
    data = request.POST if request.method == "POST" else None
    form = AccidentForm(data, instance=accident, enterprises=enterprises)
    formset = VictimFormSet(data, instance=accident, prefix="victims")
    if request.method == "POST":
        form_ok = form.is_valid()
        formset_ok = formset.is_valid()
        if form_ok and formset_ok:
            kept = [
                f.instance
                for f in formset.forms
                if f not in formset.deleted_forms and (f.instance.pk or f.has_changed())
            ]
            saved = attempt(
                form,
                lambda: create_once_from(
                    request,
                    form,
                    lambda: accident_save(
                        user=request.user,
                        accident=form.instance,
                        victims=kept,
                        removed=[f.instance for f in formset.deleted_forms],
                        union_present=form.union_present,
                        version=form.started_version,
                    ),
                ),
            )
            if saved is not None:
                accident = saved
                if request.POST.get("action") == "submit":
                    return _submit(request, accident)
                messages.success(request, _("The report is saved as a draft."))
                return redirect(accident)
    return render(
        request,
        "inspections/accidents/accident_form.html",
        {
            "form": form,
            "formset": formset,
            "accident": accident,
            "duplicates": accident_duplicates(accident) if accident.pk else [],
            "submit_form": SubmitForm(),
            "returned": accident.last_return() if accident.pk else None,
            "can_edit": True,  # the views checked it before showing the form
        },
    )


def _submit(request: HttpRequest, accident: Accident) -> HttpResponse:
    posted = SubmitForm(request.POST)  # the reason is text a person typed: read it as such
    if not posted.is_valid():
        for message in posted.errors["duplicate_reason"]:
            messages.error(request, message)
        return redirect("inspections:accident_edit", pk=accident.pk)
    reason = posted.cleaned_data["duplicate_reason"]
    try:
        accident_submit(user=request.user, accident=accident, duplicate_reason=reason)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        if getattr(error, "code", None) == "duplicate":
            return redirect("inspections:accident_edit", pk=accident.pk)
        return redirect(accident)
    messages.success(request, _("The report is submitted for verification."))
    return redirect(accident)


@login_required
@answers_repeats
def accident_create(request: HttpRequest) -> HttpResponse:
    if not can_file(request.user):
        raise PermissionDenied
    return _filing_page(request, Accident())


@login_required
def accident_edit(request: HttpRequest, pk: int) -> HttpResponse:
    accident = get_object_or_404(
        accidents_visible_to(request.user).select_related("enterprise"), pk=pk
    )
    if not can_edit(request.user, accident):
        raise PermissionDenied
    return _filing_page(request, accident)


@login_required
@require_POST
def accident_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    accident = get_object_or_404(
        accidents_visible_to(request.user).select_related("enterprise"), pk=pk
    )
    if not can_edit(request.user, accident):
        raise PermissionDenied
    return _submit(request, accident)


@login_required
def accident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    accident = visible_or_404(
        accidents_visible_to(request.user),
        pk,
        Accident.objects.select_related(
            "enterprise__region", "enterprise__sector", "cause", "event_type", "created_by"
        ),
    )
    victims = list(accident.victims.all())
    report_records = list(accident.history.select_related("history_user"))
    history = changes(report_records, lambda r: _("Report"))
    history += changes(
        Victim.history.filter(accident_id=accident.pk).select_related("history_user"),
        lambda r: r.full_name or _("Victim %(number)s") % {"number": r.position},
        added_after=first_edit(report_records),
    )
    history.sort(key=lambda change: change.at, reverse=True)
    return render(
        request,
        "inspections/accidents/accident_detail.html",
        {
            "accident": accident,
            "returned": accident.last_return(),
            "victims": victims,
            "attachments": accident.attachments.select_related("uploaded_by"),
            "timeline": accident.status_changes.select_related("by"),
            "history": history,
            "can_edit": can_edit(request.user, accident),
            "can_review": can_review(request.user, accident),
            "can_attach": can_attach(request.user, accident),
            "review_form": ReviewForm(),
            "submit_form": SubmitForm(),
            "duplicates": accident_duplicates(accident) if can_edit(request.user, accident) else [],
            "attachment_kinds": AttachmentKind.choices,
        },
    )


@login_required
@require_POST
def accident_review(request: HttpRequest, pk: int) -> HttpResponse:
    accident = get_object_or_404(
        accidents_visible_to(request.user).select_related("enterprise"), pk=pk
    )
    if not can_review(request.user, accident):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(accident)
    comment = form.cleaned_data["comment"]
    try:
        if form.cleaned_data["decision"] == "verify":
            accident_verify(user=request.user, accident=accident, comment=comment)
            messages.success(request, _("The report is verified."))
        else:
            accident_return(user=request.user, accident=accident, comment=comment)
            messages.success(request, _("The report is returned to the inspector."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(accident)


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    accident = get_object_or_404(
        accidents_visible_to(request.user).select_related("enterprise"), pk=pk
    )
    if not can_attach(request.user, accident):
        raise PermissionDenied
    upload = request.FILES.get("file")
    kind = request.POST.get("kind", "")
    if upload is None or kind not in AttachmentKind.values:
        messages.error(request, _("Choose a file and what it is."))
        return redirect(accident)
    try:
        content_type = checked_upload(upload)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(accident)
    Attachment.objects.create(
        accident=accident,
        kind=kind,
        file=upload,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=request.user,
    )
    messages.success(request, _("The file is attached."))
    return redirect(accident)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(
        Attachment.objects.filter(accident__in=accidents_visible_to(request.user)), pk=pk
    )
    return FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=not attachment.content_type.startswith("image/"),
        filename=attachment.original_name,
    )
