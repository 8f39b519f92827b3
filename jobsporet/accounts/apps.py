from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "jobsporet.accounts"
    label = "accounts"
    verbose_name = _("Users and roles")

    def ready(self) -> None:
        # Roles follow the separation of duties (audited); a login starts the session clocks,
        # notes whether the account has an authenticator and whether the provider verified it.
        from . import sessions, signals, sso, twofactor  # noqa: F401
