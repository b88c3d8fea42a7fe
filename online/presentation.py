"""What citizens are told about their submissions and dossiers, in plain words."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dossiers.models import Action, Dossier, Status
from online.models import SubmissionStatus as S

SUBMISSION_PLAIN: dict[str, Promise] = {
    S.DRAFT: _(
        "Hồ sơ chưa được gửi. Tải lên đủ giấy tờ rồi bấm «Nộp hồ sơ»; bạn có thể lưu và quay "
        "lại sau."
    ),
    S.SUBMITTED: _("Hồ sơ đã được gửi tới bộ phận một cửa và đang chờ cán bộ kiểm tra, tiếp nhận."),
    S.SUPPLEMENT_REQUESTED: _(
        "Cán bộ đề nghị bạn bổ sung, hoàn thiện hồ sơ (một lần, đầy đủ). Xem nội dung bên "
        "dưới, tải lên bản mới rồi bấm «Nộp lại hồ sơ»."
    ),
    S.ACCEPTED: _("Hồ sơ đã được tiếp nhận; theo dõi tiến độ ở mục «Hồ sơ đã tiếp nhận»."),
    S.REFUSED: _("Cơ quan từ chối tiếp nhận hồ sơ này; lý do ở bên dưới."),
    S.WITHDRAWN: _("Bạn đã rút hồ sơ này; hồ sơ không được xử lý."),
}

DOSSIER_PLAIN: dict[str, Promise] = {
    Status.RECEIVED: _("Cơ quan đã tiếp nhận hồ sơ và sẽ xử lý trước hạn trả kết quả."),
    Status.IN_PROGRESS: _("Hồ sơ đang được cán bộ xử lý."),
    Status.AWAITING_APPROVAL: _("Hồ sơ đã xử lý xong, đang chờ lãnh đạo ký duyệt."),
    Status.AWAITING_SUPPLEMENT: _(
        "Cơ quan cần bạn bổ sung giấy tờ. Thời hạn giải quyết tạm dừng và được tính lại từ "
        "đầu khi cơ quan nhận đủ giấy tờ bổ sung."
    ),
    Status.TRANSFERRED: _("Hồ sơ đang được chuyển tới cơ quan khác phối hợp giải quyết."),
    Status.RESULT_READY: _("Đã có kết quả. Bạn có thể nhận kết quả tại bộ phận một cửa."),
    Status.RETURNED: _("Đã trả kết quả."),
    Status.REFUSED: _("Cơ quan từ chối giải quyết hồ sơ; lý do ở bên dưới."),
    Status.WITHDRAWN: _("Hồ sơ đã được rút theo yêu cầu của bạn."),
}

# A result ready and also published to the citizen's account (online.received.result_publish):
# on the dossier's page, where the files are listed, and in the list of dossiers.
RESULT_PUBLISHED = _(
    "Đã có kết quả: bạn tải về ở mục «Kết quả trả trực tuyến» bên dưới. Bản giấy (nếu cần) "
    "nhận tại bộ phận một cửa."
)
RESULT_PUBLISHED_LISTED = _(
    "Đã có kết quả: bạn tải về ở trang của hồ sơ. Bản giấy (nếu cần) nhận tại bộ phận một cửa."
)


def dossier_plain(dossier: Dossier, *, listed: bool = False) -> Promise:
    """What the citizen is told of a received dossier (of online.selectors: `published`),
    on its page or, `listed`, in the list of their dossiers."""
    if dossier.status == Status.RESULT_READY and getattr(dossier, "published", False):
        return RESULT_PUBLISHED_LISTED if listed else RESULT_PUBLISHED
    return DOSSIER_PLAIN[dossier.status]


# The steps of a received dossier a citizen is shown (no internal notes, no staff names).
CITIZEN_STEPS = frozenset(
    {
        Action.RECEIVE,
        Action.REQUEST_SUPPLEMENT,
        Action.RESUBMIT,
        Action.TRANSFER,
        Action.RECEIVE_BACK,
        Action.APOLOGISE,
        Action.APPROVE,
        Action.REFUSE,
        Action.WITHDRAW,
        Action.RETURN_RESULT,
    }
)


def citizen_timeline(dossier: Dossier) -> list:
    return list(dossier.events.filter(action__in=CITIZEN_STEPS).order_by("at", "pk"))
