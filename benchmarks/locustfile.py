"""The load test of `make bench`: job brokers at work in the live programme.

Each simulated user logs in as one of the demo's job brokers and, with a short pause between
clicks, opens the start page, their caseload, a case, a search and the company list, the mix a
broker's day has. Run by benchmarks/bench.py (Locust headless); only ever against this machine.
"""

import itertools
import re

from locust import HttpUser, between, task

BROKERS = itertools.cycle(["broker", "vibeke", "john"])


class JobBroker(HttpUser):
    wait_time = between(0.05, 0.15)

    def on_start(self) -> None:
        page = self.client.get("/login/", name="login page")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        with self.client.post(
            "/login/",
            data={"username": next(BROKERS), "password": "demo", "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/login/"},
            name="log in",
            catch_response=True,
        ) as answer:
            if "sessionid" not in self.client.cookies:
                answer.failure("not logged in")
        caseload = self.client.get("/deltagere/", name="my cases").text
        self.cases = re.findall(r'href="/deltagere/(\d+)/"', caseload)[:20]
        self.turn = itertools.cycle(self.cases)

    @task(4)
    def start_page(self) -> None:
        self.client.get("/", name="start page")

    @task(3)
    def caseload(self) -> None:
        self.client.get("/deltagere/", name="my cases")

    @task(6)
    def case(self) -> None:
        if self.cases:  # none if the login or the caseload failed: that shows as its failure
            self.client.get(f"/deltagere/{next(self.turn)}/", name="case page")

    @task(2)
    def search(self) -> None:
        self.client.get("/deltagere/?caseload=all&q=hansen", name="search")

    @task(1)
    def companies(self) -> None:
        self.client.get("/virksomheder/", name="company list")
