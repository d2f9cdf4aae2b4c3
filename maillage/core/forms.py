from html import escape
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .models import User
from .options import choices_key, options_markup

# The hint of a multiple choice: true with the searchable picker and without JavaScript.
SEVERAL_HINT = _(
    "Plusieurs choix possibles : tapez pour chercher, puis ajoutez-en autant que nécessaire "
    "(sans JavaScript : Ctrl ou Cmd + clic)."
)


class BoundField(forms.BoundField):
    """A field drawn by the app's own field templates (``templates/components/forms/``)."""

    @property
    def template_name(self) -> str:
        own = self.field.template_name or getattr(self.field.__class__, "template_name", None)
        if own:
            return own
        widget = self.field.widget
        if isinstance(widget, forms.CheckboxInput):
            return "components/forms/field_check.html"
        if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            return "components/forms/field_choices.html"
        return "components/forms/field.html"

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if attrs.get("aria-invalid"):
            attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
        return attrs


def widget_class(widget: forms.Widget) -> str | None:
    """The Bootstrap class of a widget's control (None: hidden, or styled by its template)."""
    if widget.is_hidden:
        return None
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "form-check-input"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "form-select"
    if widget.attrs.get("type", getattr(widget, "input_type", None)) == "color":
        return "form-control form-control-color"
    return "form-control"


class ListSelect(forms.Select):
    """A single select whose ``<option>`` markup is written once per list of choices.

    The long lists (countries, languages, policy areas, an authority's services) are the same
    on every page that shows them: building an option per choice and request was 2 to 3 ms
    of the search and list pages. The choices' labels are part of the cache key, so each
    language and each authority's list has its own entry; the selected option is marked on
    the cached markup. Short lists take Django's usual path.
    """

    CACHED_FROM = 30  # choices

    def get_context(self, name, value, attrs):
        # iter(): list() of a model choice iterator would ask its len() first, a COUNT query.
        choices = list(iter(self.choices))  # a model choice field's query, run once here
        if len(choices) < self.CACHED_FROM:
            # Django's path, on the list just read rather than on a second query.
            kept, self._choices = self._choices, choices
            try:
                return super().get_context(name, value, attrs)
            finally:
                self._choices = kept
        context = forms.Widget.get_context(self, name, value, attrs)
        markup = options_markup(choices_key(choices))
        selected = context["widget"]["value"]
        if selected:
            option = f'<option value="{escape(str(selected[0]))}">'
            markup = markup.replace(option, f"{option[:-1]} selected>", 1)
        context["widget"]["options_markup"] = markup
        return context


class BaseForm(forms.Form):
    """Every form of the app: Bootstrap classes on the controls, the app's field templates,
    and an error summary above the fields that links to each field in error.

    ``mark_optional`` adds "(facultatif)" to the labels of optional fields (off for filters,
    where every field is optional).
    """

    template_name = "components/forms/form.html"
    bound_field_class = BoundField
    mark_optional = True
    error_title: str | None = None  # the error summary's heading, when not the generic one
    error_hint: str | None = None  # and what to do

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                widget = ListSelect()
                widget.__dict__.update(field.widget.__dict__)  # attrs, choices, is_required…
                field.widget = widget
            css = widget_class(field.widget)
            if css and "class" not in field.widget.attrs:
                field.widget.attrs["class"] = css


class LoginForm(AuthenticationForm, BaseForm):
    username = UsernameField(
        label=_("Identifiant"), widget=forms.TextInput(attrs={"autofocus": True})
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "Identifiant ou mot de passe incorrect. Vérifiez votre saisie, "
            "en respectant les majuscules et minuscules."
        ),
        "inactive": _("Ce compte est désactivé. Contactez l'administrateur de votre collectivité."),
    }


class PasswordChangeForm(auth_forms.PasswordChangeForm, BaseForm):
    pass


class SetPasswordForm(auth_forms.SetPasswordForm, BaseForm):
    pass


class PasswordResetForm(auth_forms.PasswordResetForm, BaseForm):
    email = forms.EmailField(
        label=_("Adresse électronique"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def get_users(self, email: str):
        """Active accounts with this address, those still without a password included.

        An account created by an administrator has no password until its owner follows a reset
        link; when that first link has expired, the owner asks for another one here.
        """
        return (
            user
            for user in User.objects.filter(email__iexact=email, is_active=True)
            if user.email.casefold() == email.casefold()
        )


SPREADSHEET_SUFFIXES = (".csv", ".xlsx")


class SpreadsheetUploadForm(BaseForm):
    """A CSV or XLSX file to import, up to HR_IMPORT_MAX_UPLOAD_BYTES.

    Subclasses set the field's label and help, and the two messages that tell the user what to
    do when the file is of another kind (``wrong_kind``) or too large (``too_large``: with
    ``%(size)s`` and ``%(max)s``).
    """

    label = ""
    wrong_kind = ""
    too_large = ""

    file = forms.FileField(
        widget=forms.FileInput(
            attrs={
                "class": "form-control",
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Built per form: the language and the size limit are those of the request.
        self.fields["file"].label = self.label
        self.fields["file"].help_text = self.help_text()

    def help_text(self) -> str:
        return ""

    @staticmethod
    def max_size() -> str:
        return filesizeformat(settings.HR_IMPORT_MAX_UPLOAD_BYTES)

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() not in SPREADSHEET_SUFFIXES:
            raise forms.ValidationError(str(self.wrong_kind))
        if upload.size is not None and upload.size > settings.HR_IMPORT_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                str(self.too_large) % {"size": filesizeformat(upload.size), "max": self.max_size()}
            )
        return upload
