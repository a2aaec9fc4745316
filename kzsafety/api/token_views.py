"""The pages where a user creates, lists and revokes their API tokens, and where federation
staff see and revoke anyone's (/accounts/tokens/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from kzsafety.api.forms import TokenForm
from kzsafety.api.tokens import sees_all_tokens, token_create, token_revoke, tokens_visible_to
from kzsafety.formtools import attempt


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """The user's tokens and the form for a new one. A new token is shown on this answer
    only: it is stored hashed and cannot be shown again."""
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        created = attempt(
            form,
            lambda: token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                expires_on=form.cleaned_data["expires_on"],
            ),
        )
        if created:
            new_token = {"record": created[0], "value": created[1]}
            form = TokenForm()
    response = render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "tokens": request.user.api_tokens.select_related("revoked_by"),
            "new_token": new_token,
            "sees_all": sees_all_tokens(request.user),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def token_revoke_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks to confirm; POST revokes. Someone else's token is 404 unless the user is
    federation staff."""
    token = get_object_or_404(tokens_visible_to(request.user), pk=pk)
    if request.method == "POST":
        token_revoke(actor=request.user, token=token)
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
        if token.user_id != request.user.pk:
            return redirect("api_tokens:all")
        return redirect("api_tokens:list")
    return render(request, "api/token_revoke.html", {"token": token})


@login_required
def token_all(request: HttpRequest) -> HttpResponse:
    """Everyone's tokens still in force, for federation staff to revoke."""
    if not sees_all_tokens(request.user):
        raise PermissionDenied
    tokens = tokens_visible_to(request.user).active().order_by("user__username", "-created_at")
    page = Paginator(tokens, 50).get_page(request.GET.get("page"))
    return render(request, "api/tokens_all.html", {"page": page})
