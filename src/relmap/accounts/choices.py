from __future__ import annotations

from django.db import models


class AccountKind(models.TextChoices):
    CUSTOMER = "customer", "Customer"
    SUPPLIER = "supplier", "Supplier"
    PARTNER = "partner", "Partner"


class TeamRole(models.TextChoices):
    """Roles on an account team (who from our side works the account)."""

    KEY_ACCOUNT_MANAGER = "key_account_manager", "Key account manager"
    EXECUTIVE_SPONSOR = "executive_sponsor", "Executive sponsor"
    SALES = "sales", "Sales"
    SOLUTION_SPECIALIST = "solution_specialist", "Solution specialist"
    DELIVERY = "delivery", "Delivery"
    SERVICE = "service", "Customer service"
    PRODUCT = "product", "Product"
    FINANCE = "finance", "Finance"
    LEGAL = "legal", "Legal"
    VIEWER = "viewer", "Viewer (read only)"


class Axis(models.TextChoices):
    """The two axes of the KAM portfolio matrix (McDonald's directional policy matrix)."""

    ATTRACTIVENESS = "attractiveness", "Account attractiveness"
    STRENGTH = "strength", "Our relative strength"


class Quadrant(models.TextChoices):
    """Quadrants of the KAM portfolio matrix; a tier is named after its quadrant."""

    STRATEGIC = "strategic", "Strategic"
    STAR = "star", "Star"
    STATUS = "status", "Status"
    STREAMLINE = "streamline", "Streamline"


class LifecycleStage(models.TextChoices):
    """Relationship lifecycle (Dwyer, Schurr & Oh, 1987), the seeds' list."""

    IDENTIFICATION = "identification", "Identification"
    EXPLORATION = "exploration", "Exploration"
    EXPANSION = "expansion", "Expansion"
    COMMITMENT = "commitment", "Commitment"
    DISSOLUTION = "dissolution", "Dissolution"
