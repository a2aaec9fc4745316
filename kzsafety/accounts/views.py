from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kzsafety.accounts import lockout
from kzsafety.accounts.forms import LoginForm, NotificationFilterForm, NotificationSettingsForm
from kzsafety.accounts.notify import KINDS


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        """After a wrong password (or an unknown username, said the same way) tell how many
        attempts are left before log-in is paused."""
        context = self.get_context_data(form=form)
        if form.has_error(NON_FIELD_ERRORS, "invalid_login"):
            credentials = {"username": form.cleaned_data.get("username", "")}
            context["allowance"] = lockout.allowance(self.request, credentials)
        return self.render_to_response(context)


class LogoutView(auth_views.LogoutView):
    """Log-out also tells the browser to drop what the offline app kept on this device
    (its caches, IndexedDB and service worker), so the next user of the phone sees
    nothing of this one's; static/js/field/app.js clears them too before the form goes."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The notification centre: unread first, then the newest; filtered by kind."""
    mine = request.user.notifications.all()
    codes = sorted(set(mine.order_by().values_list("kind", flat=True).distinct()) - {""})
    kinds = sorted(
        ((code, str(KINDS[code].label)) for code in codes if code in KINDS), key=lambda k: k[1]
    )
    form = NotificationFilterForm(request.GET or None, kinds=kinds)
    listed = form.filter(mine) if form.is_bound else mine
    items = Paginator(listed.unread_first(), 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/notifications.html",
        {"page": items, "form": form, "query": query.urlencode(), "has_kinds": bool(kinds)},
    )


@login_required
@require_GET
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of the user's notifications read and go to what it is about. Only a path
    of this site is followed; anything else leads back to the centre."""
    notification = get_object_or_404(request.user.notifications, pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    target = notification.url
    local = (
        target.startswith("/")
        and not target.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(target, allowed_hosts=set())
    )
    return redirect(target if local else reverse("accounts:notifications"))


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("accounts:notifications")


@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    """How the user hears about each kind of their role, and the weekly digest."""
    form = NotificationSettingsForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your notification settings are saved."))
        return redirect("accounts:notification_settings")
    return render(request, "accounts/notification_settings.html", {"form": form})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; a signed-in user keeps the choice on every device."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or request.headers.get("referer") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("home")
    response = HttpResponseRedirect(next_url)
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        request.user.language = language
        request.user.save(update_fields=["language"])
    translation.activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    return response
