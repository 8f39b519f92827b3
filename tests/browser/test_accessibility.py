"""WCAG 2.1 AA in a real browser: axe-core checks every main page as each role, on the demo data.

axe-core is vendored for the tests only (tests/browser/vendor/, `make axe`). It is injected with
`page.evaluate`, which runs through the DevTools protocol and is not subject to the page's
Content-Security-Policy, so the policy the users get is the one tested (no bypass_csp, no
inline script). A serious or critical violation fails the test, listed page by page.
"""

from pathlib import Path

import pytest
from django.db.models import Count, Q

from companies.models import Company
from jobsporet.programmes.models import Programme
from participants.models import Participant
from placements.followups.models import FollowUp

pytestmark = pytest.mark.django_db(transaction=True)

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
FAILING = ("serious", "critical")
# Minor by axe's measure, but a screen reader announces the column as nothing: kept fixed.
ALSO_FAILING = ("empty-table-header",)
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
  }));
}"""


def axe_violations(page) -> list[dict]:
    """axe-core's violations on the page as it is now: serious and critical ones, and the rules
    named in ALSO_FAILING."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    return [v for v in page.evaluate(RUN_AXE) if v["impact"] in FAILING or v["id"] in ALSO_FAILING]


def readable(found: dict[str, list[dict]]) -> str:
    """One paragraph per rule broken, each element with the pages it fails on (the navbar's
    links fail on every page: said once, not fifty times)."""
    rules: dict[tuple[str, str, str, str], dict[tuple[str, str], list[str]]] = {}
    for where, violations in found.items():
        for violation in violations:
            key = (violation["impact"], violation["id"], violation["help"], violation["url"])
            for node in violation["nodes"]:
                summary = " ".join(node["summary"].split())
                rules.setdefault(key, {}).setdefault((node["target"], summary), []).append(where)
    lines = []
    for (impact, rule, help_text, url), elements in rules.items():
        lines.append(f"[{impact}] {rule}: {help_text} ({url})")
        for (target, summary), pages in elements.items():
            shown = ", ".join(pages[:3]) + (f" and {len(pages) - 3} more" if len(pages) > 3 else "")
            lines.append(f"    {target}\n        {summary}\n        on {shown}")
    return "\n".join(lines)


def pages_by_role() -> dict[str, list[str]]:
    """The main pages each demo role works on, with real records of the demo data."""
    programme = Programme.objects.get(slug="jobsporet")
    broker_cases = Participant.objects.filter(job_broker__username="broker").annotate(
        trainings=Count("placements", filter=Q(placements__kind="training")),
        employments=Count("placements", filter=Q(placements__kind="employment")),
    )
    # A case with an open training (its actions) and one that ended in a job (its history).
    open_case = broker_cases.filter(status=Participant.Status.IN_TRAINING).first()
    hired_case = broker_cases.filter(employments__gt=0, trainings__gt=0).first()
    company = Company.objects.annotate(n=Count("placements")).order_by("-n").first()
    network = Company.objects.filter(
        agreements__programme=programme, agreements__is_network=True
    ).first()
    follow_up = FollowUp.objects.filter(outcome="", cancelled_at__isnull=True).first()
    employment = hired_case.placements.filter(kind="employment").first()
    person = hired_case.person
    dashboard = f"/resultater/{programme.slug}/"
    case_pages = [
        f"/deltagere/{open_case.pk}/",
        f"/deltagere/{hired_case.pk}/",
        f"/deltagere/{hired_case.pk}/notater/",
    ]
    companies = ["/virksomheder/", f"/virksomheder/{company.pk}/"]
    outcomes = [
        "/resultater/",
        dashboard,
        f"{dashboard}finansiering/",
        "/resultater/esf/",
        "/rapporter/resultater/",
        "/konti/log/",
    ]
    return {
        "broker": [
            "/",
            "/deltagere/",
            "/deltagere/ny/",
            *case_pages,
            f"/forloeb/deltager/{open_case.pk}/traening/",
            f"/forloeb/deltager/{open_case.pk}/ansaettelse/",
            f"/forloeb/deltager/{open_case.pk}/ophoer/",
            f"/forloeb/{employment.pk}/timer/",
            "/forloeb/opfoelgning/",
            f"/forloeb/opfoelgning/{follow_up.pk}/",
            *companies,
            f"/forloeb/virksomhed/{company.pk}/deltagere/",
            f"/forloeb/virksomhed/{network.pk}/ansaettelse/",
            "/rapporter/",
            "/paamindelser/",
            dashboard,
        ],
        "caseworker": [
            "/",
            "/deltagere/",
            *case_pages,
            "/forloeb/opfoelgning/",
            *companies,
            "/paamindelser/",
        ],
        "consultant": ["/", *companies, f"/virksomheder/{company.pk}/rediger/", dashboard],
        "manager": ["/", "/deltagere/", case_pages[1], "/forloeb/opfoelgning/", *outcomes],
        "admin": ["/", "/import/", "/deltagere/", case_pages[1], *outcomes, "/databeskyttelse/"],
        "dpo": [
            "/",
            "/databeskyttelse/",
            f"/databeskyttelse/borgere/{person.pk}/",
            "/databeskyttelse/anonymisering/",
        ],
    }


def script_sources(policy: str) -> list[str]:
    """The sources of a Content-Security-Policy's script-src (its directives come in any
    order, the last one without a semicolon)."""
    directives = [directive.split() for directive in policy.split(";") if directive.strip()]
    return next(sources for name, *sources in directives if name == "script-src")


def test_every_main_page_passes_axe_for_every_role(chromium, live_server, demo):
    found: dict[str, list[dict]] = {}
    checked = 0
    for username, paths in {"anonymous": ["/login/"], **pages_by_role()}.items():
        context = chromium.new_context(locale="da-DK", base_url=live_server.url)
        page = context.new_page()
        page.set_default_timeout(10_000)
        if username != "anonymous":
            page.goto("/login/")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", "demo")
            page.click("form button[type=submit]")
            page.wait_for_load_state("domcontentloaded")
        for path in paths:
            response = page.goto(path)
            assert response and response.ok, f"{username} could not open {path}"
            # axe ran under the policy users get: scripts from this server only.
            assert script_sources(response.headers["content-security-policy"]) == ["'self'"]
            violations = axe_violations(page)
            checked += 1
            if violations:
                found[f"{path} as {username}"] = violations
        context.close()
    assert checked > 40
    assert not found, "axe-core found violations:\n" + readable(found)
