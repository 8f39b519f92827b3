"""The demo data set behind `manage.py seed_demo`: deterministic and realistic.

Programme "jobsporet" reproduces the published outcome at 31 March 2023 (121 participants: 39
employed, 31 stopped, 51 still in training; 49 companies with agreements; the grants and the
eligible costs). Programme "jobsporet-drift", the continuation from April 2023, is dated relative
to today, so every screen shows live work. `--participants N` scales both.

Every company, agreement, mentor, case and status change goes through the services' bulk variants
(demo/writer.py collects a chunk of stories and writes it step by step), so the same rules check
every row and every change leaves its history and audit rows, at thousands of rows a second; only
the funding lines, which no service owns, are written as plain rows.
"""

from __future__ import annotations

import collections.abc
import contextlib
import datetime
import gc
import itertools
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from companies.models import Agreement, Company, Mentor
from jobsporet.accounts.models import User
from jobsporet.accounts.roles import Role
from jobsporet.programmes.models import FundingEntry, Programme
from participants.models import Barrier, Participant, Person
from placements.models import Placement

from . import esf as demo_esf
from . import names
from .followups import record_follow_ups
from .models import Seeding
from .writer import Case, Writer

SEED = 20210913
PUBLISHED_PARTICIPANTS = 121
PUBLISHED_EMPLOYED = 39
PUBLISHED_DROPOUT = 31
END = datetime.date(2023, 3, 31)
FIRST_ENROLMENT = datetime.date(2021, 9, 13)  # the first 25 came to the info meeting then
LAST_ENROLMENT = datetime.date(2023, 2, 28)
DRIFT_START = datetime.date(2023, 4, 1)
SECTORS = ("retail", "agriculture", "hospitality", "warehouse")

DEMO_USERS = [
    # username, first name, last name, role, staff (may use the admin site). Nobody is a
    # superuser: the administrator works through the administrator role like any other role.
    ("broker", "Lars", "Kristensen", Role.JOB_BROKER, False),
    ("caseworker", "Anne", "Sørensen", Role.CASE_WORKER, False),
    ("consultant", "Svend", "Madsen", Role.COMPANY_CONSULTANT, False),
    ("manager", "Birthe", "Nielsen", Role.MANAGER, False),
    ("admin", "Ida", "Administrator", Role.ADMINISTRATOR, True),
    ("dpo", "Dorthe", "Dahl", Role.DATA_PROTECTION_OFFICER, False),
    ("vibeke", "Vibeke", "Holm", Role.JOB_BROKER, False),
    ("john", "John", "Andersen", Role.JOB_BROKER, False),
    ("karina", "Karina", "Lund", Role.CASE_WORKER, False),
]
DEMO_PASSWORD = "demo"
# At scale the cases are shared by more job brokers, so each has a caseload of a few hundred
# cases over both programmes (a jobcenter's broker follows 30-60 at a time; the rest are closed).
CASES_PER_BROKER = 250


@dataclass
class Staff:
    brokers: list[User]
    case_workers: list[User]
    consultant: User
    broker: User  # the demo user "broker", given the richest caseload
    # Brokers beyond the three demo logins, only at scale (see CASES_PER_BROKER); they have no
    # password: nobody logs in as them.
    extra_brokers: list[User] = field(default_factory=list)


@dataclass
class SeedReport:
    created_programmes: list[str] = field(default_factory=list)
    skipped_programmes: list[str] = field(default_factory=list)
    participants: int = 0
    companies: int = 0


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


