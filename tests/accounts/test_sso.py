"""Single sign-on against a real OpenID provider, over HTTP.

django-oidc-provider (installed by tests/settings.py only) runs under pytest-django's
live_server at /idp/ and plays the municipality's identity provider. A `requests` session plays
the browser: it starts at the application's "log in with the municipality's account", logs in
at the provider, comes back with a code, and the application exchanges the code at the
provider's token endpoint, checks the ID token's signature against the provider's keys and reads
the userinfo, all over HTTP. Nothing of the protocol is mocked. The provider is addressed as
127.0.0.1 and the application as localhost, so each has its own session cookie, as two sites do.
"""

from __future__ import annotations

import re
import time

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from jobsporet.accounts.models import User
from jobsporet.accounts.roles import Role
from jobsporet.core.models import AuditEvent
from tests.accounts import provider
from tests.factories import ProgrammeFactory, UserFactory, audit_events, role_group

pytestmark = pytest.mark.django_db(transaction=True)

ANNE = "anne@kommune.example"
ROLE_GROUPS = (
    "job broker=Jobsporet-Jobformidlere,case worker=Jobsporet-Sagsbehandlere,"
    "manager=Jobsporet-Ledere,administrator=IT-Jobsporet-Administratorer"
)


@pytest.fixture
def identity_provider(live_server, settings):
    """The provider's signing key and the application registered as its client; the
    application configured for it as it would be from the environment."""
    from oidc_provider.models import Client, ResponseType, RSAKey

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    RSAKey.objects.create(
        key=key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        ).decode()
    )
    code, _created = ResponseType.objects.get_or_create(
        value="code", defaults={"description": "code (Authorization Code Flow)"}
    )
    client = Client.objects.create(
        name="Jobsporet",
        client_type="confidential",
        client_id="jobsporet",
        client_secret="hemmelig-klient-nøgle",
        jwt_alg="RS256",
        require_consent=False,
        _redirect_uris=f"{live_server.url}/login/sso/svar/",
    )
    client.response_types.add(code)

    # The provider is reached by another host name than the application, so the browser keeps
    # two sessions as it would with two sites (both are this live server).
    idp = live_server.url.replace("localhost", "127.0.0.1") + "/idp"
    settings.OIDC_RP_CLIENT_ID = "jobsporet"
    settings.OIDC_RP_CLIENT_SECRET = "hemmelig-klient-nøgle"
    settings.OIDC_RP_SCOPES = "openid email profile groups"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{idp}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{idp}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{idp}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{idp}/jwks"
    settings.OIDC_ROLE_GROUPS = ROLE_GROUPS
    settings.OIDC_PROGRAMME_GROUPS = "jobsporet=Jobsporet-Team"
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "jobsporet.accounts.sso.MunicipalityBackend",
    ]
    for role in Role:  # a transactional test starts from an empty database
        role_group(role)
    provider.GROUPS.clear()
    yield live_server
    provider.GROUPS.clear()


@pytest.fixture
def jobsporet(db):
    return ProgrammeFactory(slug="jobsporet", name="Jobsporet")


@pytest.fixture
def anne_at_the_provider(db):
    return UserFactory(username="idp-anne", first_name="Anne", last_name="Holm")


def _form_post(browser: requests.Session, response: requests.Response, data: dict):
    """Post the page's form as a browser would, with its CSRF token."""
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)
    return browser.post(
        response.url, data={"csrfmiddlewaretoken": token, **data}, headers={"Referer": response.url}
    )


def log_in_with_sso(server, *, password: str = "demo", code=None) -> requests.Response:
    """The whole round trip, the way a browser makes it; returns the last page."""
    browser = requests.Session()
    page = browser.get(f"{server.url}/login/")
    assert "Log ind med kommunens konto" in page.text
    page = browser.get(f"{server.url}/login/sso/?next=/")
    # The provider wants its user logged in first (here: the same login page, at the provider).
    assert page.url.startswith("http://127.0.0.1:") and "/login/?next=/idp/authorize" in page.url
    page = _form_post(browser, page, {"username": "idp-anne", "password": password})
    if code is not None:
        assert "/login/kode/" in page.url
        page = _form_post(browser, page, {"code": code()})
    page.browser = browser
    return page


