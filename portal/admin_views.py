"""The editors' translation status report (see translation_status.py)."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from .translation_status import STATES, translation_status

KINDS = {"pages": ("pages",), "snippets": ("snippets",)}


def translation_status_report(request):
    kind = request.GET.get("kind", "")
    state = request.GET.get("state", "")
    report = translation_status(request.user, KINDS.get(kind, ("pages", "snippets")))
    rows = [row for row in report.rows if state not in STATES or row.state == state]
    return render(
        request,
        "portal/admin/translation_status.html",
        {
            "page_title": _("Translation status"),
            "header_icon": "site",
            "report": report,
            "rows": rows,
            "states": STATES,
            "state": state,
            "kind": kind,
        },
    )
