"""``healthwatch sites check`` for people: per site, what each source and
each sampled article gave, then the verdict on one line."""

from __future__ import annotations

from spiders.check import SampleCheck, SiteCheck, SourceCheck

MARK = {True: "ok", False: "MISSED"}


def describe_check(result: SiteCheck) -> str:
    lines = [f"{result.site}: {result.verdict.upper()} ({result.seconds:.1f} s)"]
    lines += [f"  network: {note}" for note in result.network]
    lines += [describe_source(source) for source in result.sources]
    for sample in result.samples:
        lines += describe_sample(sample)
    lines.append(f"  verdict: {result.verdict}: {result.reason}")
    return "\n".join(lines)


def describe_source(source: SourceCheck) -> str:
    if source.error:
        return f"  {source.kind} {source.url}: {source.error}"
    text = f"  {source.kind} {source.url}: {source.links} links"
    if source.fallback:
        text += " (selectors found none: generic heuristics)"
    if source.scripted:
        text += " (built by a script: rendered in a crawl)"
    if source.kind == "listing":
        text += f", next page {source.next_page}" if source.next_page else ", no next page"
    if source.problem:
        text += f"; {source.problem}"
    return text


def describe_sample(sample: SampleCheck) -> list[str]:
    if sample.error:
        return [f"  article {sample.url}: {sample.error}"]
    lines = [f"  article {sample.url}"]
    for read in sample.fields:
        many = f", {read.matches} matches" if read.matches > 1 else ""
        lines.append(
            f"    {read.field:<9} {MARK[read.matched]:<6} {read.selector!r}{many}: {read.value!r}"
        )
    start, end = [*sample.event_dates, None, None][:2]
    event = f", event {start}..{end}" if start else ""
    relevant = "health-relevant" if sample.relevant else "not health-relevant"
    lines.append(
        f"    read: {sample.title!r}, published {sample.published}; "
        f"{sample.type}{event}, {relevant}"
    )
    return lines