class Generator:
    """One deterministic run. `today` anchors the live programme's dates."""

    def __init__(
        self,
        *,
        today: datetime.date,
        participants: int = PUBLISHED_PARTICIPANTS,
        on_chunk: Callable[[int], None] | None = None,
        in_background: Callable[[], None] | None = None,
    ):
        self.today = today
        self.size = participants
        self.rng = random.Random(SEED)
        self.esf_rng = random.Random(SEED + 13)
        self.used_cpr: set[str] = set()
        self.report = SeedReport()
        self.companies: dict[str, Company] = {}
        self.mentors: dict[str, list[Mentor]] = {}  # by company name: unwritten ones have no id
        self.live_cases: dict[int, int] = {}  # live cases seen per job broker
        self.out = Writer(on_chunk=on_chunk, in_background=in_background)
        self.positions: dict[int, dict[int, int]] = {}  # see _position
        self.cvrs: set[str] | None = None  # registered CVR numbers, read once
        self.network: set[tuple[str, str]] = set()  # (programme slug, company name)
        # Training places by (programme slug, company name).
        self.capacity: dict[tuple[str, str], int | None] = {}

    # --- people -----------------------------------------------------------------------------

    def users(self) -> Staff:
        staff: dict[str, User] = {}
        for username, first, last, role, is_staff in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@jobsporet.example",
                    "is_staff": is_staff,
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            user.groups.add(Group.objects.get(name=role))
            staff[username] = user
        return Staff(
            brokers=[staff["broker"], staff["vibeke"], staff["john"]],
            case_workers=[staff["caseworker"], staff["karina"]],
            consultant=staff["consultant"],
            broker=staff["broker"],
            extra_brokers=self._extra_brokers(),
        )

    def _extra_brokers(self) -> list[User]:
        """Enough job brokers for caseloads of about CASES_PER_BROKER over both programmes
        (the live programme adds about 0.6 of the historic one's size); none at the demo's size.
        Each account is created through User.save (audited) and given its role through the
        audited group relation, like any other."""
        wanted = max(0, math.ceil(self.size * 1.6 / CASES_PER_BROKER) - 3)
        usernames = [f"maegler{number:04d}" for number in range(1, wanted + 1)]
        existing = {u.username: u for u in User.objects.filter(username__in=usernames)}
        rng = random.Random(SEED + 1)  # the story's own draws stay as they are
        brokers = []
        for username in usernames:
            female = rng.random() < 0.5
            first = rng.choice(names.FEMALE_NAMES if female else names.MALE_NAMES)
            last = rng.choice(names.LAST_NAMES)
            if username in existing:
                brokers.append(existing[username])
                continue
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@jobsporet.example",
            )
            user.set_unusable_password()
            user.save()
            brokers.append(user)
        if brokers:
            Group.objects.get(name=Role.JOB_BROKER).user_set.add(*brokers)
        return brokers

    def _cpr(self, born: datetime.date, female: bool) -> str:
        while True:
            # The seventh digit gives the century: 4 with a year up to 36 is the 2000s.
            seventh = 4 if born.year >= 2000 else self.rng.randrange(0, 4)
            serial = seventh * 1000 + self.rng.randrange(0, 1000)
            # The last digit is even for women and odd for men, as in real CPR numbers.
            if (serial % 2 == 0) != female:
                serial = serial + 1 if serial % 10 != 9 else serial - 1
            number = f"{born:%d%m%y}{serial:04d}"
            if number not in self.used_cpr:
                self.used_cpr.add(number)
                return number

    def person(self, on: datetime.date) -> dict:
        """A new citizen's identity and contact details, as the enrolment row takes them."""
        rng = self.rng
        female = rng.random() < 0.45
        first = rng.choice(names.FEMALE_NAMES if female else names.MALE_NAMES)
        last = rng.choice(names.LAST_NAMES)
        born = on - datetime.timedelta(days=rng.randrange(19 * 365, 62 * 365))
        postal_code, city = rng.choice(names.TOWNS)
        cpr = self._cpr(born, female)
        contact = (
            ("phone", f"{rng.choice('2345')}{rng.randrange(1000000, 9999999)}"),
            (
                "email",
                f"{first.lower()}.{last.lower()}{rng.randrange(10, 99)}@example.dk".replace(
                    "ø", "oe"
                )
                .replace("æ", "ae")
                .replace("å", "aa")
                .replace("é", "e"),
            ),
            ("address", f"{rng.choice(names.STREETS)} {rng.randrange(1, 120)}"),
            ("postal_code", postal_code),
            ("city", city),
        )
        return {"cpr": cpr, "first_name": first, "last_name": last, "contact": contact}

    # --- companies --------------------------------------------------------------------------

    def _cvr(self) -> str:
        weights = (2, 7, 6, 5, 4, 3, 2)
        while True:
            digits = [self.rng.randrange(1, 10)] + [self.rng.randrange(10) for _ in range(6)]
            check = (-sum(d * w for d, w in zip(digits, weights, strict=True))) % 11
            number = "".join(map(str, digits)) + str(check)
            if self.cvrs is None:
                self.cvrs = set(Company.objects.values_list("cvr", flat=True))
            if check < 10 and number not in self.cvrs:
                self.cvrs.add(number)
                return number

    def company(self, name: str, sector: str, town: str, consultant: User | None) -> Company:
        if not self.companies:
            self._load_companies()
        existing = self.companies.get(name)
        if existing is not None:
            return existing
        postal_code = next(code for code, city in names.TOWNS if city == town)
        contact_first = self.rng.choice(names.FEMALE_NAMES + names.MALE_NAMES)
        contact_last = self.rng.choice(names.LAST_NAMES)
        company = Company(
            cvr=self._cvr(),
            name=name,
            sector=sector,
            address=f"{self.rng.choice(names.STREETS)} {self.rng.randrange(1, 80)}",
            postal_code=postal_code,
            city=town,
            contact_name=f"{contact_first} {contact_last}",
            contact_phone=f"9{self.rng.randrange(6000000, 7999999)}",
            contact_email=f"kontakt@{name.lower().split()[0].strip(',.')}.example.dk",
            consultant=consultant,
        )
        mentors = []
        for _ in range(self.rng.choice((1, 1, 2))):
            first = self.rng.choice(names.FEMALE_NAMES + names.MALE_NAMES)
            mentors.append(
                Mentor(
                    name=f"{first} {self.rng.choice(names.LAST_NAMES)}",
                    title=self.rng.choice(names.MENTOR_TITLES.get(sector, ["leder"])),
                    phone=f"2{self.rng.randrange(1000000, 9999999)}",
                )
            )
        self.out.company(company, mentors)
        self.companies[name] = company
        self.mentors[name] = mentors
        self.report.companies += 1
        return company

    def _load_companies(self) -> None:
        for company in Company.objects.prefetch_related("mentors"):
            self.companies[company.name] = company
            self.mentors[company.name] = list(company.mentors.all())

    def agreement(self, company: Company, programme: Programme, **terms) -> None:
        self.out.agreement(Agreement(company=company, programme=programme, **terms))
        if terms["is_training"]:
            self.capacity[(programme.slug, company.name)] = terms["training_capacity"]
        if terms["is_network"]:
            self.network.add((programme.slug, company.name))

    def _position(self, companies: list[Company], company: Company) -> int | None:
        """companies.index(company), or None, from an index of the list made once (the lists
        hold thousands of companies at scale and are searched once or twice per story)."""
        key = id(companies)
        if key not in self.positions:
            self.positions[key] = {c.pk: index for index, c in enumerate(companies)}
        return self.positions[key].get(company.pk)

    def mentor_at(self, company: Company) -> Mentor | None:
        mentors = self.mentors.get(company.name) or []
        return self.rng.choice(mentors) if mentors else None

    # --- one participant's history ----------------------------------------------------------

    def enrol(
        self,
        programme: Programme,
        staff: Staff,
        *,
        reference: str,
        on: datetime.date,
        broker: User,
        person: Person | None = None,
    ) -> Case:
        rng = self.rng
        benefit = rng.choices(
            [choice.value for choice in Participant.BenefitType],
            weights=[45, 3, 10, 15, 8, 5, 2, 10, 2],
        )[0]
        barriers = [
            code
            for code, share in (
                ("physical", 0.4),
                ("social", 0.5),
                ("language", 0.2),
                ("other", 0.1),
            )
            if rng.random() < share
        ]
        if benefit == "integration_benefit" and "language" not in barriers:
            barriers.append("language")
        sectors = rng.sample(SECTORS, k=rng.choice((1, 1, 2)))
        who = (
            {"cpr": person.cpr, "first_name": person.first_name, "last_name": person.last_name}
            if person
            else self.person(on)
        )
        participant = self.out.enrol(
            **who,
            programme=programme,
            reference=reference,
            enrolled_on=on,
            job_broker=broker,
            case_worker=rng.choice(staff.case_workers),
            benefit_type=benefit,
            barriers=tuple(barriers),
            barrier_notes=(
                "Oplyser selv om ondt i ryggen efter tidligere arbejdsskade."
                if "physical" in barriers
                else ""
            ),
            target_sectors=tuple(sectors),
            consent_on=on,
            characteristics=demo_esf.characteristics(
                self.esf_rng, cpr_number=who["cpr"], on=on, benefit=benefit, barriers=barriers
            ),
            actor=broker,
        )
        self.out.note(
            participant,
            author=broker,
            kind="intake_interview",
            occurred_at=_at(on, 9),
            text="Gennemgået Jobsporet, ønsker og barrierer. Samtykke givet.",
        )
        self.plan(participant, on, broker)
        self.report.participants += 1
        return participant

    def leave(self, participant: Case, *, outcome: str, **values) -> None:
        """An exit, with the EU Social Fund's results on leaving (demo/esf.py)."""
        self.out.exit(
            participant, outcome=outcome, **values, **demo_esf.on_leaving(self.esf_rng, outcome)
        )

    def plan(self, participant: Case, on: datetime.date, author: User) -> None:
        sector = participant.target_sectors[0] if participant.target_sectors else "other"
        self.out.goal(
            participant,
            actor=author,
            area="professional",
            title=names.PROFESSIONAL_GOALS[sector],
            barrier="",
            actions="Træning i virksomhed med mentor; opfølgning hver 14. dag.",
            status="in_progress",
            target_on=on + datetime.timedelta(days=120),
        )
        # In the order of the Barrier choices, as Participant.barriers gives them.
        for barrier in [b for b in Barrier.values if b in participant.row.barriers][:2]:
            title, actions = names.PERSONAL_GOALS[barrier]
            self.out.goal(
                participant,
                actor=author,
                area="personal",
                title=title,
                barrier=barrier,
                actions=actions,
                status="in_progress",
                target_on=on + datetime.timedelta(days=90),
            )

    def review(
        self,
        participant: Case,
        on: datetime.date,
        reviewer: User,
        next_on: datetime.date | None,
        progress: str = "Godt i gang i træningen; mødestabilitet er forbedret.",
    ) -> None:
        self.out.review(
            participant,
            reviewer=reviewer,
            reviewed_on=on,
            progress=progress,
            next_review_on=next_on,
        )

    def finish_goals(self, participant: Case, actor: User, status: str) -> None:
        self.out.goals_status(participant, actor=actor, status=status)

    def train(
        self,
        participant: Case,
        company: Company,
        start: datetime.date,
        actor: User,
        *,
        planned_end: datetime.date | None = None,
        ended: datetime.date | None = None,
    ) -> None:
        self.out.train(
            participant,
            company=company,
            starts_on=start,
            planned_end_on=planned_end,
            ended_on=ended,
            mentor=self.mentor_at(company),
            weekly_hours=Decimal(self.rng.choice((15, 20, 25, 30))),
            actor=actor,
        )
        self.out.note(
            participant,
            author=actor,
            kind="company_visit",
            occurred_at=_at(start, 13),
            text=f"Opstart hos {company.name}; forventninger afstemt med mentor.",
        )

    def hire(
        self,
        participant: Case,
        company: Company,
        on: datetime.date,
        actor: User,
        *,
        raise_until: datetime.date,
    ) -> Placement:
        rng = self.rng
        employment_type = rng.choices(
            ["part_time", "hourly_small_job", "ordinary", "flex_job"], weights=[40, 30, 15, 15]
        )[0]
        start_hours = {
            "part_time": rng.choice((15, 20, 25)),
            "hourly_small_job": rng.choice((4, 6, 8, 10)),
            "ordinary": 37,
            "flex_job": rng.choice((10, 12, 15)),
        }[employment_type]
        employment = self.out.hire(
            participant,
            company=company,
            starts_on=on,
            employment_type=employment_type,
            weekly_hours=Decimal(start_hours),
            mentor=self.mentor_at(company),
            actor=actor,
        )
        hours, day = start_hours, on
        # Hires start at few hours and grow; most grow at least once.
        while hours < 37 and rng.random() < 0.65:
            day = day + datetime.timedelta(days=rng.randrange(45, 120))
            if day > raise_until:
                break
            hours = min(37, hours + rng.choice((3, 4, 5, 7)))
            self.out.hours_change(
                employment,
                changed_on=day,
                weekly_hours=Decimal(hours),
                note="Flere timer efter aftale med virksomheden.",
                actor=actor,
            )
        return employment

    # --- programme Jobsporet ----------------------------------------------------------------

    def jobsporet(self, staff: Staff) -> Programme | None:
        programme, _created = Programme.objects.get_or_create(
            slug="jobsporet",
            defaults={
                "name": "Jobsporet",
                "starts_on": datetime.date(2020, 9, 1),
                "ends_on": END,
                "target_participants": 100,
                "target_employment_rate": Decimal("0.400"),
                "description": (
                    "Borgere fra kanten af arbejdsmarkedet trænes 1-6 måneder i en "
                    "træningsvirksomhed og ansættes i en netværksvirksomhed. Støttet af EU's "
                    "Socialfond og decentrale erhvervsfremmemidler."
                ),
            },
        )
        self._members(programme, staff)
        if programme.participants.exists():
            self.report.skipped_programmes.append(programme.slug)
            return None
        self.report.created_programmes.append(programme.slug)
        companies = self._jobsporet_companies(programme, staff)
        self._jobsporet_funding(programme)
        self._jobsporet_participants(programme, staff, companies)
        return programme

    def follow_ups(self) -> None:
        """The six-month follow-ups the brokers have recorded (demo/followups.py), in the
        programmes this run created."""
        for offset, slug in enumerate(self.report.created_programmes):
            programme = Programme.objects.get(slug=slug)
            record_follow_ups(programme, today=self.today, seed=SEED + 1 + offset)

    def _members(self, programme: Programme, staff: Staff) -> None:
        # The data-protection officer reads the access log, not a programme's cases.
        case_staff = [u[0] for u in DEMO_USERS if u[3] != Role.DATA_PROTECTION_OFFICER]
        programme.members.add(*User.objects.filter(username__in=case_staff), *staff.extra_brokers)

    def _jobsporet_companies(self, programme: Programme, staff: Staff) -> dict[str, list[Company]]:
        """49 agreements (scaled with --participants): the launch's 12 training companies,
        8 more that both train and hire, and network companies that hire."""
        scale = max(1.0, self.size / PUBLISHED_PARTICIPANTS)
        specs = list(names.JOBSPORET_COMPANIES)
        extra = round(len(specs) * scale) - len(specs)
        for index in range(extra):
            name, sector, town = specs[index % len(names.JOBSPORET_COMPANIES)]
            specs.append(
                (f"{name} afd. {index // len(names.JOBSPORET_COMPANIES) + 2}", sector, town)
            )
        training: dict[str, list[Company]] = {sector: [] for sector in SECTORS}
        network: dict[str, list[Company]] = {sector: [] for sector in SECTORS}
        for index, (name, sector, town) in enumerate(specs):
            base = index % len(names.JOBSPORET_COMPANIES)
            is_training = base < 20
            is_network = base >= 12 or name.startswith("SuperBrugsen")
            signed = (
                datetime.date(2021, 6, 1) + datetime.timedelta(days=self.rng.randrange(0, 100))
                if base < 12
                else datetime.date(2021, 10, 1)
                + datetime.timedelta(days=self.rng.randrange(0, 480))
            )
            company = self.company(name, sector, town, staff.consultant if index % 3 else None)
            self.agreement(
                company,
                programme,
                is_training=is_training,
                is_network=is_network,
                training_capacity=(
                    1 if name.startswith("SuperBrugsen") else self.rng.choice((1, 2, 2, 3))
                )
                if is_training
                else None,
                signed_on=signed,
                ends_on=END,
            )
            if is_training:
                training[sector].append(company)
            if is_network:
                network[sector].append(company)
        for name, sector, town in names.OTHER_COMPANIES:
            self.company(name, sector, town, staff.consultant)
        self.out.flush_companies()
        return {"training": training, "network": network}  # type: ignore[dict-item]

    def _jobsporet_funding(self, programme: Programme) -> None:
        start = datetime.date(2020, 9, 1)
        lines = [
            (
                "ESF-1",
                "grant",
                "esf",
                "",
                start,
                Decimal("2335867"),
                "Tilsagn, indsatsområdet Kvalificeret arbejdskraft og social inklusion",
            ),
            (
                "DEF-1",
                "grant",
                "business_promotion",
                "",
                start,
                Decimal("1200000"),
                "Tilsagn fra Danmarks Erhvervsfremmebestyrelse",
            ),
            (
                "BUD-1",
                "budget",
                "",
                "",
                start,
                Decimal("6651787"),
                "Samlet budget for støtteberettigede udgifter",
            ),
        ]
        months = []
        day = start
        while day <= END:
            months.append(day)
            day = (day + datetime.timedelta(days=32)).replace(day=1)
        categories = [
            ("Løn, projektmedarbejdere", Decimal("0.68")),
            ("Mentorfrikøb i virksomheder", Decimal("0.16")),
            ("Administration", Decimal("0.07")),
            ("Informationsmøder og materialer", Decimal("0.04")),
            ("Transport og kørsel", Decimal("0.03")),
            ("Revision og evaluering", Decimal("0.02")),
        ]
        total = Decimal("6651787")
        # Spend ramps up as participants come in: weights 1..n over the months.
        weights = [Decimal(1 + index) for index in range(len(months))]
        written = Decimal(0)
        for month_index, month in enumerate(months):
            month_total = (total * weights[month_index] / sum(weights)).quantize(Decimal("1"))
            for category_index, (category, share) in enumerate(categories):
                last = month_index == len(months) - 1 and category_index == len(categories) - 1
                amount = total - written if last else (month_total * share).quantize(Decimal("1"))
                written += amount
                lines.append(
                    (
                        f"UDG-{month:%Y-%m}-{category_index + 1}",
                        "expense",
                        "",
                        category,
                        month.replace(day=28),
                        amount,
                        f"{category}, {month:%m/%Y}",
                    )
                )
        for reference, kind, source, category, on, amount, description in lines:
            FundingEntry.objects.get_or_create(
                programme=programme,
                reference=reference,
                defaults={
                    "kind": kind,
                    "source": source,
                    "category": category,
                    "on": on,
                    "amount": amount,
                    "description": description,
                },
            )

    def _enrolment_days(self, count: int) -> list[datetime.date]:
        span = (LAST_ENROLMENT - FIRST_ENROLMENT).days
        days = sorted(
            FIRST_ENROLMENT + datetime.timedelta(days=self.rng.randrange(0, span))
            for _ in range(count)
        )
        # The first 25 start together after the info meeting.
        for index in range(min(25, count)):
            days[index] = FIRST_ENROLMENT + datetime.timedelta(days=7 + index % 5)
        return sorted(days)

    def _jobsporet_participants(self, programme: Programme, staff: Staff, companies: dict) -> None:
        rng = self.rng
        n = self.size
        employed = round(n * PUBLISHED_EMPLOYED / PUBLISHED_PARTICIPANTS)
        dropout = round(n * PUBLISHED_DROPOUT / PUBLISHED_PARTICIPANTS)
        in_training = n - employed - dropout
        superbrugsen = self.companies["SuperBrugsen Nørre Snede"]
        care = self.companies["Plejecenter Solgården"]
        days = self._enrolment_days(n - 4)
        # The last in-training group are the latest enrolments; the rest mix hires and dropouts.
        fates = ["employed"] * (employed - 2) + ["dropout"] * (dropout - 1)
        rng.shuffle(fates)
        fates += ["training"] * (in_training - 1)
        number = 0

        def reference() -> str:
            nonlocal number
            number += 1
            return f"JS-{number:04d}"

        brokers = [staff.brokers[1], staff.brokers[2], staff.broker, *staff.extra_brokers]
        # SuperBrugsen Nørre Snede: four trainees, one at a time; one hired there, one hired in
        # social and health care, one stopped, one still training at the end: 2 of 4 = 50 %.
        stories = [
            (
                datetime.date(2021, 9, 20),
                datetime.date(2021, 10, 4),
                "hire",
                superbrugsen,
                datetime.date(2022, 1, 17),
            ),
            (
                datetime.date(2022, 1, 10),
                datetime.date(2022, 1, 24),
                "dropout",
                None,
                datetime.date(2022, 4, 8),
            ),
            (
                datetime.date(2022, 4, 4),
                datetime.date(2022, 4, 25),
                "hire",
                care,
                datetime.date(2022, 9, 12),
            ),
            (datetime.date(2022, 9, 5), datetime.date(2022, 10, 3), "training", None, None),
        ]
        # SuperBrugsen's four trainees are the stories below; nobody else trains there.
        without_superbrugsen = {
            sector: [c for c in trainers if c != superbrugsen]
            for sector, trainers in companies["training"].items()
        }
        for enrolled, start, fate, hirer, until in stories:
            broker = brokers[number % len(brokers)]
            participant = self.enrol(
                programme, staff, reference=reference(), on=enrolled, broker=broker
            )
            self.train(
                participant,
                superbrugsen,
                start,
                broker,
                planned_end=start + datetime.timedelta(days=120) if fate != "training" else None,
            )
            if fate == "hire":
                self.review(
                    participant,
                    start + datetime.timedelta(days=30),
                    broker,
                    start + datetime.timedelta(days=60),
                )
                self.hire(participant, hirer, until, broker, raise_until=END)
                self.finish_goals(participant, broker, "achieved")
            elif fate == "dropout":
                self.leave(
                    participant,
                    exit_on=until,
                    outcome="dropout",
                    reason="Helbredet holdt ikke til arbejdet.",
                    actor=broker,
                )
        for day, fate in zip(days, fates, strict=True):
            self.out.story_told()  # the previous story is whole: its chunk may be written
            broker = brokers[number % len(brokers)]
            participant = self.enrol(programme, staff, reference=reference(), on=day, broker=broker)
            sector = participant.target_sectors[0]
            trainers = without_superbrugsen[sector]
            start = day + datetime.timedelta(days=rng.randrange(7, 29))
            if fate == "dropout" and rng.random() < 0.3:
                stop = day + datetime.timedelta(days=rng.randrange(10, 40))
                self.leave(
                    participant,
                    exit_on=min(stop, END),
                    outcome="dropout",
                    reason=rng.choice(DROPOUT_REASONS),
                    actor=broker,
                )
                continue
            if fate == "training":
                # Trainings in sequence, so that the last one covers the end of the programme.
                company = rng.choice(trainers)
                while start + datetime.timedelta(days=150) < END:
                    # Leave room for the next training to start a week later, before the end.
                    length = rng.randrange(60, min(150, (END - start).days - 14))
                    self.train(
                        participant,
                        company,
                        start,
                        broker,
                        planned_end=start + datetime.timedelta(days=length),
                        ended=start + datetime.timedelta(days=length),
                    )
                    start = start + datetime.timedelta(days=length + 7)
                    company = rng.choice(
                        _Without(trainers, self._position(trainers, company)) or trainers
                    )
                start = min(start, END - datetime.timedelta(days=7))
                self.train(participant, company, start, broker)
                self.review(
                    participant, min(start + datetime.timedelta(days=21), END), broker, None
                )
                continue
            length = rng.randrange(30, 181)
            start = max(min(start, END - datetime.timedelta(days=40)), day)
            company = rng.choice(trainers)
            self.train(
                participant,
                company,
                start,
                broker,
                planned_end=start + datetime.timedelta(days=length),
            )
            stop = min(start + datetime.timedelta(days=length), END - datetime.timedelta(days=3))
            if stop > start + datetime.timedelta(days=35):
                self.review(
                    participant,
                    start + datetime.timedelta(days=30),
                    broker,
                    start + datetime.timedelta(days=60),
                )
            if fate == "dropout":
                self.leave(
                    participant,
                    exit_on=stop,
                    outcome="dropout",
                    reason=rng.choice(DROPOUT_REASONS),
                    actor=broker,
                )
                continue
            hirers = companies["network"][sector]
            if (programme.slug, company.name) in self.network and rng.random() < 0.4:
                hirer = company
            else:
                hirer = rng.choice(hirers)
            self.hire(participant, hirer, stop, broker, raise_until=END)
            self.finish_goals(participant, broker, "achieved")
        self.out.flush()

    # --- programme Jobsporet drift (live, relative to today) --------------------------------

    def drift(self, staff: Staff) -> Programme | None:
        programme, _created = Programme.objects.get_or_create(
            slug="jobsporet-drift",
            defaults={
                "name": "Jobsporet drift",
                "starts_on": DRIFT_START,
                "ends_on": None,
                "target_participants": 150,
                "target_employment_rate": Decimal("0.400"),
                "description": "Jobsporet videreført i en ny driftsmodel fra april 2023.",
            },
        )
        self._members(programme, staff)
        if programme.participants.exists():
            self.report.skipped_programmes.append(programme.slug)
            return None
        self.report.created_programmes.append(programme.slug)
        today = self.today
        if not self.companies:
            self._load_companies()
        previous_terms = {
            agreement.company.name: agreement
            for agreement in Agreement.objects.filter(programme__slug="jobsporet").select_related(
                "company"
            )
        }
        trainers: dict[str, list[Company]] = {
            sector: [] for sector in (*SECTORS, "cleaning", "care")
        }
        hirers: dict[str, list[Company]] = {sector: [] for sector in trainers}
        for name, company in sorted(self.companies.items()):
            if company.name.startswith("Hjemmeplejen") or "afd." in name:
                continue
            previous = previous_terms.get(name)
            is_training = (
                previous.is_training if previous else company.sector in ("cleaning", "care")
            )
            is_network = previous.is_network if previous else True
            ends_on = None
            if self.rng.random() < 0.1:
                ends_on = today + datetime.timedelta(days=self.rng.randrange(10, 55))
            self.agreement(
                company,
                programme,
                is_training=is_training,
                is_network=is_network,
                training_capacity=(
                    1 if name.startswith("SuperBrugsen") else self.rng.choice((2, 2, 3))
                )
                if is_training
                else None,
                signed_on=DRIFT_START,
                ends_on=ends_on,
            )
            if is_training:
                trainers[company.sector].append(company)
            if is_network:
                hirers[company.sector].append(company)
        self.out.flush_companies()
        # The continuation is ordinary operation, paid by the municipality's own budget: its
        # operating budget is granted as well as budgeted, so no screen shows spending without
        # a source.
        FundingEntry.objects.get_or_create(
            programme=programme,
            reference="BEV-DRIFT",
            defaults={
                "kind": "grant",
                "source": "municipality",
                "on": DRIFT_START,
                "amount": Decimal("2400000"),
                "description": "Driftsbevilling, Beskæftigelsesudvalget",
            },
        )
        FundingEntry.objects.get_or_create(
            programme=programme,
            reference="BUD-DRIFT",
            defaults={
                "kind": "budget",
                "source": "municipality",
                "on": DRIFT_START,
                "amount": Decimal("2400000"),
                "description": "Driftsbudget",
            },
        )
        month = DRIFT_START
        while month <= today:
            FundingEntry.objects.get_or_create(
                programme=programme,
                reference=f"DRIFT-{month:%Y-%m}",
                defaults={
                    "kind": "expense",
                    "source": "municipality",
                    "category": "Løn og mentorfrikøb",
                    "on": month,
                    "amount": Decimal(38000 + self.rng.randrange(0, 12000)),
                    "description": f"Drift {month:%m/%Y}",
                },
            )
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        self._drift_participants(programme, staff, trainers, hirers)
        return programme

    def _drift_participants(self, programme, staff, trainers, hirers) -> None:
        rng, today = self.rng, self.today
        count = max(30, round(self.size * 72 / PUBLISHED_PARTICIPANTS))
        # In the order they enrolled in Jobsporet (their case numbers).
        returning = [
            case.person
            for case in Participant.objects.filter(
                programme__slug="jobsporet", exit_outcome="dropout"
            )
            .select_related("person")
            .order_by("reference")[:6]
        ]
        first_day = DRIFT_START + datetime.timedelta(days=14)
        span = (today - datetime.timedelta(days=3) - first_day).days
        days = sorted(
            first_day + datetime.timedelta(days=rng.randrange(0, max(span, 1)))
            for _ in range(count - 12)
        )
        # A dozen recent enrolments, so there is live work however old the rest is.
        days += sorted(today - datetime.timedelta(days=rng.randrange(2, 150)) for _ in range(12))
        drift_brokers = [staff.broker, staff.brokers[2], *staff.extra_brokers]
        for index, day in enumerate(days):
            self.out.story_told()  # the previous story is whole: its chunk may be written
            broker = drift_brokers[index % len(drift_brokers)]
            person = returning.pop() if returning and index % 7 == 3 else None
            participant = self.enrol(
                programme,
                staff,
                reference=f"JD-{index + 1:04d}",
                on=day,
                broker=broker,
                person=person,
            )
            self._drift_story(participant, broker, day, trainers, hirers)
        self.out.flush()

    def _free_trainer(
        self,
        programme: Programme,
        candidates: list[Company],
        *,
        fallback: Company,
        others: dict[str, list[Company]],
    ) -> Company:
        """The randomly drawn training company if it has a free place in the programme, else the
        next one in the sector that has, else one in another sector: the live demo never shows a
        company over its capacity."""
        # The rule of companies.models.with_place_flags (a free place: no fixed number, or
        # fewer in use), on the counts the writer keeps: this chunk's trainings are not written.
        first = self._position(candidates, fallback) or 0
        for company in itertools.chain(
            itertools.islice(candidates, first, None),
            itertools.islice(candidates, first),
            (c for sector, cs in others.items() if cs is not candidates for c in cs),
        ):
            places = self.capacity.get((programme.slug, company.name))
            if places is None or self.out.places_in_use(programme, company) < places:
                return company
        return fallback

    def _drift_story(self, participant, broker, day, trainers, hirers) -> None:
        rng, today = self.rng, self.today
        sector = participant.target_sectors[0]
        age = (today - day).days
        start = day + datetime.timedelta(days=rng.randrange(7, 22))
        if age < 21 or start >= today:
            # Newly enrolled: waiting for a training place; an info meeting to follow up.
            self.out.note(
                participant,
                author=broker,
                kind="info_meeting",
                occurred_at=_at(day + datetime.timedelta(days=1), 14) if day < today else None,
                text="Informationsmøde om træningsvirksomhederne.",
                follow_up_on=today + datetime.timedelta(days=rng.randrange(0, 6)),
            )
            return
        company = rng.choice(trainers[sector])
        if age > 260:
            length = rng.randrange(45, 180)
            stop = start + datetime.timedelta(days=length)
            self.train(participant, company, start, broker, planned_end=stop)
            self.review(
                participant,
                start + datetime.timedelta(days=30),
                broker,
                start + datetime.timedelta(days=60),
            )
            fate = rng.choices(["hire", "dropout", "education"], weights=[50, 38, 12])[0]
            if fate == "hire":
                self.hire(participant, rng.choice(hirers[sector]), stop, broker, raise_until=today)
                self.finish_goals(participant, broker, "achieved")
            else:
                self.leave(
                    participant,
                    exit_on=stop,
                    outcome=fate,
                    reason="Startet på erhvervsuddannelse (EUD)."
                    if fate == "education"
                    else rng.choice(DROPOUT_REASONS),
                    actor=broker,
                )
            return
        # Live cases: in training now, some recently hired with hours raised, and every third of
        # each broker's live cases ending within two weeks, so each start page has that work.
        seen = self.live_cases[broker.pk] = self.live_cases.get(broker.pk, 0) + 1
        fate = "ending"
        if seen % 3 != 1:
            fate = rng.choices(["training", "hired"], weights=[55, 25])[0]
        if fate == "hired" and age > 90:
            hire_on = today - datetime.timedelta(days=rng.randrange(20, min(age - 40, 150)))
            self.train(participant, company, start, broker, planned_end=hire_on)
            employment = self.hire(
                participant,
                rng.choice(hirers[sector]),
                hire_on,
                broker,
                raise_until=today - datetime.timedelta(days=15),
            )
            if employment.weekly_hours < 30:
                raised = self.out.hours_of(employment)
                self.out.hours_change(
                    employment,
                    changed_on=today - datetime.timedelta(days=rng.randrange(1, 12)),
                    weekly_hours=raised[-1] + 3 if raised else employment.weekly_hours + 5,
                    note="Timerne hævet efter samtale med lederen.",
                    actor=broker,
                )
            self.out.note(
                participant,
                author=broker,
                kind="phone",
                occurred_at=_at(today - datetime.timedelta(days=rng.randrange(1, 8)), 11),
                text="Opfølgning på ansættelsen: trives, vil gerne have flere timer.",
                follow_up_on=today + datetime.timedelta(days=rng.randrange(0, 7)),
            )
            return
        start = max(start, today - datetime.timedelta(days=rng.randrange(20, 160)))
        if fate == "ending":
            planned = today + datetime.timedelta(days=rng.randrange(1, 14))
        else:
            planned = today + datetime.timedelta(days=rng.randrange(20, 120))
        planned = min(planned, start + datetime.timedelta(days=540))
        company = self._free_trainer(
            participant.programme, trainers[sector], fallback=company, others=trainers
        )
        self.train(participant, company, start, broker, planned_end=planned)
        reviewed = min(
            start + datetime.timedelta(days=rng.randrange(20, 40)),
            today - datetime.timedelta(days=1),
        )
        if reviewed > participant.enrolled_on:
            next_review = today + datetime.timedelta(days=rng.randrange(-3, 20))
            self.review(
                participant,
                reviewed,
                broker,
                max(next_review, reviewed + datetime.timedelta(days=1)),
            )
        noted_on = today - datetime.timedelta(days=rng.randrange(1, 10))
        self.out.note(
            participant,
            author=broker,
            kind=rng.choice(["phone", "meeting", "company_visit"]),
            occurred_at=_at(noted_on, 10),
            text=rng.choice(FOLLOW_UP_TEXTS),
            # Some follow-ups are a day or two overdue, most fall in the coming week.
            follow_up_on=max(noted_on, today + datetime.timedelta(days=rng.randrange(-2, 7)))
            if rng.random() < 0.6
            else None,
        )
        if rng.random() < 0.2:
            kind, description, provider = rng.choice(PARALLEL_EFFORTS)
            self.out.effort(
                participant,
                actor=broker,
                kind=kind,
                description=description,
                provider=provider,
                starts_on=start,
            )


