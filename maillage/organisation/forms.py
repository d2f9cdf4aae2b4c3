"""Forms of the organisation pages."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.core.forms import BaseForm

from .hr.format import file_format


def _file_help() -> str:
    return _("Format .csv (enregistré en « CSV UTF-8 ») ou .xlsx, %(size)s au maximum.") % {
        "size": filesizeformat(settings.HR_IMPORT_MAX_UPLOAD_BYTES)
    }


class HrImportForm(BaseForm):
    """The HR file to check: CSV or XLSX, up to HR_IMPORT_MAX_UPLOAD_BYTES."""

    file = forms.FileField(
        label=gettext_lazy("Fichier RH"),
        # Lazy: the language and the size limit are those of the request, not of start-up.
        help_text=lazy(_file_help, str)(),
        widget=forms.FileInput(
            attrs={
                "class": "form-control",
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        ),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if file_format(upload.name or "") is None:
            raise forms.ValidationError(
                _(
                    "Seuls les fichiers .csv et .xlsx sont acceptés : dans votre tableur, "
                    "enregistrez le fichier au format « CSV UTF-8 » ou .xlsx."
                )
            )
        if upload.size is not None and upload.size > settings.HR_IMPORT_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _(
                    "Le fichier pèse %(size)s, au-delà du maximum de %(max)s : importez-le "
                    "avec la commande import_hr ou demandez à l'administrateur de relever "
                    "la limite."
                )
                % {
                    "size": filesizeformat(upload.size),
                    "max": filesizeformat(settings.HR_IMPORT_MAX_UPLOAD_BYTES),
                }
            )
        return upload
