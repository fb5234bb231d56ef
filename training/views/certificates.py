from django.shortcuts import render
from django.urls import reverse
from wagtail.models import Locale, Page

from ..forms import VerifyCertificateForm
from ..models import Certificate
from ..models.results import normalise_code


def verify(request, code=None):
    """Anyone can check a certificate code: valid, revoked or unknown."""
    raw = code if code is not None else request.GET.get("code")
    context = {"form": VerifyCertificateForm(initial={"code": raw or ""}), "checked": False}
    status = 200
    if raw:
        normalised = normalise_code(raw)
        certificate = Certificate.objects.filter(code=normalised).first() if normalised else None
        context.update(checked=True, code=raw, certificate=certificate)
        if certificate is None:
            status = 404
        else:
            module = Page.objects.filter(
                translation_key=certificate.module_key, locale=Locale.get_active()
            ).first()
            context["module_title"] = module.title if module else certificate.module_title
    context["verify_action"] = reverse("training:verify")
    response = render(request, "training/verify.html", context, status=status)
    response["Cache-Control"] = "no-cache"
    return response
