"""Recompute computed relationship strength, tie and attitude suggestions.

:func:`recompute_strength` scores every (ours, theirs) pair of an account from its
touches (``relmap.engagement.touches``) with one ``DELETE`` and one ``INSERT … SELECT``
(:func:`strength_sql`): the decayed aggregation, the score and its components are
computed by the database, through Django's own connection, so it sees the caller's
uncommitted writes and is safe inside a transaction. :func:`recompute` adds the tie
suggestions (one query over shared meetings) and the attitude suggestions. Why this
engine, and the figures: docs/algorithms/strength.md and ``bench/strength.py``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import OperationalError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from relmap.accounts.models import Account
from relmap.analytics import strength as formula
from relmap.engagement.models import (
    EngagementSettings,
    Interaction,
    Participant,
    RelationshipStrength,
    Touch,
)
from relmap.engagement.touches import DIRECTIONS
from relmap.stakeholders.choices import Side
from relmap.stakeholders.models import Stakeholder


@dataclass
class RecomputeStats:
    """What one :func:`recompute` did."""

    accounts: int = 0
    interactions: int = 0
    pairs: int = 0
    tie_suggestions: int = 0
    attitude_suggestions: int = 0
    per_account: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"Recomputed strength for {self.accounts} "
            f"account{'' if self.accounts == 1 else 's'}: {self.interactions} interactions "
            f"read, {self.pairs} pairs scored, {self.tie_suggestions} tie suggestions and "
            f"{self.attitude_suggestions} attitude suggestions pending."
        )


def engagement_settings() -> EngagementSettings:
    """The site-wide settings row (see :meth:`EngagementSettings.load`)."""
    return EngagementSettings.load()


def _people(account_id: int) -> tuple[set[int], set[int], dict[int, int | None]]:
    ours: set[int] = set()
    theirs: set[int] = set()
    attitude: dict[int, int | None] = {}
    for pk, side, att in Stakeholder.objects.filter(account_id=account_id).values_list(
        "pk", "side", "attitude"
    ):
        (ours if side == Side.INTERNAL else theirs).add(pk)
        attitude[pk] = att
    return ours, theirs, attitude


def recompute(
    account: Account | None = None, *, now: dt.datetime | None = None, attitudes: bool = True
) -> RecomputeStats:
    """Recompute strength and suggestions for ``account``, or for every account.

    Each account's rows are replaced atomically (a transaction, or a savepoint inside the
    caller's). ``now`` (default: the current time) is the moment ages are measured from.
    ``attitudes=False`` leaves attitude suggestions alone.
    """
    moment = now or timezone.now()
    settings = engagement_settings()
    stats = RecomputeStats()
    accounts: Iterable[Account] = (
        [account] if account is not None else Account.objects.order_by("pk")
    )
    for acc in accounts:
        with transaction.atomic():
            one = _recompute_account(acc, moment, settings, attitudes=attitudes)
        stats.accounts += 1
        stats.interactions += one["interactions"]
        stats.pairs += one["pairs"]
        stats.tie_suggestions += one["tie_suggestions"]
        stats.attitude_suggestions += one["attitude_suggestions"]
        stats.per_account.append(one)
    return stats


def _recompute_account(
    account: Account, now: dt.datetime, settings: EngagementSettings, *, attitudes: bool
) -> dict[str, Any]:
    window = float(settings.strength_window_days)
    start = now - dt.timedelta(days=window)
    pairs = recompute_strength(account, now=now, settings=settings)
    _ours, theirs, current_attitude = _people(account.pk)
    counts = shared_meeting_counts(account.pk, start=start, end=now)
    from relmap.engagement import suggestions

    tie_pending = suggestions.refresh_tie_suggestions(account, counts)
    attitude_pending = (
        suggestions.refresh_attitude_suggestions(
            account, current_attitude, theirs, start=start, end=now
        )
        if attitudes
        else 0
    )
    return {
        "account": account.pk,
        "name": account.name,
        "interactions": Interaction.objects.filter(
            account_id=account.pk, occurred_at__gte=start, occurred_at__lte=now
        ).count(),
        "pairs": pairs,
        "tie_suggestions": tie_pending,
        "attitude_suggestions": attitude_pending,
    }


def recompute_strength(
    account: Account, *, now: dt.datetime, settings: EngagementSettings | None = None
) -> int:
    """Score every pair of the account from its touches and replace its strength rows, in
    the database: one DELETE and one INSERT … SELECT (:func:`strength_sql`). Returns the
    number of pairs. This is the part ``bench/strength.py`` times; suggestions come after
    it in :func:`recompute`."""
    settings = settings or engagement_settings()
    _ensure_exp()
    sql, params = strength_sql(
        account.pk,
        now=now.timestamp(),
        half_life=float(settings.strength_half_life_days),
        window=float(settings.strength_window_days),
    )
    table = RelationshipStrength._meta.db_table
    computed_at = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The default work_mem (4 MB) makes a big hash aggregate spill to disk.
            cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(f"DELETE FROM {table} WHERE account_id = %s", [account.pk])  # noqa: S608
        cursor.execute(sql, [*params, computed_at])
        return int(cursor.rowcount)


def shared_meeting_counts(
    account_id: int, *, start: dt.datetime, end: dt.datetime
) -> dict[tuple[int, int], int]:
    """Pairs ``(a, b)``, ``a < b``, of their people and how many meeting-like interactions
    in the window both attended, kept from
    :data:`relmap.analytics.strength.MIN_SHARED_MEETINGS` on, in one query."""
    participant = Participant._meta.db_table
    interaction = Interaction._meta.db_table
    stakeholder = Stakeholder._meta.db_table
    kinds = ", ".join(f"'{k}'" for k in sorted(formula.MEETING_KINDS))
    adapt = connection.ops.adapt_datetimefield_value
    sql = (
        f"SELECT a.stakeholder_id, b.stakeholder_id, COUNT(*) FROM {participant} a "  # noqa: S608
        f"JOIN {participant} b ON b.interaction_id = a.interaction_id "
        "AND b.stakeholder_id > a.stakeholder_id "
        f"JOIN {interaction} i ON i.id = a.interaction_id "
        f"JOIN {stakeholder} sa ON sa.id = a.stakeholder_id "
        f"JOIN {stakeholder} sb ON sb.id = b.stakeholder_id "
        f"WHERE a.account_id = %s AND i.kind IN ({kinds}) "
        "AND i.occurred_at >= %s AND i.occurred_at <= %s "
        f"AND sa.side <> '{Side.INTERNAL.value}' AND sb.side <> '{Side.INTERNAL.value}' "
        "GROUP BY a.stakeholder_id, b.stakeholder_id HAVING COUNT(*) >= %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [account_id, adapt(start), adapt(end), formula.MIN_SHARED_MEETINGS])
        return {(a, b): n for a, b, n in cursor.fetchall()}


def _ensure_exp() -> None:
    """SQLite has ``exp()`` only when built with its math functions; add it otherwise."""
    if connection.vendor != "sqlite":
        return
    connection.ensure_connection()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT exp(0)")
    except OperationalError:  # "no such function: exp"
        raw: Any = connection.connection
        raw.create_function("exp", 1, math.exp, deterministic=True)


Spec = list[tuple[str, "str | Spec"]]


def _json_sql(spec: Spec, pg: bool) -> str:
    """A JSON object from SQL expressions: SQLite's ``json_object``; on PostgreSQL text
    put together and cast once to jsonb (``json_build_object`` per row costs three times
    the aggregation)."""
    if not pg:
        inner = ", ".join(
            f"'{key}', {_json_sql(value, pg) if isinstance(value, list) else value}"
            for key, value in spec
        )
        return f"json_object({inner})"

    def text(part: Spec) -> str:
        pieces = []
        for n, (key, value) in enumerate(part):
            lead = "{" if n == 0 else ","
            if isinstance(value, list):
                pieces.append(f"'{lead}\"{key}\":' || {text(value)}")
            else:
                pieces.append(f"'{lead}\"{key}\":' || COALESCE(({value})::text, 'null')")
        return "(" + " || ".join(pieces) + " || '}')"

    return f"({text(spec)})::jsonb"


def strength_sql(
    account_id: int, *, now: float, half_life: float, window: float
) -> tuple[str, list[Any]]:
    """The INSERT … SELECT that scores every pair of an account (the computed-at time is
    the last parameter, added by the caller).

    1. ``d``: one indexed GROUP BY over the account's touches in the window, per (ours,
       theirs, direction): the decayed weighted sum ``Σ w b 2^(-age / half-life)`` —
       ``exp(k (at - now))`` with ``k = ln 2 / half-life`` — the undecayed one, the count,
       the last time;
    2. ``pair``: the directions side by side, one row per pair;
    3. the score of :func:`relmap.analytics.strength.score_pair` — ``R = two-way +
       (ONE_WAY + (1 - ONE_WAY) r)(out + in) + COPIED copied``, ``100 (1 - exp(-R /
       SCALE))`` — with the compact components (frequency, recency, reciprocity) as JSON;
       the pair page adds the split by kind and breadth (:func:`pair_components`).

    Summing per direction instead of per kind and direction gives the same total: only
    the message factor reads directions, and across kinds. A test holds the SQL and the
    Python reference together.
    """
    pg = connection.vendor == "postgresql"
    f8 = "::float8" if pg else ""
    least, greatest = ("LEAST", "GREATEST") if pg else ("MIN", "MAX")

    def rnd(expr: str, digits: int) -> str:
        # PostgreSQL's ROUND(x, digits) exists only for numeric, and converting 22,500
        # rows' worth of doubles to numeric costs more than the whole aggregation.
        scale = 10**digits
        return f"(ROUND(({expr}) * {scale}) / {scale})" if pg else f"ROUND({expr}, {digits})"

    def score(raw: str) -> str:
        return f"(100.0 * (1.0 - EXP(-({raw}) / {formula.SCALE!r})))"

    def ratio(out: str, inn: str) -> str:
        share = f"2.0 * {least}({out}, {inn}) / ({out} + {inn})"
        return f"CASE WHEN {out} + {inn} > 0 THEN {share} ELSE 0.0 END"

    def raw(tw: str, out: str, inn: str, co: str, r: str) -> str:
        one_way, copied = formula.ONE_WAY, formula.COPIED
        return (
            f"({tw} + ({one_way!r} + {1 - one_way!r} * {r}) * ({out} + {inn}) + {copied!r} * {co})"
        )

    last = "to_timestamp(last)" if pg else "strftime('%%Y-%%m-%%d %%H:%%M:%%f', last, 'unixepoch')"
    spec: Spec = [
        ("raw", rnd("rw", 4)),
        ("scale", repr(formula.SCALE)),
        ("half_life_days", repr(half_life)),
        ("frequency", [("interactions", "n"), ("raw_without_decay", rnd("rwu", 4))]),
        (
            "recency",
            [
                ("last_days_ago", rnd(f"{greatest}(0.0, %s{f8} - last) / 86400.0", 1)),
                ("kept", f"CASE WHEN rwu > 0 THEN {rnd('rw / rwu', 4)} ELSE 0.0 END"),
                ("points_lost", rnd(f"{score('rwu')} - {score('rw')}", 2)),
            ],
        ),
        (
            "reciprocity",
            [
                ("from_us", rnd("o", 4)),
                ("from_them", rnd("i", 4)),
                ("copied", rnd("c", 4)),
                ("ratio", f"CASE WHEN o + i + c > 0 THEN {rnd('r', 4)} END"),
                ("points_lost", rnd(f"{score('bal')} - {score('rw')}", 2)),
            ],
        ),
    ]
    components = _json_sql(spec, pg)
    k = math.log(2.0) / (half_life * formula.SECONDS_PER_DAY)
    start = now - window * formula.SECONDS_PER_DAY
    sides = ", ".join(
        f"SUM(CASE WHEN dir = {n} THEN {col} ELSE 0.0 END) AS {name}"
        for col, names in (("s", ("tw", "o", "i", "c")), ("u", ("twu", "ou", "iu", "cu")))
        for n, name in enumerate(names)
    )
    sql = f"""
        INSERT INTO {RelationshipStrength._meta.db_table} (account_id, our_person_id,
            their_person_id, score, interactions, last_interaction_at, components, computed_at)
        WITH d AS (
            SELECT our_person_id AS p, their_person_id AS q, direction AS dir,
                   SUM(weighted * EXP(%s{f8} * (at - %s{f8}))) AS s, SUM(weighted) AS u,
                   COUNT(*) AS n, MAX(at) AS last
            FROM {Touch._meta.db_table}
            WHERE account_id = %s AND at >= %s{f8} AND at <= %s{f8}
            GROUP BY our_person_id, their_person_id, direction
        ), pair AS (
            SELECT p, q, {sides}, SUM(n) AS n, MAX(last) AS last FROM d GROUP BY p, q
        ), r AS (
            SELECT pair.*, {ratio("o", "i")} AS r, {ratio("ou", "iu")} AS ru FROM pair
        ), scored AS (
            SELECT r.*, {raw("tw", "o", "i", "c", "r")} AS rw,
                   {raw("twu", "ou", "iu", "cu", "ru")} AS rwu,
                   (tw + o + i + {formula.COPIED!r} * c) AS bal
            FROM r
        )
        SELECT %s, p, q, {rnd(score("rw"), 2)}, n, {last}, {components}, %s FROM scored
    """  # noqa: S608 - table names and constants only; values are parameters
    return sql, [k, now, account_id, start, now, account_id, now]


def pair_components(
    account: Account, our_id: int, their_id: int, *, now: dt.datetime | None = None
) -> formula.PairStrength | None:
    """One pair's score with every component, split by kind and with breadth, from its
    touches (:func:`relmap.analytics.strength.score_pair`, the reference formula)."""
    settings = engagement_settings()
    moment = (now or timezone.now()).timestamp()
    half_life = float(settings.strength_half_life_days)
    start = moment - settings.strength_window_days * formula.SECONDS_PER_DAY
    rows = Touch.objects.filter(
        account_id=account.pk,
        our_person_id=our_id,
        their_person_id=their_id,
        at__gte=start,
        at__lte=moment,
    ).values_list("kind", "direction", "weighted", "at")
    sums = formula.PairSums(our_id, their_id)
    for kind, direction, weighted, at in rows:
        b = weighted / formula.kind_weight(kind)
        d = formula.decay((moment - at) / formula.SECONDS_PER_DAY, half_life)
        sums.add(kind, DIRECTIONS[direction], bd=b * d, b=b, d=d, count=1, last=at)
    if not sums.buckets:
        return None
    return formula.score_pair(sums, now=moment, half_life_days=half_life)


# Reads ---------------------------------------------------------------------------------


def strengths_of(account: Account) -> QuerySet[RelationshipStrength]:
    """The account's computed pairs, strongest first."""
    return RelationshipStrength.objects.filter(account_id=account.pk).order_by(
        "-score", "our_person_id", "their_person_id"
    )


