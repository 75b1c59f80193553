"""Vocabularies of engagement (DESIGN.md: interaction, engagement plan)."""

from __future__ import annotations

from django.db import models


class InteractionKind(models.TextChoices):
    """What kind of touchpoint it was. The order is the default weight order for
    relationship strength: face to face counts most (docs/algorithms/strength.md)."""

    MEETING = "meeting", "Meeting"
    BUSINESS_REVIEW = "business_review", "Business review"
    SITE_VISIT = "site_visit", "Site visit"
    EVENT = "event", "Event"
    CALL = "call", "Call"
    EMAIL = "email", "E-mail"
    MESSAGE = "message", "Message"
    OTHER = "other", "Other"


class Channel(models.TextChoices):
    """How people meet or talk; a plan names the channels it prefers."""

    IN_PERSON = "in_person", "In person"
    VIDEO = "video", "Video call"
    PHONE = "phone", "Phone"
    EMAIL = "email", "E-mail"
    MESSAGING = "messaging", "Messaging"
    EVENT = "event", "Event or conference"
    SOCIAL = "social", "Social / hospitality"


class Source(models.TextChoices):
    """Where an interaction came from."""

    MANUAL = "manual", "Logged by hand"
    ICS = "ics", "Calendar (.ics)"
    MAIL = "mail", "Mail (mbox / .eml)"
    CSV = "csv", "CSV activity export"


class ParticipantRole(models.TextChoices):
    """A participant's part in an interaction. ``organizer`` and ``sender`` started it
    (reciprocity reads them); the rest took part or received it."""

    ORGANIZER = "organizer", "Organiser"
    ATTENDEE = "attendee", "Attendee"
    OPTIONAL = "optional", "Optional attendee"
    SENDER = "sender", "Sender"
    TO = "to", "To"
    CC = "cc", "Cc"
    BCC = "bcc", "Bcc"


INITIATOR_ROLES = frozenset({ParticipantRole.ORGANIZER, ParticipantRole.SENDER})


class OutcomeQuality(models.IntegerChoices):
    POOR = 1, "1 — poor"
    WEAK = 2, "2 — weak"
    FAIR = 3, "3 — fair"
    GOOD = 4, "4 — good"
    EXCELLENT = 5, "5 — excellent"


class AddressStatus(models.TextChoices):
    """The review queue: what became of an e-mail address no one on the map had."""

    PENDING = "pending", "To review"
    MAPPED = "mapped", "Mapped to a person"
    CREATED = "created", "New stakeholder created"
    IGNORED = "ignored", "Ignored"


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", "Suggested"
    ACCEPTED = "accepted", "Accepted"
    DISMISSED = "dismissed", "Dismissed"
