"""``ingest_file``: one file in, one :class:`~relmap.engagement.models.IngestRun` out.

Atomic per file (all of its valid items or nothing), idempotent (an item whose key the
account already has from that source is "already present" and changes nothing, not even
the review queue's counts), and one audit entry per run. Web, API and CLI all call it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from relmap.accounts.models import Account
from relmap.core.audit import Actor, log_action
from relmap.core.bulk import gc_paused
from relmap.engagement.choices import AddressStatus, Source
from relmap.engagement.ingest import csvfile, ics, mail, writer
from relmap.engagement.ingest.items import REASONS, FileRefusedError, Parsed, Skip
from relmap.engagement.ingest.matching import Matched, load_directory, match
from relmap.engagement.models import IngestRun, Interaction, UnknownAddress

EXAMPLES = 10  # examples kept per skip reason in the report
NOTES = 20
ICS_SUFFIXES = (".ics", ".ical", ".icalendar", ".ifb")
MBOX_SUFFIXES = (".mbox", ".mbx")
Progress = Callable[[str, int, int], None]


def max_upload_bytes() -> int:
    """The largest file the web and API accept (``INGEST_MAX_UPLOAD_BYTES``, 200 MB)."""
    return int(getattr(settings, "INGEST_MAX_UPLOAD_BYTES", 200 * 1024 * 1024))


def detect_format(name: str, data: bytes, source: str | None = None) -> str:
    """ "ics", "mbox", "eml" or "csv": from ``source`` if given, else from the file name's
    extension, else from the content."""
    if source == Source.ICS:
        return "ics"
    if source == Source.MAIL:
        return "mbox" if mail.is_mbox(data) else "eml"
    if source == Source.CSV:
        return "csv"
    if source:
        raise FileRefusedError(f"Unknown source {source!r}; use ics, mail or csv.")
    suffix = Path(name).suffix.lower()
    if suffix in ICS_SUFFIXES:
        return "ics"
    if suffix in MBOX_SUFFIXES:
        return "mbox"
    if suffix == ".eml":
        return "eml"
    if suffix == ".csv":
        return "csv"
    head = data.lstrip(b"\xef\xbb\xbf").lstrip()[:200]
    if head.upper().startswith(b"BEGIN:VCALENDAR"):
        return "ics"
    if mail.is_mbox(data):
        return "mbox"
    if b"occurred_at" in head.split(b"\n", 1)[0].lower():
        return "csv"
    if mail.looks_like_mail(data):
        return "eml"
    raise FileRefusedError(
        "Cannot tell what kind of file this is: name it .ics, .mbox, .eml or .csv "
        "(or choose the source)."
    )


SOURCE_OF_FORMAT = {"ics": Source.ICS, "mbox": Source.MAIL, "eml": Source.MAIL, "csv": Source.CSV}


def window_from_dates(
    start: dt.date | None, end: dt.date | None, today: dt.date | None = None
) -> tuple[dt.datetime, dt.datetime]:
    """The expansion window for recurring events, from dates (inclusive); a missing end
    falls back to the default window's."""
    today = today or timezone.now().date()
    default_start, default_end = ics.default_window(today)
    lo = dt.datetime.combine(start, dt.time(), tzinfo=dt.UTC) if start else default_start
    hi = (
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
        if end
        else default_end
    )
    if hi <= lo:
        raise ValidationError({"window": "The window must end after it starts."})
    if hi - lo > dt.timedelta(days=3660):
        raise ValidationError({"window": "The window can cover at most ten years."})
    return lo, hi


def parse(
    fmt: str, data: bytes, *, window: tuple[dt.datetime, dt.datetime] | None, today: dt.date
) -> Parsed:
    if fmt == "ics":
        return ics.parse_ics(data, time_zone=settings.TIME_ZONE, window=window, today=today)
    if fmt == "mbox":
        return mail.parse_mbox(data, today=today)
    if fmt == "eml":
        return mail.parse_eml(data, today=today)
    return csvfile.parse_csv(data, time_zone=settings.TIME_ZONE, today=today)


def _skip_report(skips: list[Skip]) -> dict[str, Any]:
    out: dict[str, dict[str, Any]] = {}
    for skip in skips:
        entry = out.setdefault(
            skip.reason,
            {"reason": REASONS.get(skip.reason, skip.reason), "count": 0, "examples": []},
        )
        entry["count"] += 1
        if len(entry["examples"]) < EXAMPLES:
            entry["examples"].append(f"{skip.where}: {skip.detail}" if skip.detail else skip.where)
    return dict(sorted(out.items(), key=lambda kv: -kv[1]["count"]))


