"""The dossier state machine: one table says which action moves a dossier from which
statuses to which status, and which roles may take it. Services and pages read it; nothing
else decides what is allowed."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from dossiers.models import Status


class Action(models.TextChoices):
    RECEIVE = "receive", _("Tiếp nhận")
    ASSIGN = "assign", _("Phân công xử lý")
    SUBMIT_FOR_APPROVAL = "submit_for_approval", _("Trình phê duyệt")
    SEND_BACK = "send_back", _("Trả lại chuyên viên")
    APPROVE = "approve", _("Phê duyệt, có kết quả")
    REQUEST_SUPPLEMENT = "request_supplement", _("Yêu cầu bổ sung hồ sơ")
    RESUBMIT = "resubmit", _("Nhận hồ sơ bổ sung")
    REFUSE = "refuse", _("Từ chối giải quyết")
    WITHDRAW = "withdraw", _("Rút hồ sơ")
    TRANSFER = "transfer", _("Chuyển liên thông")
    RECEIVE_BACK = "receive_back", _("Nhận lại từ liên thông")
    APOLOGISE = "apologise", _("Xin lỗi, hẹn lại ngày trả")
    RETURN_RESULT = "return_result", _("Trả kết quả")
    IMPORT = "import", _("Nhập từ hệ thống cũ")


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
}


def allowed_actions(status: Status, roles: set[Role]) -> list[Action]:
    """The actions a holder of `roles` may take on a dossier in `status`, in table order."""
    return [
        action
        for action, transition in TRANSITIONS.items()
        if status in transition.sources and roles & transition.roles
    ]
