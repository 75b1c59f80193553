"""The Enron e-mail network (Priebe et al. 2005) as a CSV activity file, so that a real
data set goes through the real CSV path (tests and bench/ingest.py). No Django.

``nodes.csv`` (``id,email_local,name,note``) gives each of the 184 people the address
``<email_local>@enron.com``; each row of ``messages.csv.gz`` (``from,to,time,reciptype,
...``, 1-based node ids) is one message-to-recipient event and becomes one e-mail row:
initiator the sender, the recipient with their reciptype (to/cc/bcc) as role. The key is
a digest of ``from,to,time,reciptype``, so rows the source repeats get the same key and
the report counts them as duplicates; the source's 174 rows stamped 1979-12-31 are
skipped as implausible dates.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class EnronPerson:
    id: int
    email: str
    name: str
    note: str


def people(folder: Path) -> list[EnronPerson]:
    with (folder / "nodes.csv").open(newline="", encoding="utf-8") as handle:
        return [
            EnronPerson(
                int(r["id"]), f"{r['email_local'].strip().lower()}@enron.com", r["name"], r["note"]
            )
            for r in csv.DictReader(handle)
        ]


def to_activity_csv(folder: Path, limit: int | None = None) -> bytes:
    """The messages (the first ``limit`` rows, if given) in the CSV activity format."""
    by_id = {p.id: p.email for p in people(folder)}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["key", "occurred_at", "kind", "channel", "initiator", "participants"])
    with gzip.open(folder / "messages.csv.gz", "rt", newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        for number, row in enumerate(reader):
            if limit is not None and number >= limit:
                break
            sender, recipient, time, reciptype = row[0], row[1], row[2], row[3]
            key = (
                "enron:"
                + hashlib.sha256(f"{sender},{recipient},{time},{reciptype}".encode()).hexdigest()[
                    :32
                ]
            )
            writer.writerow(
                [
                    key,
                    time.replace(" ", "T"),
                    "email",
                    "email",
                    by_id[int(sender)],
                    f"{reciptype}:{by_id[int(recipient)]}",
                ]
            )
    return out.getvalue().encode("utf-8")
