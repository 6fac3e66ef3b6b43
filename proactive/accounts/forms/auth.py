"""Sign-in forms: officials' password and second factor, password change and reset, citizens' e-mail code."""

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from proactive.accounts.enums import UserKind
from proactive.accounts.models import User

USERNAME_MAX_LENGTH = 150
# Long enough for any passphrase (AUTH-01 accepts 128 characters and more), short enough to bound hashing work.
PASSWORD_MAX_LENGTH = 4096


def _input(**attrs) -> dict:
    return {"class": "krds-input", **attrs}


def _password_help_text() -> str:
    return " ".join(str(text) for text in password_validation.password_validators_help_texts())


class LoginForm(forms.Form):
    """Username and password. ``authenticate`` runs through django-axes, which counts failures per username."""

    error_messages = {
        "invalid_login": _("The username or password is not correct. Please check them and try again."),
    }

    username = forms.CharField(
        label=_("Username"),
        max_length=USERNAME_MAX_LENGTH,
        widget=forms.TextInput(
            attrs=_input(autocomplete="username", autocapitalize="none", spellcheck="false", autofocus=True)
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs=_input(autocomplete="current-password")),
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user_cache: User | None = None
        self.attempted = False  # authenticate() was called (so the attempt counts as a failure if it fails)
        super().__init__(*args, **kwargs)

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username and password:
            self.attempted = True
            user = authenticate(request=self.request, username=username, password=password)
            # Citizens sign in with an e-mail code only; an unknown name, a wrong password, a disabled account and
            # a citizen account all get the same answer so the form reveals nothing about which accounts exist.
            if user is None or user.kind != UserKind.OFFICIAL:
                raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")
            self.user_cache = user
        return self.cleaned_data

    def get_user(self) -> User | None:
        return self.user_cache


class CodeField(forms.CharField):
    """Six digits; spaces are ignored because apps and e-mails show codes as "123 456"."""

    def __init__(self, *, invalid_message, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs=_input(autocomplete="one-time-code", inputmode="numeric", spellcheck="false", autofocus=True)
            ),
        )
        super().__init__(validators=[RegexValidator(r"^\d{6}$", invalid_message, code="malformed")], **kwargs)

    def to_python(self, value):
        return "".join(super().to_python(value).split())


class OtpCodeForm(forms.Form):
    code = CodeField(
        label=_("6-digit code"),
        invalid_message=_("Enter the 6-digit code from your authenticator app, using digits only."),
    )


class ProactivePasswordChangeForm(PasswordChangeForm):
    """Django's form (current password, validators) with our field markup and a plain-text rules summary."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Current password")
        self.fields["new_password1"].help_text = _password_help_text()
        self.fields["new_password2"].help_text = _("Enter the same password again.")
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "krds-input")


class ProactiveSetPasswordForm(SetPasswordForm):
    """A new password after a reset link; the same rules as a change."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = _password_help_text()
        self.fields["new_password1"].widget.attrs["autofocus"] = True
        self.fields["new_password2"].help_text = _("Enter the same password again.")
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "krds-input")


class OfficialPasswordResetForm(PasswordResetForm):
    """Only active officials' accounts with a usable password can be reset by e-mail."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Work e-mail address")
        self.fields["email"].widget.attrs.update(_input(autocomplete="email", autofocus=True))

    def get_users(self, email):
        return (user for user in super().get_users(email) if user.kind == UserKind.OFFICIAL)


class CitizenStartForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("We will send a 6-digit code to this address."),
        widget=forms.EmailInput(attrs=_input(autocomplete="email", autofocus=True)),
    )
    consent = forms.BooleanField(
        label=_("I have read the privacy policy and agree that my e-mail address is used to sign me in."),
        required=True,
        error_messages={"required": _("Please agree to the privacy policy to continue.")},
    )


class CitizenCodeForm(forms.Form):
    code = CodeField(
        label=_("6-digit code from the e-mail"),
        invalid_message=_("Enter the 6-digit code from the e-mail, using digits only."),
    )
