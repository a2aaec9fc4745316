"""This app's section of the weekly digest (kzsafety/accounts/digest.py): council decisions
past their deadline in the reader's scope, read like the home panel (councils/panels.py)."""

import datetime

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from councils.panels import overdue_decisions
from kzsafety.accounts.digest import Line, Section
from kzsafety.accounts.models import User


def decision_section(user: User, today: datetime.date) -> Section | None:
    if not user.role and not user.is_superuser:
        return None
    overdue = overdue_decisions(user, today)
    label = _("Overdue council decisions")
    url = f"{reverse('councils:decision_list')}?state=overdue"
    by_region = {}
    if user.is_federation_staff:
        region = "meeting__council__enterprise__region"
        by_region = {
            row[region]: {label: row["n"]}
            for row in overdue.order_by().values(region).annotate(n=Count("pk"))
        }
    return Section(_("Production councils"), [Line(label, overdue.count(), url)], by_region)