class _Without(collections.abc.Sequence):
    """A list without one of its items, for rng.choice, which reads only len() and [i]: the
    same draw as from a copy without the item, without copying a list of thousands per story."""

    def __init__(self, items: list, position: int | None) -> None:
        self.items = items
        self.position = len(items) if position is None else position
        self.size = len(items) - (position is not None)

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, index: int):
        return self.items[index + (index >= self.position)]


DROPOUT_REASONS = [
    "Sygdom; overgår til sygedagpengeopfølgning.",
    "Flyttet fra kommunen.",
    "Ønskede ikke at fortsætte i træningen.",
    "Helbredet holdt ikke til arbejdet.",
    "Udeblevet gentagne gange; forløbet afbrudt efter samtale.",
]
FOLLOW_UP_TEXTS = [
    "Trives i træningen; mentor melder god fremgang.",
    "Har haft to sygedage; aftalt ny plan for fremmøde.",
    "Samtale om ansættelse i en netværksvirksomhed efter træningen.",
    "Opgaverne udvides til kassen; aftalt med mentor.",
    "Ønsker flere timer; taler med virksomheden i næste uge.",
]
PARALLEL_EFFORTS = [
    ("health", "Fysioterapi for ryggen", "Sundhedscenter Ikast-Brande"),
    ("language", "Danskuddannelse, modul 3", "Sprogcenter Herning"),
    ("debt_counselling", "Gældsrådgivning", "Ikast-Brande Kommune"),
]


