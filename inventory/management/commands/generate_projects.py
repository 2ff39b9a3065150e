"""Generate reproducible synthetic projects for load tests and benchmarks."""

import datetime
import random
import uuid
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Locale

from inventory.models import (
    FundingProgramme,
    OrganisationalUnit,
    Project,
    ProjectPartner,
    search_key,
    swedish_sort_key,
)
from partnerships.cache import content_changed
from partnerships.models import PriorityArea, SustainabilityDimension

BATCH = 500
WORDS = (
    "klimat skola kultur ungdom vatten energi mat turism hälsa digital "
    "integration kust hav skog stad landsbygd innovation utbyte nätverk"
).split()
COUNTRIES = ["DE", "IT", "NO", "DK", "FI", "EE", "PL", "NL", "FR", "ES"]


class Command(BaseCommand):
    help = (
        "Create COUNT live synthetic projects (reproducible for a given --seed) "
        "for load tests and benchmarks. Their slugs start with 'generated-'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--locale", default="sv")

    def handle(self, *args, count, seed, locale, **options):
        if count < 1:
            raise CommandError("--count must be at least 1.")
        try:
            locale = Locale.objects.get(language_code=locale)
        except Locale.DoesNotExist as exc:
            raise CommandError(f"No locale '{locale}'.") from exc
        units = list(OrganisationalUnit.objects.filter(locale=locale))
        programmes = list(FundingProgramme.objects.filter(locale=locale))
        areas = list(PriorityArea.objects.filter(locale=locale))
        dimensions = list(SustainabilityDimension.objects.filter(locale=locale))
        if not (units and areas and dimensions):
            raise CommandError("Run the migrations first: the taxonomies are empty.")
        first = Project.objects.filter(slug__startswith=f"generated-{seed}-").count()
        # A later run with the same seed goes on with other projects.
        stream = seed if not first else f"{seed}:{first}"
        rng = random.Random(stream)  # noqa: S311 -- reproducible test data, not secrets
        done = 0
        while done < count:
            size = min(BATCH, count - done)
            with transaction.atomic():
                self._batch(
                    rng,
                    seed,
                    first + done,
                    size,
                    locale,
                    units,
                    programmes,
                    areas,
                    dimensions,
                )
            done += size
            self._progress(done, count)
        self.stderr.write("")
        if connection.vendor == "postgresql":
            # The planner's statistics after a bulk load, as PostgreSQL's autovacuum
            # would gather them within a minute or two: until then it plans for the
            # empty tables it last saw.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(f"Created {count} projects (seed {seed}).")
        )

    def _batch(self, rng, seed, start, size, locale, units, programmes, areas, dims):
        now = timezone.now()
        projects = []
        for number in range(start, start + size):
            begin = datetime.date(rng.randint(2015, 2027), rng.randint(1, 12), 1)
            budget = Decimal(rng.randrange(50_000, 5_000_000, 1000))
            words = rng.sample(WORDS, 3)
            title = " ".join(words).capitalize() + f" {number}"
            slug = f"generated-{seed}-{number}"
            summary = "Genererat testprojekt: " + ", ".join(words) + "."
            projects.append(
                Project(
                    title=title,
                    slug=slug,
                    summary=summary,
                    # bulk_create skips save(), which fills these two.
                    search_text=search_key(f"{title}\n{summary}"),
                    sort_title=swedish_sort_key(title),
                    status=rng.choice(Project.Status.values),
                    start_date=begin,
                    end_date=begin + datetime.timedelta(days=rng.randint(180, 1460)),
                    unit=rng.choice(units),
                    funding_programme=rng.choice(programmes),
                    currency=rng.choice(Project.Currency.values),
                    total_budget=budget,
                    eu_grant=(budget * Decimal("0.6")).quantize(Decimal("1")),
                    own_contribution=(budget * Decimal("0.2")).quantize(Decimal("1")),
                    last_reviewed=begin + datetime.timedelta(days=rng.randint(0, 900)),
                    locale=locale,
                    # One per slug, so a later run never repeats one.
                    translation_key=uuid.uuid5(uuid.NAMESPACE_URL, f"vanort:{slug}"),
                    live=True,
                    first_published_at=now,
                    last_published_at=now,
                )
            )
        Project.objects.bulk_create(projects)
        saved = Project.objects.filter(
            slug__in=[p.slug for p in projects], locale=locale
        ).order_by("pk")
        area_links, dim_links, partners = [], [], []
        for project in saved:
            for area in rng.sample(areas, rng.randint(1, 2)):
                area_links.append(
                    Project.priority_areas.through(project=project, priorityarea=area)
                )
            for dim in rng.sample(dims, rng.randint(1, 2)):
                dim_links.append(
                    Project.dimensions.through(
                        project=project, sustainabilitydimension=dim
                    )
                )
            partners.append(
                ProjectPartner(
                    project=project,
                    name=f"Partner {project.pk}",
                    country=rng.choice(COUNTRIES),
                    role="partner",
                )
            )
        Project.priority_areas.through.objects.bulk_create(area_links)
        Project.dimensions.through.objects.bulk_create(dim_links)
        ProjectPartner.objects.bulk_create(partners)
        # bulk_create() sends no signal the page cache hears.
        content_changed()

    def _progress(self, done, total):
        width = 30
        filled = width * done // total
        self.stderr.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending=""
        )
        self.stderr.flush()
