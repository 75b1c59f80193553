"""Shared fixtures: the personas every access test uses, and a guard that makes a
PostgreSQL run fail loudly when the server is not there."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

# Playwright runs an event loop in the test thread; Django refuses sync ORM calls there
# unless told that the tests know what they are doing.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct-horse-battery"


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # Real hashing costs ~0.3 s per login; tests log in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        try:
            with psycopg.connect(url, connect_timeout=5) as conn:
                conn.execute("select 1")
        except psycopg.Error as exc:
            pytest.exit(
                f"PostgreSQL was asked for (DATABASE_URL={url}) but is unreachable: {exc}",
                returncode=3,
            )


@pytest.fixture
def make_user(django_user_model: Any) -> Callable[..., Any]:
    def make(username: str, **extra: Any) -> Any:
        return django_user_model.objects.create_user(
            username=username, password=PASSWORD, email=f"{username}@example.com", **extra
        )

    return make


@pytest.fixture
def owner(make_user: Callable[..., Any]) -> Any:
    """The key account manager who owns ``account``."""
    return make_user("olivia")


@pytest.fixture
def member(make_user: Callable[..., Any]) -> Any:
    """A colleague on ``account``'s team."""
    return make_user("mateo")


@pytest.fixture
def outsider(make_user: Callable[..., Any]) -> Any:
    """A logged-in user on another team: must see nothing of ``account``."""
    return make_user("oscar")


@pytest.fixture
def superuser(django_user_model: Any) -> Any:
    return django_user_model.objects.create_superuser(
        username="root", password=PASSWORD, email="root@example.com"
    )


@pytest.fixture
def account(owner: Any, member: Any) -> Any:
    from relmap.accounts.services import account_create, membership_set

    acc = account_create(actor=owner, name="Northwind Health", owner=owner)
    membership_set(actor=owner, account=acc, user=member, role="sales")
    return acc


@pytest.fixture
def other_account(outsider: Any) -> Any:
    from relmap.accounts.services import account_create

    return account_create(actor=outsider, name="Globex Rail", owner=outsider)


@pytest.fixture
def person(owner: Any) -> Callable[..., Any]:
    """Create a stakeholder through the service: ``person(account, "Ann", power=5)``."""
    from relmap.stakeholders.services import stakeholder_create

    def make(acc: Any, name: str, **data: Any) -> Any:
        return stakeholder_create(actor=owner, account=acc, name=name, **data)

    return make


def find_dataset(name: str) -> Path | None:
    """A folder of the shared real-network data sets (Krackhardt, Lazega…), or None.

    Looked for in ``$RELMAP_DATASETS``, next to the checkout (``../shared/data``) and in
    ``/work/shared/data``.
    """
    here = Path(__file__).resolve().parents[1]
    roots = [here.parent / "shared" / "data", Path("/work/shared/data")]
    if os.environ.get("RELMAP_DATASETS"):
        roots.insert(0, Path(os.environ["RELMAP_DATASETS"]))
    for root in roots:
        if (root / name).is_dir():
            return root / name
    return None


@pytest.fixture(scope="session")
def krackhardt() -> Path:
    """Krackhardt's (1987) high-tech managers data set."""
    found = find_dataset("krackhardt_hightech")
    if found is None:
        pytest.fail(
            "Krackhardt data set not found: the real-data tests need ../shared/data next to "
            "the checkout (or RELMAP_DATASETS pointing at it); they do not skip.",
            pytrace=False,
        )
    return found
