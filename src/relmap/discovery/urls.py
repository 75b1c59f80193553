"""The discovery pages, mounted under ``accounts/<account_pk>/discovery/``.

The question bank is site-wide; its pages sit under an account the user can see, so that
they keep the account's navigation (``questions/``).
"""

from __future__ import annotations

from django.urls import path

from relmap.discovery import views

app_name = "discovery"

urlpatterns = [
    path("", views.home, name="home"),
    path("notes/new/", views.note_create, name="note_create"),
    path("notes/<int:pk>/delete/", views.note_delete, name="note_delete"),
    path("initiatives/new/", views.initiative_create, name="initiative_create"),
    path("initiatives/<int:pk>/stage/", views.initiative_move, name="initiative_move"),
    path("initiatives/<int:pk>/delete/", views.initiative_delete, name="initiative_delete"),
    path("needs/new/", views.need_create, name="need_create"),
    path("proposals/new/", views.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/needs/", views.proposal_needs, name="proposal_needs"),
    path("proposals/<int:pk>/delete/", views.proposal_delete, name="proposal_delete"),
    path("sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/", views.session_page, name="session"),
    path("sessions/<int:pk>/delete/", views.session_delete, name="session_delete"),
    path("sessions/<int:pk>/ask/", views.session_ask, name="session_ask"),
    path("sessions/<int:pk>/asked/<int:asked_pk>/answer/", views.asked_answer, name="asked_answer"),
    path("sessions/<int:pk>/asked/<int:asked_pk>/delete/", views.asked_delete, name="asked_delete"),
    path("sessions/<int:pk>/asked/<int:asked_pk>/need/", views.asked_capture, name="asked_capture"),
    path("questions/", views.question_bank, name="questions"),
    path("questions/new/", views.question_create, name="question_create"),
    path("questions/<int:pk>/", views.question_edit, name="question_edit"),
    path("questions/<int:pk>/active/", views.question_active, name="question_active"),
    path("questions/<int:pk>/delete/", views.question_delete, name="question_delete"),
]