class SeedingUnfinished(Exception):
    """An earlier seed_demo stopped part way: the database holds part of a demo."""

    def __init__(self, seeding: Seeding) -> None:
        super().__init__(
            f"An earlier {seeding} stopped after {seeding.cases_written:,} cases and left part "
            "of the demo in the database. Start again from an empty database (drop it, or "
            "`manage.py flush`), then run seed_demo."
        )


def seed(
    *,
    today: datetime.date,
    participants: int = PUBLISHED_PARTICIPANTS,
    progress: Callable[[int], None] | None = None,
) -> SeedReport:
    """Build the demo data set, a chunk of cases per transaction (demo/writer.py), and report
    each chunk's cases written to `progress`.

    Idempotent: a programme that already has participants is left as it is. A run that stopped
    part way (an error, a killed process) leaves the chunks it committed, and the next run
    refuses with SeedingUnfinished instead of adding to them.
    """
    unfinished = Seeding.objects.filter(finished_at__isnull=True).first()
    if unfinished is not None:
        raise SeedingUnfinished(unfinished)
    seeding = Seeding.objects.create(participants=participants)

    def chunk_written(cases: int) -> None:
        Seeding.objects.filter(pk=seeding.pk).update(cases_written=F("cases_written") + cases)
        # The chunk's garbage, once (see _few_collections).
        gc.collect()
        if progress is not None:
            progress(cases)

    # A chunk is written in a thread of its own while the next one is told, on PostgreSQL and
    # when nothing is held uncommitted (a caller's transaction, e.g. a test's, keeps all of it
    # on one connection).
    background = connection.vendor == "postgresql" and not connection.in_atomic_block
    generator = Generator(
        today=today,
        participants=participants,
        on_chunk=chunk_written,
        in_background=_unhurried_commits if background else None,
    )
    try:
        with _bulk_session(), _few_collections():
            with transaction.atomic():
                staff = generator.users()
            generator.jobsporet(staff)
            generator.drift(staff)
            with transaction.atomic():
                generator.follow_ups()
    finally:
        generator.out.close()
    seeding.finished_at = timezone.now()
    seeding.save(update_fields=["finished_at"])
    return generator.report


@contextlib.contextmanager
def _few_collections() -> collections.abc.Iterator[None]:
    """Python's cyclic garbage collector off while seeding, collected once per chunk instead:
    a chunk's stories are millions of new objects that live until the chunk is written, and
    the collector, run every 700 of them, scanned them some 8,000 times at 10,000 participants
    (29 % of the seeding process's CPU time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _unhurried_commits() -> None:
    """On PostgreSQL, this thread's connection commits without waiting for the disk
    (synchronous_commit off: a crash may lose the last commits, and a demo is made again)."""
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")


@contextlib.contextmanager
def _bulk_session() -> collections.abc.Iterator[None]:
    """The seeding's own connection commits as the writing thread's does (_unhurried_commits),
    on PostgreSQL, until the seeding ends."""
    if connection.vendor != "postgresql":
        yield
        return
    _unhurried_commits()
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")
