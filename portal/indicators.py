"""The indicators of Circular 01/2018/TT-VPCP art. 13 that the citizen scores per dossier.

Art. 14 has indicators 1, 3, 4 and 7 collected from the applicant (form, rating device or
online); each is scored 0, 1 or 2 with the wording below (rules.md §7, regulations.md §1.12).
Indicators 2, 5, 6, 8 and 9 are scored by the system or per agency, not by the citizen.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

SCORES = (2, 1, 0)


@dataclass(frozen=True)
class Indicator:
    number: int
    field: str  # the DossierRating column holding this indicator's score
    title: "StrPromise"
    choices: "dict[int, StrPromise]"  # score → the official wording of that choice


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        1,
        "time_score",
        _(
            "Tổng thời gian giải quyết thủ tục hành chính so với thời gian cho phép theo quy "
            "định của pháp luật"
        ),
        {
            2: _("Tổng thời gian ngắn hơn so với quy định"),
            1: _("Tổng thời gian bằng so với quy định"),
            0: _("Tổng thời gian dài hơn so với quy định"),
        },
    ),
    Indicator(
        3,
        "contacts_score",
        _(
            "Số lần phải liên hệ với nơi tiếp nhận hồ sơ để hoàn thiện hồ sơ thủ tục hành chính "
            "(kể cả liên hệ theo hình thức trực tuyến)"
        ),
        {
            2: _(
                "Không phải liên hệ với nơi tiếp nhận hồ sơ thủ tục hành chính lần nào để hoàn "
                "thiện hồ sơ"
            ),
            1: _(
                "Chỉ phải một lần liên hệ với nơi tiếp nhận hồ sơ thủ tục hành chính để hoàn "
                "thiện hồ sơ"
            ),
            0: _(
                "Phải hơn một lần liên hệ với nơi tiếp nhận hồ sơ thủ tục hành chính để hoàn "
                "thiện hồ sơ, trừ trường hợp nguyên nhân do lỗi của người nộp hồ sơ"
            ),
        },
    ),
    Indicator(
        4,
        "agencies_score",
        _(
            "Số lượng cơ quan, đơn vị, tổ chức phải liên hệ để hoàn thiện hồ sơ thủ tục hành "
            "chính (kể cả liên hệ theo hình thức trực tuyến)"
        ),
        {
            2: _(
                "Không phải liên hệ với cơ quan, đơn vị, tổ chức nào để hoàn thiện hồ sơ thủ tục "
                "hành chính"
            ),
            1: _(
                "Chỉ liên hệ với Bộ phận Một cửa (và cơ quan, đơn vị, tổ chức chủ trì giải quyết "
                "trong trường hợp pháp luật quy định phải thẩm tra, xác minh thực tế hoặc lấy ý "
                "kiến của hội đồng thẩm định)"
            ),
            0: _(
                "Phải liên hệ với hơn một cơ quan, đơn vị, tổ chức để hoàn thiện hồ sơ thủ tục "
                "hành chính"
            ),
        },
    ),
    Indicator(
        7,
        "attitude_score",
        _(
            "Thái độ của cán bộ, công chức, viên chức khi hướng dẫn lập hồ sơ, tiếp nhận hồ sơ "
            "và giải quyết thủ tục hành chính"
        ),
        {
            2: _(
                "Giải quyết hồ sơ trước hạn và không có ý kiến phản ánh, kiến nghị về hành vi, "
                "thái độ nhũng nhiễu, gây phiền hà, không tuân thủ pháp luật của cán bộ, công "
                "chức, viên chức"
            ),
            1: _(
                "Giải quyết hồ sơ đúng hạn và không có ý kiến phản ánh, kiến nghị về hành vi, "
                "thái độ nhũng nhiễu, gây phiền hà, không tuân thủ pháp luật của cán bộ, công "
                "chức, viên chức"
            ),
            0: _(
                "Có ý kiến phản ánh, kiến nghị về hành vi, thái độ nhũng nhiễu, gây phiền hà, "
                "không tuân thủ pháp luật của cán bộ, công chức, viên chức và được xác minh là "
                "đúng sự thật"
            ),
        },
    ),
)
NUMBERS = frozenset(indicator.number for indicator in INDICATORS)
SCORE_FIELDS = tuple(indicator.field for indicator in INDICATORS)