def get_pair(account: Account, our_id: int, their_id: int) -> RelationshipStrength | None:
    return (
        RelationshipStrength.objects.filter(
            account_id=account.pk, our_person_id=our_id, their_person_id=their_id
        )
        .select_related("our_person", "their_person")
        .first()
    )


@dataclass
class Cell:
    """One (ours, theirs) cell of the coverage matrix."""

    our_id: int
    their_id: int
    score: float | None
    rating: int | None
    interactions: int
    manual: int | None
    depth: str
    flag: formula.Disagreement | None


@dataclass
class Matrix:
    """The coverage matrix of an account: our team x their stakeholders."""

    ours: list[Stakeholder]
    theirs: list[Stakeholder]
    cells: dict[tuple[int, int], Cell]
    diamond_manual: Any
    diamond_computed: Any
    warm: dict[int, Any]
    computed_at: dt.datetime | None

    def row(self, our_id: int) -> list[Cell | None]:
        return [self.cells.get((our_id, p.pk)) for p in self.theirs]

    @property
    def disagreements(self) -> list[Cell]:
        return [c for c in self.cells.values() if c.flag is not None]


def coverage_matrix(account: Account) -> Matrix:
    """Our team x their stakeholders, manual coverage and computed strength side by side,
    disagreements flagged (:func:`relmap.analytics.strength.disagreement`), the diamond
    index with and without computed strength and warm paths using it. Four queries
    (the map's three and the strength rows), whatever the size."""
    from relmap.analytics import diamond, warm_paths
    from relmap.analytics.types import StrengthLink
    from relmap.stakeholders import selectors

    data = selectors.load_map(account)
    rows = list(
        strengths_of(account).values_list(
            "our_person_id", "their_person_id", "score", "interactions", "computed_at"
        )
    )
    current = [p for p in data.stakeholders if p.status != "left"]
    ours = [p for p in current if p.side == Side.INTERNAL]
    theirs = [p for p in current if p.side != Side.INTERNAL]
    cells: dict[tuple[int, int], Cell] = {}
    for our_id, their_id, score, count, _ in rows:
        cells[(our_id, their_id)] = Cell(
            our_id, their_id, score, formula.to_rating(score), count, None, "", None
        )
    for link in data.coverage:
        key = (link.our_person_id, link.their_person_id)
        cell = cells.get(key) or Cell(key[0], key[1], None, None, 0, None, "", None)
        if cell.manual is None or link.strength > cell.manual:
            cell.manual = link.strength
            cell.depth = link.get_current_depth_display()
        cells[key] = cell
    for cell in cells.values():
        cell.flag = formula.disagreement(cell.manual, cell.score)
    base = selectors.to_account_map(data)
    with_computed = dataclasses_replace(
        base, strengths=tuple(StrengthLink(o, t, s) for o, t, s, _, _ in rows)
    )
    return Matrix(
        ours=ours,
        theirs=theirs,
        cells=cells,
        diamond_manual=diamond(base),
        diamond_computed=diamond(with_computed),
        warm=warm_paths(with_computed, [p.pk for p in theirs]),
        computed_at=max((r[4] for r in rows), default=None),
    )


def dataclasses_replace(obj: Any, **changes: Any) -> Any:
    import dataclasses

    return dataclasses.replace(obj, **changes)