def test_a_municipal_user_logs_in_with_their_roles_and_programmes_from_the_groups(
    identity_provider, jobsporet, anne_at_the_provider
):
    provider.GROUPS["idp-anne"] = ["Jobsporet-Jobformidlere", "Jobsporet-Team", "Alle-Ansatte"]

    page = log_in_with_sso(identity_provider)

    assert page.status_code == 200 and page.url == f"{identity_provider.url}/"
    assert "Anne Holm" in page.text, "logged in to the application as her"
    anne = User.objects.get(username=ANNE)
    assert set(anne.groups.values_list("name", flat=True)) == {Role.JOB_BROKER}
    assert list(anne.programmes.all()) == [jobsporet]
    assert not anne.has_usable_password() and not anne.is_staff
    assert [(e.actor, e.summary) for e in audit_events(anne)] == [
        (None, f"Kontoen {ANNE} oprettet"),
        (None, f"Rollen Jobformidler givet til {ANNE}"),
        (None, f"{ANNE} er nu medlem af Jobsporet"),
    ]
    # The case pages open: she is a broker in Jobsporet.
    assert page.browser.get(f"{identity_provider.url}/deltagere/").status_code == 200


def test_the_groups_are_applied_again_at_every_login(
    identity_provider, jobsporet, anne_at_the_provider
):
    provider.GROUPS["idp-anne"] = ["Jobsporet-Jobformidlere", "Jobsporet-Team"]
    log_in_with_sso(identity_provider)
    provider.GROUPS["idp-anne"] = ["Jobsporet-Ledere"]  # moved to another job at the provider

    page = log_in_with_sso(identity_provider)

    assert page.status_code == 200
    anne = User.objects.get(username=ANNE)
    assert set(anne.groups.values_list("name", flat=True)) == {Role.MANAGER}
    assert not anne.programmes.exists()
    summaries = [e.summary for e in audit_events(anne)]
    assert f"Rollen Jobformidler taget fra {ANNE}" in summaries
    assert f"{ANNE} er ikke længere medlem af Jobsporet" in summaries


def test_administrator_and_case_work_groups_together_refuse_the_login(
    identity_provider, jobsporet, anne_at_the_provider
):
    provider.GROUPS["idp-anne"] = ["IT-Jobsporet-Administratorer", "Jobsporet-Sagsbehandlere"]
    events = AuditEvent.objects.count()

    page = log_in_with_sso(identity_provider)

    assert "/login/" in page.url
    assert "Funktionsadskillelse" in page.text
    assert not User.objects.filter(username=ANNE).exists()
    assert AuditEvent.objects.count() == events, "the refused account left nothing behind"


def test_someone_with_no_role_here_is_not_let_in(
    identity_provider, jobsporet, anne_at_the_provider
):
    provider.GROUPS["idp-anne"] = ["Alle-Ansatte"]
    page = log_in_with_sso(identity_provider)
    assert "/login/" in page.url and "Din konto har ingen rolle i Jobsporet" in page.text
    assert not User.objects.filter(username=ANNE).exists()


def test_a_local_account_of_the_same_name_is_not_taken_over(
    identity_provider, jobsporet, anne_at_the_provider
):
    local = UserFactory(username=ANNE, role=Role.MANAGER)  # has a password: a local account
    provider.GROUPS["idp-anne"] = ["IT-Jobsporet-Administratorer"]
    page = log_in_with_sso(identity_provider)
    assert "/login/" in page.url and "En lokal konto har dette navn" in page.text
    assert set(local.groups.values_list("name", flat=True)) == {Role.MANAGER}
    assert not local.is_staff


def test_closing_a_single_sign_on_account_ends_its_session(
    identity_provider, jobsporet, anne_at_the_provider
):
    provider.GROUPS["idp-anne"] = ["Jobsporet-Jobformidlere", "Jobsporet-Team"]
    page = log_in_with_sso(identity_provider)
    anne = User.objects.get(username=ANNE)
    anne.is_active = False
    anne.save()

    again = page.browser.get(f"{identity_provider.url}/deltagere/")

    assert "/login/" in again.url and "Anne Holm" not in again.text


def test_single_sign_on_is_not_asked_for_a_second_code(
    identity_provider, jobsporet, anne_at_the_provider, settings
):
    """Two-factor is required, and the provider asks its own user for a code (here the
    provider is this application, with its TOTP); the application then trusts the provider."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.OTP_REQUIRED = True
    device = TOTPDevice.objects.create(user=anne_at_the_provider, name="Telefon", confirmed=True)

    def code() -> str:
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        return f"{totp.token():06d}"

    provider.GROUPS["idp-anne"] = ["Jobsporet-Jobformidlere", "Jobsporet-Team"]

    page = log_in_with_sso(identity_provider, code=code)

    assert page.status_code == 200 and page.url == f"{identity_provider.url}/"
    assert "Anne Holm" in page.text
    assert not TOTPDevice.objects.filter(user__username=ANNE).exists()


def test_without_configuration_there_is_no_single_sign_on(client, settings):
    settings.OIDC_RP_CLIENT_ID = ""
    assert "kommunens konto" not in client.get("/login/").content.decode()
    assert client.get("/login/sso/").status_code == 404
