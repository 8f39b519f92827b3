"""Ordering an export as a user does and reading the file back."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from jobsporet.jobs.models import Job


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def read_xlsx(content: bytes) -> dict[str, list[list[object]]]:
    """Every sheet's rows of values, by sheet name."""
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in workbook.worksheets
    }


@pytest.fixture
def order(django_capture_on_commit_callbacks):
    """order(client, url, data, query="") posts the export form as the list page does; returns
    (response, job), the job already made (no broker: in-process)."""

    def order(client, url: str, data: dict, query: str = ""):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url + (f"?{query}" if query else ""), data)
        job = Job.objects.order_by("-pk").first()
        return response, job

    return order


@pytest.fixture
def fetch():
    """fetch(client, job): the file's bytes, downloaded as its owner does."""

    def fetch(client, job: Job) -> bytes:
        response = client.get(reverse("jobs:download", args=[job.pk]))
        assert response.status_code == 200, response.status_code
        return response.content

    return fetch
