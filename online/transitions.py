"""The state machine of an online submission: one table says which action moves it from
which statuses to which, and who may take it. Services and pages read it."""

from dataclasses import dataclass

from accounts.models import Role
from online.models import SubmissionAction as A
from online.models import SubmissionStatus as S


@dataclass(frozen=True)
class Transition:
    sources: frozenset[S]
    target: S | None  # None: the status stays (an upload, an edit)
    # None: the citizen who owns the submission; otherwise officer roles at its unit.
    roles: frozenset[Role] | None


OWNER = None
EDITABLE = frozenset({S.DRAFT, S.SUPPLEMENT_REQUESTED})
RECEPTION = frozenset({Role.RECEPTION})

TRANSITIONS: dict[A, Transition] = {
    A.CREATE: Transition(frozenset(), S.DRAFT, OWNER),
    A.EDIT: Transition(EDITABLE, None, OWNER),
    A.UPLOAD: Transition(EDITABLE, None, OWNER),
    A.SUBMIT: Transition(frozenset({S.DRAFT}), S.SUBMITTED, OWNER),
    A.RESUBMIT: Transition(frozenset({S.SUPPLEMENT_REQUESTED}), S.SUBMITTED, OWNER),
    A.WITHDRAW: Transition(
        frozenset({S.DRAFT, S.SUBMITTED, S.SUPPLEMENT_REQUESTED}), S.WITHDRAWN, OWNER
    ),
    A.ACCEPT: Transition(frozenset({S.SUBMITTED}), S.ACCEPTED, RECEPTION),
    A.REQUEST_SUPPLEMENT: Transition(frozenset({S.SUBMITTED}), S.SUPPLEMENT_REQUESTED, RECEPTION),
    # Also when the citizen never answers the supplement request.
    A.REFUSE: Transition(frozenset({S.SUBMITTED, S.SUPPLEMENT_REQUESTED}), S.REFUSED, RECEPTION),
}

OFFICER_ACTIONS = (A.ACCEPT, A.REQUEST_SUPPLEMENT, A.REFUSE)


def officer_actions(status: S, roles: set[Role]) -> list[A]:
    """The officer actions a holder of `roles` may take on a submission in `status`."""
    return [
        action
        for action in OFFICER_ACTIONS
        if status in TRANSITIONS[action].sources and roles & (TRANSITIONS[action].roles or set())
    ]


def citizen_may(action: A, status: str) -> bool:
    transition = TRANSITIONS[action]
    return transition.roles is OWNER and status in transition.sources
