from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.client_identity import client_address, within_limit

from .verification import pending_account

TRAINEES_GROUP = "Trainees"


class TraineeRegistrationForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name (as it should appear on certificates)"), max_length=150
    )
    email = forms.EmailField(label=_("Email"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits and not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        User = get_user_model()
        if (
            User.objects.filter(username__iexact=email).exists()
            or User.objects.filter(email__iexact=email).exists()
        ):
            raise forms.ValidationError(
                _("An account with this email address exists already. Sign in instead.")
            )
        return email

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        elif password1 and cleaned.get("email"):
            user = get_user_model()(username=cleaned["email"], email=cleaned["email"])
            try:
                password_validation.validate_password(password1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    @transaction.atomic
    def save(self):
        name = self.cleaned_data["full_name"].strip()
        first, _sep, last = name.partition(" ")
        user = get_user_model().objects.create_user(
            username=self.cleaned_data["email"],
            email=self.cleaned_data["email"],
            password=self.cleaned_data["password1"],
            first_name=first[:150],
            last_name=last[:150],
            # Active once the address is confirmed (training/verification.py).
            is_active=False,
        )
        user.groups.add(Group.objects.get(name=TRAINEES_GROUP))
        return user


class TraineeLoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "unconfirmed": _(
            "Your email address is not confirmed yet. Open the link we sent to it, or ask "
            "for a new link below."
        ),
    }

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            # Only someone who knows the password learns that the account waits for
            # confirmation; everyone else gets the usual "incorrect" message.
            user = pending_account(self.cleaned_data.get("username"))
            if user is not None and user.check_password(self.cleaned_data.get("password")):
                raise forms.ValidationError(
                    self.error_messages["unconfirmed"], code="unconfirmed"
                ) from None
            raise


class ResendVerificationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        max_length=150,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class TraineePasswordResetForm(PasswordResetForm):
    """Django's reset form, for trainees only: editors reset their password in the admin.
    The page after it says the same whether or not the address has an account."""

    def get_users(self, email):
        return (user for user in super().get_users(email) if is_trainee(user))


def reset_mail_refusal(request, email: str) -> str | None:
    """Why no reset mail is sent now, or None. Requests are counted per client and per
    address whether or not the address has an account, so the answer tells nothing about
    which addresses do."""
    limits = settings.PASSWORD_RESET_RATE_LIMITS
    if not within_limit("password-reset-client", client_address(request), limits["client"]):
        message = gettext(
            "Too many password reset requests have come from this connection. Please try "
            "again in %(minutes)d minutes."
        )
        return message % {"minutes": limits["client"][1] // 60}
    if not within_limit("password-reset-address", email.strip().lower(), limits["address"]):
        message = gettext(
            "Several reset links have already been sent to this address. Please use the "
            "latest one, check the spam folder, or try again in %(minutes)d minutes."
        )
        return message % {"minutes": limits["address"][1] // 60}
    return None


def is_trainee(user) -> bool:
    return user.groups.filter(name=TRAINEES_GROUP).exists()


class VerifyCertificateForm(forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=40)
