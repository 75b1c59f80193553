"""Mail headers from an mbox (``mailbox``) or one .eml (``email``). No Django.

Only From, To, Cc, Bcc, Date and Message-ID are read; bodies are never parsed into
memory beyond the header block (``BytesHeaderParser``) and nothing of them is kept, the
subject included. Headers are read with ``email.policy.default``, which decodes RFC 2047
display names, understands address groups and quoted commas, and keeps the good addresses
of a header that also holds a broken one; when it raises on a header, that header is read
again with the compat32 parser and ``email.utils.getaddresses``.
"""

from __future__ import annotations

import datetime as dt
import email.header
import email.policy
import email.utils
import mailbox
import os
import tempfile
from email.message import Message
from email.parser import BytesHeaderParser
from typing import Any

from relmap.engagement.ingest.items import (
    BCC,
    CC,
    SENDER,
    TO,
    FileRefusedError,
    Item,
    Parsed,
    Person,
    Skip,
    fit_key,
    merge_people,
    plausibility_problem,
    stable_key,
)

HEADERS = (("From", SENDER), ("To", TO), ("Cc", CC), ("Bcc", BCC))
_default = BytesHeaderParser(policy=email.policy.default)
_compat = BytesHeaderParser(policy=email.policy.compat32)


def _clean_text(text: str) -> str:
    """Bytes that were not UTF-8 come back as surrogates: read them as Windows-1252."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "surrogateescape").decode("cp1252", "replace")
    return " ".join(text.split())


def _addresses(message: Message, raw: bytes, header: str) -> tuple[list[tuple[str, str]], int]:
    """(display name, address) pairs of every ``header`` line, and how many were unreadable."""
    out: list[tuple[str, str]] = []
    bad = 0
    try:
        for value in message.get_all(header) or []:
            for address in value.addresses:  # type: ignore[attr-defined]
                out.append((address.display_name, address.addr_spec))
    except Exception:  # the modern parser can raise almost anything on a bad header
        out = []
        old = _compat.parsebytes(raw, headersonly=True)
        values = [str(v) for v in old.get_all(header) or []]
        for name, addr in email.utils.getaddresses(values):
            out.append((str(email.header.make_header(email.header.decode_header(name))), addr))
    kept: list[tuple[str, str]] = []
    for name, addr in out:
        addr = _clean_text(addr).strip("<>").lower()
        local, _, domain = addr.rpartition("@")
        if not local or "." not in domain or " " in addr:
            if addr or name:
                bad += 1
            continue
        kept.append((_clean_text(name)[:200], addr))
    return kept, bad


def _date(message: Message) -> dt.datetime | None:
    values = message.get_all("Date") or []
    if not values:
        return None
    try:
        when = email.utils.parsedate_to_datetime(str(values[0]))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:  # "-0000" or no zone: RFC 5322 reads it as UTC
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC)


def _message_id(message: Message) -> str:
    for value in message.get_all("Message-ID") or []:
        text = "".join(str(value).split())
        if text:
            return text
    return ""


def read_message(
    raw: bytes, where: str, parsed: Parsed, seen: dict[str, str], today: dt.date
) -> None:
    """Add the message in ``raw`` to ``parsed`` (as an item or a skip)."""
    parsed.read += 1
    message: Any = _default.parsebytes(raw, headersonly=True)
    people: list[Person] = []
    unreadable = 0
    raw_parts: list[str] = []
    for header, role in HEADERS:
        pairs, bad = _addresses(message, raw, header)
        unreadable += bad
        people.extend((addr, name, role) for name, addr in pairs)
        raw_parts.append(",".join(addr for _, addr in pairs))
    when = _date(message)
    if when is None:
        parsed.skips.append(Skip("bad_date", where, "no readable Date header"))
        return
    problem = plausibility_problem(when, today)
    if problem:
        parsed.skips.append(Skip("implausible_date", where, problem))
        return
    message_id = _message_id(message)
    derived = not message_id
    key = message_id or stable_key("derived", when.isoformat(), *raw_parts)
    key = fit_key(key)
    if key in seen:
        parsed.skips.append(Skip("duplicate", where, f"same Message-ID as {seen[key]}"))
        return
    seen[key] = where
    merged = merge_people(people)
    if not merged:
        parsed.skips.append(Skip("no_participants", where))
        return
    parsed.derived_keys += derived
    parsed.unreadable_addresses += unreadable
    parsed.items.append(
        Item(
            source_key=key,
            kind="email",
            channel="email",
            subject="",
            occurred_at=when,
            duration_minutes=None,
            participants=merged,
            where=where,
        )
    )


def _looks_like_headers(data: bytes) -> bool:
    head = data[:4096].lstrip()
    first = head.split(b"\n", 1)[0]
    name, colon, _ = first.partition(b":")
    return bool(colon) and bool(name) and all(33 <= c <= 126 and c != 58 for c in name)


def parse_eml(data: bytes, *, today: dt.date | None = None) -> Parsed:
    """One message (.eml)."""
    today = today or dt.datetime.now(dt.UTC).date()
    if not data.strip():
        raise FileRefusedError("The file is empty.")
    if not _looks_like_headers(data):
        raise FileRefusedError(
            "This is not an e-mail message: it does not start with mail headers."
        )
    parsed = Parsed(format="eml")
    read_message(data, "message 1", parsed, {}, today)
    return parsed


def parse_mbox(data: bytes, *, today: dt.date | None = None) -> Parsed:
    """Every message of an mbox file."""
    today = today or dt.datetime.now(dt.UTC).date()
    if not data.startswith(b"From "):
        raise FileRefusedError("This is not an mbox file: it must start with a 'From ' line.")
    parsed = Parsed(format="mbox")
    seen: dict[str, str] = {}
    handle, path = tempfile.mkstemp(suffix=".mbox")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        box = mailbox.mbox(path, create=False)
        try:
            for number, key in enumerate(box.iterkeys(), start=1):
                raw = box.get_bytes(key)
                if not _looks_like_headers(raw):
                    parsed.read += 1
                    parsed.skips.append(Skip("broken", f"message {number}", "no mail headers"))
                    continue
                read_message(raw, f"message {number}", parsed, seen, today)
        finally:
            box.close()
    finally:
        os.unlink(path)
    if parsed.read == 0:
        raise FileRefusedError("The mbox file holds no messages.")
    return parsed


def is_mbox(data: bytes) -> bool:
    return data.startswith(b"From ")


def looks_like_mail(data: bytes) -> bool:
    return is_mbox(data) or _looks_like_headers(data)