def _report(parsed: Parsed, matched: Matched, written: tuple[int, int], new: int) -> dict[str, Any]:
    skips = parsed.skips + matched.skips
    notes = list(parsed.notes)
    if parsed.derived_keys:
        notes.append(
            f"{parsed.derived_keys} message(s) had no Message-ID; their key was derived from "
            "their From, To, Cc, Bcc and Date headers."
        )
    if parsed.unreadable_addresses:
        notes.append(f"{parsed.unreadable_addresses} unreadable address(es) were left out.")
    if matched.ignored_dropped:
        notes.append(
            f"{matched.ignored_dropped} participation(s) of ignored addresses were dropped."
        )
    report: dict[str, Any] = {
        "format": parsed.format,
        "read": parsed.read,
        "added": len(matched.rows),
        "already_present": matched.already_present,
        "skipped": len(skips),
        "skipped_by_reason": _skip_report(skips),
        "participants": written[0],
        "pending_participants": written[1],
        "ignored_dropped": matched.ignored_dropped,
        "new_unknown_addresses": new,
        "notes": notes[:NOTES],
    }
    if parsed.window:
        report["window"] = {
            "from": parsed.window[0].isoformat(),
            "to": parsed.window[1].isoformat(),
        }
    return report


def _upsert_addresses(account: Account, matched: Matched) -> tuple[dict[str, int], int]:
    """Create or update the review queue's addresses met in the kept items; returns the
    ids of the addresses by e-mail and how many are new."""
    if not matched.seen:
        return {}, 0
    existing = {
        a.email: a
        for a in UnknownAddress.objects.filter(account=account, email__in=list(matched.seen))
    }
    new: list[UnknownAddress] = []
    changed: list[UnknownAddress] = []
    for email, seen in matched.seen.items():
        address = existing.get(email)
        if address is None:
            new.append(
                UnknownAddress(
                    account=account,
                    email=email,
                    display_name=seen.name[:200],
                    seen_count=seen.count,
                    first_seen_at=seen.first,
                    last_seen_at=seen.last,
                )
            )
            continue
        address.seen_count += seen.count
        address.first_seen_at = min(filter(None, (address.first_seen_at, seen.first)))
        address.last_seen_at = max(filter(None, (address.last_seen_at, seen.last)))
        address.display_name = address.display_name or seen.name[:200]
        changed.append(address)
    UnknownAddress.objects.bulk_create(new, batch_size=1000)
    now = timezone.now()
    for address in changed:
        address.updated_at = now
    UnknownAddress.objects.bulk_update(
        changed,
        ["seen_count", "first_seen_at", "last_seen_at", "display_name", "updated_at"],
        batch_size=1000,
    )
    ids = {a.email: a.pk for a in (*new, *changed)}
    if any(pk is None for pk in ids.values()):  # a backend without RETURNING
        ids = dict(
            UnknownAddress.objects.filter(account=account, email__in=list(ids)).values_list(
                "email", "id"
            )
        )
    return ids, len(new)


def _actor_id(actor: Actor) -> int | None:
    return actor.pk if actor is not None and actor.is_authenticated else None


def _audit(actor: Actor, run: IngestRun, action: str) -> None:
    log_action(
        actor=actor,
        action=action,
        obj=run,
        account_id=run.account_id,
        after={
            "file_name": run.file_name,
            "source": run.source,
            "sha256": run.sha256,
            "ok": run.ok,
            "added": run.added,
            "already_present": run.already_present,
            "skipped": run.skipped,
            "new_unknown_addresses": run.new_unknown_addresses,
        },
    )


def _refused(
    *, actor: Actor, account: Account, name: str, digest: str, source: str, message: str
) -> IngestRun:
    with transaction.atomic():
        run = IngestRun.objects.create(
            account=account,
            source=source,
            file_name=name[:255],
            sha256=digest,
            actor_id=_actor_id(actor),
            ok=False,
            finished_at=timezone.now(),
            report={"refused": message},
        )
        _audit(actor, run, "relmap.ingest.refused")
    return run


