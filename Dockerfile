# One image for web, worker and beat (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
# gettext for the translations; Pango, HarfBuzz and a font for WeasyPrint's PDF exports.
COPY scripts/system-packages.sh /tmp/system-packages.sh
RUN apt-get update && apt-get install -y --no-install-recommends gettext \
    && bash /tmp/system-packages.sh && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 jobsporet
WORKDIR /app

# Dependencies only from the lock, each file checked against its hash (`make lock` writes it);
# then the project itself, which brings no dependency of its own.
COPY requirements.txt ./
RUN pip install --require-hashes -r requirements.txt
COPY pyproject.toml README.md ./
COPY jobsporet ./jobsporet
COPY participants ./participants
COPY companies ./companies
COPY placements ./placements
COPY reporting ./reporting
COPY privacy ./privacy
COPY demo ./demo
RUN pip install --no-deps --no-build-isolation . && pip check
COPY . .
# Collected with the production storage (hashed names and a manifest); build-time secrets only.
RUN DEBUG=0 SECRET_KEY=build CPR_ENCRYPTION_KEYS=build CPR_HASH_KEY=build \
    python manage.py collectstatic --noinput && chown -R jobsporet /app
USER jobsporet

EXPOSE 8000
CMD ["gunicorn", "jobsporet.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
