"""The load test of `make bench`: job brokers at work in the live programme.

Each simulated user logs in as one of the demo's job brokers (the only brokers with a password:
eight users share the three, so each works a caseload of about 250 cases) and, with a short pause
between clicks, opens the start page, their caseload, one of their own cases, a search and the
company list, the mix a broker's day has. Run by benchmarks/bench.py (Locust headless); only
ever against this machine.

Redirects are not followed: a page that answers with anything but 200 (the login page, the
two-factor page, a 404) is counted as a failure with its status, never timed as the page.
"""

import itertools
import re

from locust import HttpUser, between, task

BROKERS = itertools.cycle(["broker", "vibeke", "john"])


class JobBroker(HttpUser):
    wait_time = between(0.05, 0.15)

    def page(self, path: str, name: str) -> str:
        """GET a page; anything but a 200 is a failure, with the status and where it led."""
        with self.client.get(
            path, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                where = response.headers.get("Location", "")
                response.failure(f"{response.status_code} {where}".strip())
                return ""
            return response.text

    def on_start(self) -> None:
        page = self.client.get("/login/", name="login page")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        with self.client.post(
            "/login/",
            data={"username": next(BROKERS), "password": "demo", "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/login/"},
            name="log in",
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code != 302 or "sessionid" not in self.client.cookies:
                answer.failure(f"not logged in ({answer.status_code})")
        caseload = self.page("/deltagere/", name="my cases")
        self.cases = re.findall(r'href="/deltagere/(\d+)/"', caseload)[:20]
        self.turn = itertools.cycle(self.cases)

    @task(4)
    def start_page(self) -> None:
        self.page("/", name="start page")

    @task(3)
    def caseload(self) -> None:
        self.page("/deltagere/", name="my cases")

    @task(6)
    def case(self) -> None:
        if self.cases:  # none if the login or the caseload failed: that shows as its failure
            self.page(f"/deltagere/{next(self.turn)}/", name="case page")

    @task(2)
    def search(self) -> None:
        self.page("/deltagere/?caseload=all&q=hansen", name="search")

    @task(1)
    def companies(self) -> None:
        self.page("/virksomheder/", name="company list")