def ingest_file(
    *,
    actor: Actor,
    account: Account,
    name: str,
    data: bytes | str | Path,
    source: str | None = None,
    window: tuple[dt.datetime, dt.datetime] | None = None,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> IngestRun:
    """Ingest one file into ``account``; the caller has checked the actor may edit it.

    ``data`` is the file's bytes or a path to it. ``source`` (ics, mail, csv) is detected
    from the name and content when not given. ``window`` bounds the expansion of recurring
    calendar events (default: the last 365 days to 90 days ahead). A file that cannot be
    read is refused whole: the run has ``ok=False`` and ``report["refused"]`` says why.
    """
    today = today or timezone.now().date()
    if not isinstance(data, bytes):
        path = Path(data)
        try:
            data = path.read_bytes()
        except OSError as exc:
            return _refused(
                actor=actor,
                account=account,
                name=name,
                digest="",
                source=source or Source.CSV,
                message=f"The file cannot be read: {exc.strerror or exc}.",
            )
    digest = hashlib.sha256(data).hexdigest()
    try:
        fmt = detect_format(name, data, source)
    except FileRefusedError as exc:
        return _refused(
            actor=actor,
            account=account,
            name=name,
            digest=digest,
            source=source if source in Source.values else Source.CSV,
            message=exc.message,
        )
    if progress:
        progress("reading", 0, 1)
    with gc_paused():
        return _ingest_parsed(
            actor=actor,
            account=account,
            name=name,
            data=data,
            digest=digest,
            fmt=fmt,
            window=window,
            today=today,
            progress=progress,
        )


def _ingest_parsed(
    *,
    actor: Actor,
    account: Account,
    name: str,
    data: bytes,
    digest: str,
    fmt: str,
    window: tuple[dt.datetime, dt.datetime] | None,
    today: dt.date,
    progress: Progress | None,
) -> IngestRun:
    """Parse, match and write one file whose format is known (with the cyclic garbage
    collector paused: relmap.core.bulk.gc_paused)."""
    source_code = SOURCE_OF_FORMAT[fmt]
    try:
        parsed = parse(fmt, data, window=window, today=today)
    except FileRefusedError as exc:
        return _refused(
            actor=actor,
            account=account,
            name=name,
            digest=digest,
            source=source_code,
            message=exc.message,
        )

    def step(done: int, total: int) -> None:
        if progress:
            progress("writing", done, total)

    try:
        with transaction.atomic():
            run = IngestRun.objects.create(
                account=account,
                source=source_code,
                file_name=name[:255],
                sha256=digest,
                actor_id=_actor_id(actor),
            )
            # The run's row took SQLite's write lock; PostgreSQL locks the table here.
            writer.allocate_ids(Interaction._meta.db_table, 0)
            existing = set(
                Interaction.objects.filter(account=account, source=source_code)
                .exclude(source_key="")
                .values_list("source_key", flat=True)
            )
            matched = match(parsed.items, load_directory(account), existing)
            address_ids, new_addresses = _upsert_addresses(account, matched)
            written = writer.write(
                account_id=account.pk,
                source=source_code,
                actor_id=run.actor_id,
                rows=matched.rows,
                address_ids=address_ids,
                progress=step,
            )
            report = _report(parsed, matched, written, new_addresses)
            run.ok = True
            run.added = report["added"]
            run.already_present = report["already_present"]
            run.skipped = report["skipped"]
            run.new_unknown_addresses = new_addresses
            run.report = report
            run.finished_at = timezone.now()
            run.save()
            _audit(actor, run, "relmap.ingest.completed")
    except DatabaseError as exc:
        return _refused(
            actor=actor,
            account=account,
            name=name,
            digest=digest,
            source=source_code,
            message=f"The file could not be written, so nothing of it was kept: {exc}",
        )
    return run


def after_ingest(account: Account, runs: list[IngestRun]) -> None:
    """Called once after the files of one upload were ingested (web, API and CLI alike):
    when any run added interactions, recompute relationship strength and the suggestions
    for ``account`` (the touches were written with the rows)."""
    if any(r.ok and r.added for r in runs):
        from relmap.engagement.services import after_interactions_changed

        after_interactions_changed(account)


def pending_addresses_count(account: Account) -> int:
    return UnknownAddress.objects.filter(account=account, status=AddressStatus.PENDING).count()


def summary(run: IngestRun) -> list[str]:
    """The run in a few lines for a person (CLI, pages)."""
    report = run.report or {}
    if not run.ok:
        return [
            f"{run.file_name}: refused — {report.get('refused', 'unknown reason')} "
            "Nothing was ingested."
        ]
    lines = [
        f"{run.file_name} ({report.get('format', run.source)}): {report.get('read', 0)} read, "
        f"{run.added} added, {run.already_present} already present, {run.skipped} skipped, "
        f"{run.new_unknown_addresses} new unknown address(es)."
    ]
    for entry in report.get("skipped_by_reason", {}).values():
        examples = "; ".join(entry["examples"][:3])
        lines.append(f"  skipped {entry['count']}: {entry['reason']} (e.g. {examples})")
    lines.extend(f"  note: {note}" for note in report.get("notes", []))
    return lines


def counts_by_reason(run: IngestRun) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for code, entry in (run.report or {}).get("skipped_by_reason", {}).items():
        counts[code] += entry["count"]
    return dict(counts)
