from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class ReminderSettingsForm(forms.Form):
    digest_enabled = forms.BooleanField(
        label=_("Send me an e-mail every morning when something falls due"), required=False
    )
    language = forms.ChoiceField(
        label=_("Language of the e-mail and the calendar"), choices=settings.LANGUAGES
    )
