"""The spreadsheet upload: what the file holds, and the file within the stated limits."""

from django import forms
from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext_lazy as _

from jobsporet.core.imports.registry import kind_choices

MAX_UPLOAD = 20 * 1024 * 1024


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=kind_choices,
        help_text=_(
            "Import in this order: programmes, companies, participants, placements, hours, funding."
        ),
    )
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Saved from Excel as CSV (comma or semicolon separated); UTF-8 or Windows-1252."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        rows = sum(chunk.count(b"\n") for chunk in upload.chunks())
        upload.seek(0)
        if rows > settings.IMPORT_MAX_ROWS:
            raise forms.ValidationError(
                _("The file has more than %(max)s rows; split it into several files.")
                % {"max": intcomma(settings.IMPORT_MAX_ROWS)}
            )
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("Choose a .csv file (in Excel: File, Save as, CSV)."))
        return upload
