"""The dossier state machine: one table says which action moves a dossier from which
statuses to which status, and which roles may take it. Services and pages read it; nothing
else decides what is allowed."""

from dataclasses import dataclass

from accounts.models import Role
from dossiers.models import Action, Status


@dataclass(frozen=True)
class Transition:
    sources: frozenset[Status]
    target: Status | None  # None: the status stays as it is (e.g. an apology)
    roles: frozenset[Role]


S = Status
R = Role
OPEN = frozenset(
    {S.RECEIVED, S.IN_PROGRESS, S.AWAITING_APPROVAL, S.AWAITING_SUPPLEMENT, S.TRANSFERRED}
)
# Statuses in which the clock runs and the dossier can still be late.
RUNNING = frozenset({S.RECEIVED, S.IN_PROGRESS, S.AWAITING_APPROVAL, S.TRANSFERRED})

OFFICERS = frozenset({R.RECEPTION, R.SPECIALIST, R.APPROVER, R.UNIT_ADMIN})

TRANSITIONS: dict[Action, Transition] = {
    Action.RECEIVE: Transition(frozenset(), S.RECEIVED, frozenset({R.RECEPTION})),
    Action.ASSIGN: Transition(
        frozenset({S.RECEIVED, S.IN_PROGRESS}),
        S.IN_PROGRESS,
        frozenset({R.RECEPTION, R.APPROVER}),
    ),
    Action.SUBMIT_FOR_APPROVAL: Transition(
        frozenset({S.IN_PROGRESS}), S.AWAITING_APPROVAL, frozenset({R.SPECIALIST})
    ),
    Action.SEND_BACK: Transition(
        frozenset({S.AWAITING_APPROVAL}), S.IN_PROGRESS, frozenset({R.APPROVER})
    ),
    Action.APPROVE: Transition(
        frozenset({S.AWAITING_APPROVAL}), S.RESULT_READY, frozenset({R.APPROVER})
    ),
    Action.REQUEST_SUPPLEMENT: Transition(
        frozenset({S.RECEIVED, S.IN_PROGRESS}),
        S.AWAITING_SUPPLEMENT,
        frozenset({R.RECEPTION, R.SPECIALIST}),
    ),
    Action.RESUBMIT: Transition(
        frozenset({S.AWAITING_SUPPLEMENT}), S.IN_PROGRESS, frozenset({R.RECEPTION})
    ),
    Action.REFUSE: Transition(
        frozenset({S.RECEIVED, S.IN_PROGRESS, S.AWAITING_APPROVAL}),
        S.REFUSED,
        frozenset({R.SPECIALIST, R.APPROVER}),
    ),
    Action.WITHDRAW: Transition(OPEN, S.WITHDRAWN, frozenset({R.RECEPTION})),
    Action.TRANSFER: Transition(
        frozenset({S.IN_PROGRESS}), S.TRANSFERRED, frozenset({R.SPECIALIST, R.APPROVER})
    ),
    Action.RECEIVE_BACK: Transition(
        frozenset({S.TRANSFERRED}),
        S.IN_PROGRESS,
        frozenset({R.RECEPTION, R.SPECIALIST, R.APPROVER}),
    ),
    Action.APOLOGISE: Transition(RUNNING, None, frozenset({R.APPROVER})),
    Action.RETURN_RESULT: Transition(
        frozenset({S.RESULT_READY}), S.RETURNED, frozenset({R.RECEPTION})
    ),
    # Not moves: a note or a scan is recorded in the history like any other step.
    Action.NOTE: Transition(frozenset(S), None, OFFICERS),
    Action.ATTACH: Transition(frozenset(S), None, OFFICERS),
}


def allowed_actions(status: Status, roles: set[Role]) -> list[Action]:
    """The actions a holder of `roles` may take on a dossier in `status`, in table order."""
    return [
        action
        for action, transition in TRANSITIONS.items()
        if status in transition.sources and roles & transition.roles
    ]
