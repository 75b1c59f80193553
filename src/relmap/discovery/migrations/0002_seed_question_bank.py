"""Seed the SPIN question bank (Rackham, 1988) with examples written for relmap.

Few situation questions (research answers most of them); most of the bank is problem,
implication and need-payoff questions, each with follow-ups that go one layer deeper:
a problem, then what it costs (implication), then what solving it would be worth
(need-payoff), where the buyer states the need in their own words.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

SIT, PRB, IMP, NPO = "situation", "problem", "implication", "need_payoff"

# (category, text, purpose, follow-ups)
BANK: list[tuple[str, str, str, list[Any]]] = [
    (
        SIT,
        "Walk me through how this works today, from the first request to the result.",
        "Confirms what research could not tell you. Keep situation questions few.",
        [
            (
                PRB,
                "Which step of that takes longest, or goes wrong most often?",
                "Turns the description into a difficulty.",
                [
                    (
                        IMP,
                        "When that step goes wrong, what happens next, and who has to deal "
                        "with it?",
                        "Follows the problem downstream to the people it reaches.",
                        [],
                    )
                ],
            )
        ],
    ),
    (
        SIT,
        "Which teams, systems and suppliers are involved in this today?",
        "Maps who touches the process; check the answer against the relationship map.",
        [
            (
                PRB,
                "Where do those teams or systems not fit together well?",
                "Hand-offs are where hidden problems sit.",
                [],
            )
        ],
    ),
    (
        SIT,
        "What has changed in your business over the last year that affects this area?",
        "Opens a conversation about change without asking for facts research has.",
        [
            (
                PRB,
                "What has that change made harder for you and your team?",
                "Links the change to a difficulty they feel.",
                [],
            )
        ],
    ),
    (
        PRB,
        "What is the hardest part of reaching your targets this year?",
        "A broad opener: lets them name the difficulty that matters most to them.",
        [
            (
                IMP,
                "If that stays as it is, what does it mean for the result at year end?",
                "Builds urgency: the cost of doing nothing.",
                [
                    (
                        NPO,
                        "If that obstacle were gone, what would it be worth to you?",
                        "Lets them put a value on solving it, in their own words.",
                        [],
                    )
                ],
            )
        ],
    ),
    (
        PRB,
        "Where are you least satisfied with the way this is done today?",
        "Invites dissatisfaction: the raw material of implied needs.",
        [
            (
                IMP,
                "How often does that happen, and what does it cost each time: money, time "
                "or customers?",
                "Sizes the problem so that it can be compared with the cost of a solution.",
                [
                    (
                        NPO,
                        "What would change for your team if it no longer happened?",
                        "Moves from pain to the benefit they want.",
                        [],
                    )
                ],
            )
        ],
    ),
    (
        PRB,
        "What do your own customers complain about most?",
        "Their customers' problems are often the latent needs behind their own.",
        [
            (
                IMP,
                "How do those complaints affect renewals or new business?",
                "Connects the complaint to revenue.",
                [
                    (
                        NPO,
                        "How useful would it be to halve those complaints?",
                        "A concrete target the buyer can agree to or correct.",
                        [],
                    )
                ],
            )
        ],
    ),
    (
        PRB,
        "What workarounds does your team rely on to keep things running?",
        "Workarounds reveal problems people have stopped mentioning.",
        [
            (
                IMP,
                "How much time do those workarounds take each week, and what else could "
                "be done with it?",
                "Turns a habit into a measurable cost.",
                [
                    (
                        NPO,
                        "Who else would benefit if the workarounds were no longer needed?",
                        "Widens the value to other stakeholders, who may become sponsors.",
                        [],
                    )
                ],
            )
        ],
    ),
    (
        IMP,
        "How does this problem affect other departments, such as finance or operations?",
        "Shows the problem is bigger than the person in front of you.",
        [
            (
                NPO,
                "Who in those departments would most want it solved, and why?",
                "Finds further stakeholders and their motives.",
                [],
            )
        ],
    ),
    (
        IMP,
        "What happens to your plans if this is not resolved by the deadline?",
        "Ties the problem to a date and a consequence.",
        [
            (
                NPO,
                "What would meeting the deadline with room to spare mean for you?",
                "Lets them state the personal as well as the business win.",
                [],
            )
        ],
    ),
    (
        IMP,
        "Has this problem ever cost you a customer or an opportunity? What happened?",
        "A real story makes the implication concrete and memorable.",
        [],
    ),
    (
        IMP,
        "What risks does this create for compliance, safety or reputation?",
        "Some implications are not about money: ask about risk too.",
        [
            (
                NPO,
                "How would it help to show your board that this risk is under control?",
                "Links the solution to what their leadership cares about.",
                [],
            )
        ],
    ),
    (
        NPO,
        "If we solved this together, how would you measure success?",
        "The buyer states the need explicitly, with a metric the plan's objective can use.",
        [
            (
                NPO,
                "Who else would need to see that result to support the change?",
                "Finds the decision makers the proposal must convince.",
                [],
            )
        ],
    ),
    (
        NPO,
        "What would it mean for your team if this took half the time it takes now?",
        "Invites them to describe the benefit rather than hear it from us.",
        [],
    ),
    (
        NPO,
        "Why does solving this matter now rather than next year?",
        "Tests urgency: a need without urgency rarely becomes a decision.",
        [
            (
                IMP,
                "And if it slipped to next year, what would that cost?",
                "Back to the implication when the urgency is unclear.",
                [],
            )
        ],
    ),
    (
        NPO,
        "Which part of solving this would be most valuable to you?",
        "Ranks the needs, so the proposal leads with what matters most.",
        [
            (
                NPO,
                "What would that let you do that you cannot do today?",
                "Goes one layer deeper to the outcome behind the benefit.",
                [],
            )
        ],
    ),
]


def seed(apps: Any, schema_editor: Any) -> None:
    Question = apps.get_model("discovery", "Question")
    position = 0

    def add(entry: tuple[str, str, str, list[Any]], parent: Any) -> None:
        nonlocal position
        category, text, purpose, follow_ups = entry
        position += 1
        question = Question.objects.create(
            category=category,
            text=text,
            purpose=purpose,
            parent=parent,
            position=position,
            active=True,
            seeded=True,
        )
        for follow_up in follow_ups:
            add(follow_up, question)

    for entry in BANK:
        add(entry, None)


def unseed(apps: Any, schema_editor: Any) -> None:
    Question = apps.get_model("discovery", "Question")
    Question.objects.filter(parent__seeded=True, seeded=False).update(parent=None)
    Question.objects.filter(seeded=True).update(parent=None)
    Question.objects.filter(seeded=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("discovery", "0001_discovery_models"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
