"""Forms of the news pages and of the intranet settings."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.core.concurrency import VersionedFormMixin
from maillage.core.forms import SEVERAL_HINT, BaseForm
from maillage.core.models import Authority
from maillage.governance.models import Committee
from maillage.organisation.models import Service
from maillage.projects.models import Project

from . import newsletters
from .images import MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, Image, check_image
from .models import Audience, FeedSettings, NewsItem, Newsletter


def _image_hint() -> str:
    return _("PNG ou JPEG, %(size)s et %(px)s × %(px)s pixels au plus.") % {
        "size": filesizeformat(MAX_IMAGE_BYTES),
        "px": MAX_IMAGE_PIXELS,
    }


class NewsItemForm(VersionedFormMixin, BaseForm, forms.ModelForm):
    new_image = forms.FileField(
        label=gettext_lazy("Image"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_image = forms.BooleanField(label=gettext_lazy("Retirer l'image"), required=False)

    class Meta:
        model = NewsItem
        fields = [
            "title",
            "kind",
            "learning_service",
            "body",
            "new_image",
            "image_alt",
            "remove_image",
            "audience",
            "services",
            "projects",
            "committees",
        ]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 12}),
            "audience": forms.RadioSelect,
            "services": forms.SelectMultiple(attrs={"size": 8}),
            "projects": forms.SelectMultiple(attrs={"size": 8}),
            "committees": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {
            "body": gettext_lazy(
                "En Markdown : **gras**, *italique*, listes avec « - », liens [texte](https://…)."
                " Le HTML et les scripts sont retirés."
            ),
            "learning_service": gettext_lazy(
                "Pour « ce que nous avons appris de nos partenaires » : le service qui a changé "
                "sa pratique."
            ),
            "image_alt": gettext_lazy(
                "Obligatoire avec une image : ce qu'elle montre, pour qui ne la voit pas."
            ),
            "services": gettext_lazy(
                "Si l'actualité est destinée à certaines directions ou certains services. Une "
                "direction comprend ses services."
            ),
            "projects": SEVERAL_HINT,
            "committees": SEVERAL_HINT,
        }

    def __init__(self, *args: Any, authority: Authority, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        services = Service.objects.filter(authority=authority, active=True).order_by("name")
        self.fields["learning_service"].queryset = services
        self.fields["services"].queryset = services
        self.fields["projects"].queryset = (
            Project.objects.filter(authority=authority).only("id", "title").order_by("title")
        )
        self.fields["committees"].queryset = Committee.objects.filter(authority=authority).order_by(
            "name"
        )
        self.fields["new_image"].help_text = _image_hint()
        if not (self.instance.pk and self.instance.image):
            del self.fields["remove_image"]

    def clean_new_image(self) -> Image | None:
        upload = self.cleaned_data.get("new_image")
        return check_image(upload) if upload else None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        removing = data.get("remove_image", False)
        has_image = data.get("new_image") is not None or (
            self.instance.pk and self.instance.image and not removing
        )
        if has_image and not (data.get("image_alt") or "").strip():
            self.add_error(
                "image_alt", _("Décrivez l'image en quelques mots pour qui ne la voit pas.")
            )
        if data.get("kind") == NewsItem.Kind.LEARNING and not data.get("learning_service"):
            self.add_error(
                "learning_service",
                _("Indiquez le service qui a changé sa pratique grâce aux partenaires."),
            )
        if data.get("audience") == Audience.SERVICES and not data.get("services"):
            self.add_error(
                "services", _("Choisissez au moins une direction ou un service destinataire.")
            )
        return data

    def service_data(self) -> dict[str, Any]:
        names = ["title", "body", "kind", "learning_service", "audience", "image_alt"]
        data = {name: self.cleaned_data[name] for name in names}
        for name in ("services", "projects", "committees"):
            data[name] = list(self.cleaned_data[name])
        return data


class FeedSettingsForm(VersionedFormMixin, BaseForm, forms.ModelForm):
    class Meta:
        model = FeedSettings
        fields = [
            "enabled",
            "expose_all",
            "expose_services",
            "expose_referents",
            "expose_elected",
            "intranet_origin",
        ]

    def clean_intranet_origin(self) -> str:
        value = (self.cleaned_data.get("intranet_origin") or "").strip()
        if not value:
            return ""
        scheme, _sep, rest = value.partition("://")
        host = rest.split("/", 1)[0]
        if scheme not in ("http", "https") or not host:
            raise forms.ValidationError(
                _("Saisissez l'adresse du site, par exemple https://intranet.ville.fr.")
            )
        return f"{scheme}://{host}"


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The previous calendar month."""
    end = today.replace(day=1) - datetime.timedelta(days=1)
    return end.replace(day=1), end


def _date(raw: Any) -> datetime.date | None:
    if isinstance(raw, datetime.date):
        return raw
    try:
        return datetime.date.fromisoformat(str(raw or ""))
    except ValueError:
        return None


class NewsletterForm(VersionedFormMixin, BaseForm, forms.ModelForm):
    """A letter: its period, the published news of the period to put in it, its audience."""

    items = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Actualités de la lettre"),
        queryset=NewsItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Les actualités publiées pendant la période, de la plus récente à la plus ancienne."
        ),
    )

    class Meta:
        model = Newsletter
        fields = ["title", "period_start", "period_end", "intro", "items", "audience", "services"]
        widgets = {
            "period_start": DATE_WIDGET,
            "period_end": DATE_WIDGET,
            "intro": forms.Textarea(attrs={"rows": 5}),
            "audience": forms.RadioSelect,
            "services": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "intro": gettext_lazy("Quelques lignes en tête de la lettre (texte simple)."),
            "services": gettext_lazy(
                "Si la lettre est destinée à certaines directions ou certains services. Une "
                "direction comprend ses services."
            ),
        }

    def __init__(self, *args: Any, authority: Authority, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.authority = authority
        self.fields["services"].queryset = Service.objects.filter(
            authority=authority, active=True
        ).order_by("name")
        start, end = self.period()
        if start and end and start <= end:
            self.fields["items"].queryset = newsletters.period_items(authority, start, end)
        if self.instance.pk and not self.is_bound:
            self.initial["items"] = [item.pk for item in newsletters.entries(self.instance)]

    def period(self) -> tuple[datetime.date | None, datetime.date | None]:
        """The period the proposed items are read from: the posted one, else the initial."""
        if self.is_bound:
            return (
                _date(self.data.get(self.add_prefix("period_start"))),
                _date(self.data.get(self.add_prefix("period_end"))),
            )
        return (
            _date(self.initial.get("period_start", self.instance.period_start)),
            _date(self.initial.get("period_end", self.instance.period_end)),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("La fin de la période précède son début."))
        if data.get("audience") == Audience.SERVICES and not data.get("services"):
            self.add_error(
                "services", _("Choisissez au moins une direction ou un service destinataire.")
            )
        return data

    def service_data(self) -> dict[str, Any]:
        names = ["title", "period_start", "period_end", "intro", "audience"]
        data = {name: self.cleaned_data[name] for name in names}
        data["services"] = list(self.cleaned_data["services"])
        chosen = {item.pk for item in self.cleaned_data["items"]}
        # In the order the page proposes them.
        data["items"] = [item for item in self.fields["items"].queryset if item.pk in chosen]
        return data
