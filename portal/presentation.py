"""How procedures and dossiers are worded for citizens."""

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import ProcedureVersion
from catalog.wording import money
from dossiers.models import Status


def fee_words(version: ProcedureVersion) -> str:
    if version.fee_kind == ProcedureVersion.FeeKind.FREE:
        return _("Miễn phí")
    if version.fee_kind == ProcedureVersion.FeeKind.FIXED and version.fee_amount is not None:
        return money(version.fee_amount)
    return version.fee_schedule or _("Theo biểu phí")


def online_level_words(version: ProcedureVersion) -> str:
    """What the online level means for the citizen (Decree 42/2022; regulations.md §5.2)."""
    level = version.online_level
    if level == ProcedureVersion.OnlineLevel.FULL:
        return _(
            "Dịch vụ công trực tuyến toàn trình: nộp hồ sơ, theo dõi và nhận kết quả trực tuyến "
            "hoặc qua bưu chính."
        )
    if level == ProcedureVersion.OnlineLevel.PARTIAL:
        return _(
            "Dịch vụ công trực tuyến một phần: nộp hồ sơ trực tuyến, một số bước (nộp bản "
            "chính, nhận kết quả) thực hiện tại Bộ phận một cửa."
        )
    return _("Chưa cung cấp trực tuyến: nộp hồ sơ trực tiếp hoặc qua bưu chính.")


# Translated when shown (lazy): one status' words per look-up, not all nine.
STATUS_WORDS: dict[str, Promise] = {
    Status.RECEIVED: gettext_lazy("Đã tiếp nhận"),
    Status.IN_PROGRESS: gettext_lazy("Đang giải quyết"),
    Status.AWAITING_APPROVAL: gettext_lazy("Đang giải quyết"),
    Status.TRANSFERRED: gettext_lazy("Đang giải quyết"),
    Status.AWAITING_SUPPLEMENT: gettext_lazy("Chờ ông/bà bổ sung giấy tờ"),
    Status.RESULT_READY: gettext_lazy("Đã có kết quả, mời ông/bà đến nhận"),
    Status.RETURNED: gettext_lazy("Đã trả kết quả"),
    Status.REFUSED: gettext_lazy("Từ chối giải quyết"),
    Status.WITHDRAWN: gettext_lazy("Đã rút hồ sơ"),
}


RESULT_PUBLISHED_WORDS = gettext_lazy("Đã có kết quả, đã gửi vào tài khoản của người nộp")


def status_words(status: str, *, published_online: bool = False) -> str:
    """The dossier's status as the citizen needs to know it; a ready result also in the
    applicant's online account (portal.lookup.PublicDossier.published_online) is not only
    to be collected."""
    if published_online:
        return str(RESULT_PUBLISHED_WORDS)
    return str(STATUS_WORDS.get(status, status))
