"""Two-factor sign-in for editors, in the admin: set up an authenticator app (TOTP, from a
QR code or the key typed in), give its code after the password, turn it off again. The
device's own throttling (django-otp) slows down guessed codes."""

import base64

import django_otp
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from .signin import must_verify, required_for

DEVICE_NAME = "authenticator"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, verify, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.verify = verify
        self.device = None

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        self.device = self.verify(code)
        if self.device is None:
            raise forms.ValidationError(
                _("This code is not right or has expired. Enter the code your app shows now.")
            )
        return code


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


def _admin_user(view):
    @never_cache
    @login_required(login_url="wagtailadmin_login")
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm("wagtailadmin.access_admin"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@_admin_user
def verify(request):
    """The second step of signing in."""
    if not django_otp.user_has_device(request.user, confirmed=True):
        return redirect("two_factor_setup")
    form = CodeForm(lambda code: django_otp.match_token(request.user, code), request.POST or None)
    if request.method == "POST" and form.is_valid():
        django_otp.login(request, form.device)
        return redirect(_next_url(request))
    return render(
        request, "portal/two_factor/verify.html", {"form": form, "next": _next_url(request)}
    )


def _pending_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def _qr_code(device) -> str:
    """An inline SVG on a white ground, readable in the admin's dark theme too."""
    # Imported here: only the set-up page draws a QR code, and qrcode weighs 6 MB.
    import qrcode
    from qrcode.image.svg import SvgPathFillImage

    image = qrcode.make(device.config_url, image_factory=SvgPathFillImage, box_size=8)
    svg = image.to_string(encoding="unicode")
    return mark_safe(svg[svg.index("<svg") :])  # noqa: S308 (drawn by qrcode from our own URL)


@_admin_user
def setup(request):
    """Turns two-factor sign-in on: the editor scans the QR code and confirms with a code."""
    user = request.user
    if django_otp.user_has_device(user, confirmed=True):
        if not user.is_verified():
            return redirect_to_login(request.get_full_path(), reverse("two_factor_verify"))
        return render(
            request,
            "portal/two_factor/status.html",
            {"can_turn_off": not required_for(user)},
        )
    device = _pending_device(user)
    form = CodeForm(
        lambda code: device if device.verify_token(code) else None, request.POST or None
    )
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        django_otp.login(request, device)
        messages.success(
            request,
            _("Two-factor sign-in is on. You will be asked for a code each time you sign in."),
        )
        return redirect(_next_url(request))
    return render(
        request,
        "portal/two_factor/setup.html",
        {
            "form": form,
            "qr_code": _qr_code(device),
            "key": base64.b32encode(device.bin_key).decode(),
            "required": must_verify(user),
            "next": _next_url(request),
        },
    )


@require_POST
@_admin_user
def turn_off(request):
    if required_for(request.user):
        raise PermissionDenied
    TOTPDevice.objects.filter(user=request.user).delete()
    messages.success(request, _("Two-factor sign-in is off."))
    return redirect("two_factor_setup")
