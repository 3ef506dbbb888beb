# healthwatch daemon image. See docs/ops.md ("In a container").
# Not built on the development machine (no container runtime there).
#
#   docker build -t healthwatch .
#   docker run -d --name healthwatch -p 127.0.0.1:8787:8787 \
#     -v healthwatch-data:/var/lib/healthwatch \
#     -v $PWD/healthwatch.toml:/etc/healthwatch/healthwatch.toml:ro \
#     -e HEALTHWATCH_DATABASE_URL=postgresql://healthwatch@db/healthwatch \
#     -e HEALTHWATCH_WEBHOOK_SECRET=whsec_... \
#     healthwatch
FROM python:3.11-slim-bookworm

# tini reaps orphans (browser processes) and forwards signals to the daemon;
# Debian's chromium is there for the Playwright render fallback (docs/render.md;
# found on PATH, flags in crawler/crawl/browser.py).
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini chromium ca-certificates \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/healthwatch
COPY pyproject.toml README.md scrapy.cfg alembic.ini ./
COPY crawler ./crawler
COPY spiders ./spiders
COPY scheduler ./scheduler
COPY storage ./storage
COPY alerts ./alerts
RUN pip install --no-cache-dir . \
    && useradd --system --home-dir /var/lib/healthwatch --create-home healthwatch

USER healthwatch
WORKDIR /var/lib/healthwatch
ENV HEALTHWATCH_CONFIG=/etc/healthwatch/healthwatch.toml \
    HEALTHWATCH_DATABASE_URL=sqlite:////var/lib/healthwatch/healthwatch.db \
    HEALTHWATCH_HTTP=0.0.0.0:8787 \
    PYTHONUNBUFFERED=1
VOLUME ["/var/lib/healthwatch"]
EXPOSE 8787

HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8787/healthz', timeout=8).status != 200)"]

# docker stop sends SIGTERM and waits 10 s by default: use `docker stop -t 45`
# (or stop_grace_period: 45s in compose) to give a running crawl shutdown_grace.
STOPSIGNAL SIGTERM
ENTRYPOINT ["tini", "--", "healthwatch"]
CMD ["run"]
