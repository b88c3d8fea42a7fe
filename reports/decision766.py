"""Decision 766/QĐ-TTg (2022): the five groups of the service-quality index, computed from
facts captured on each dossier. Pure functions over counts; every measure keeps its
numerator and denominator so the page can write the formula out.

The group weights (points out of 100) are a recollection, not checked against the Annex of
the decision (regulations.md §4, marked [R]): they are constants here, to be corrected in one
place, and the page says so. Within a group the measures weigh equally; a measure without data
(denominator 0 or nothing captured) is left out, and a group with no measure scores nothing
and is left out of the total (the maximum shown is that of the groups with data).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from reports.ratios import one_decimal, percent

# [R] regulations.md §4: recollected weights, to be verified against the Annex of QĐ 766.
WEIGHTS = {
    "publicity": 18,
    "progress": 20,
    "online": 22,
    "satisfaction": 18,
    "digitisation": 22,
}
GROUP_LABELS = {
    "publicity": _("Công khai, minh bạch"),
    "progress": _("Tiến độ giải quyết"),
    "online": _("Dịch vụ công trực tuyến, thanh toán trực tuyến"),
    "satisfaction": _("Mức độ hài lòng"),
    "digitisation": _("Số hóa hồ sơ"),
}


@dataclass(frozen=True)
class Facts:
    """Counts for one period and set of units. From the report (reports.engine): received_new,
    received_online, resolved_total, resolved_in_time (early + on time), pending_total,
    pending_overdue. From the dossiers received in the period: fee_dossiers (their procedure
    charges a fee), paid_online, papers_digitised, papers_reused. From those finished in the
    period with a result issued: results, results_digitised. From the catalogue: procedures in
    force at the units' levels and those offered online. From the ratings given in the
    period: ratings, rating_points (sum of the four scores of each)."""

    received_new: int = 0
    received_online: int = 0
    resolved_total: int = 0
    resolved_in_time: int = 0
    pending_total: int = 0
    pending_overdue: int = 0
    fee_dossiers: int = 0
    paid_online: int = 0
    papers_digitised: int = 0
    papers_reused: int = 0
    results: int = 0
    results_digitised: int = 0
    procedures: int = 0
    procedures_online: int = 0
    ratings: int = 0
    rating_points: int = 0


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    numerator: int
    denominator: int
    numerator_label: str
    denominator_label: str

    @property
    def percent(self) -> Decimal | None:
        return percent(self.numerator, self.denominator)


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    weight: int
    measures: tuple[Measure, ...]
    note: str = ""

    @property
    def available(self) -> tuple[Measure, ...]:
        return tuple(m for m in self.measures if m.denominator)

    @property
    def score(self) -> Decimal | None:
        """weight × mean of the available measures' shares, one decimal; None: no data."""
        shares = [Decimal(m.numerator) / m.denominator for m in self.available]
        if not shares:
            return None
        return one_decimal(self.weight * sum(shares) / len(shares))


def groups(facts: Facts, weights: dict[str, int] = WEIGHTS) -> list[Group]:
    f = facts

    def m(key: str, label, num: int, den: int, num_label, den_label) -> Measure:
        return Measure(key, str(label), num, den, str(num_label), str(den_label))

    return [
        Group(
            "publicity",
            str(GROUP_LABELS["publicity"]),
            weights["publicity"],
            (),
            str(
                _(
                    "Không có dữ liệu: hệ thống chưa đồng bộ hồ sơ và thủ tục với Cổng Dịch vụ "
                    "công quốc gia, nên nhóm này không tính."
                )
            ),
        ),
        Group(
            "progress",
            str(GROUP_LABELS["progress"]),
            weights["progress"],
            (
                m(
                    "in_time",
                    _("Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn"),
                    f.resolved_in_time,
                    f.resolved_total,
                    _("trước hạn + đúng hạn"),
                    _("đã giải quyết"),
                ),
                m(
                    "not_overdue",
                    _("Tỷ lệ hồ sơ đang giải quyết còn trong hạn"),
                    f.pending_total - f.pending_overdue,
                    f.pending_total,
                    _("đang giải quyết − quá hạn"),
                    _("đang giải quyết"),
                ),
            ),
        ),
        Group(
            "online",
            str(GROUP_LABELS["online"]),
            weights["online"],
            (
                m(
                    "offered",
                    _("Tỷ lệ thủ tục cung cấp dịch vụ công trực tuyến"),
                    f.procedures_online,
                    f.procedures,
                    _("thủ tục trực tuyến toàn trình hoặc một phần"),
                    _("thủ tục đang áp dụng"),
                ),
                m(
                    "online_share",
                    _("Tỷ lệ hồ sơ nộp trực tuyến"),
                    f.received_online,
                    f.received_new,
                    _("tiếp nhận trực tuyến"),
                    _("tiếp nhận mới"),
                ),
                m(
                    "paid_online",
                    _("Tỷ lệ hồ sơ thanh toán trực tuyến"),
                    f.paid_online,
                    f.fee_dossiers,
                    _("thanh toán trực tuyến"),
                    _("hồ sơ mới của thủ tục có phí, lệ phí"),
                ),
            ),
        ),
        Group(
            "satisfaction",
            str(GROUP_LABELS["satisfaction"]),
            weights["satisfaction"],
            (
                m(
                    "rating",
                    _("Mức độ hài lòng (điểm đánh giá / điểm tối đa)"),
                    f.rating_points,
                    8 * f.ratings,
                    _("tổng điểm các chỉ số 1, 3, 4, 7"),
                    _("8 × số lượt đánh giá"),
                ),
            ),
            str(_("Xử lý phản ánh, kiến nghị: chưa có dữ liệu, không tính.")),
        ),
        Group(
            "digitisation",
            str(GROUP_LABELS["digitisation"]),
            weights["digitisation"],
            (
                m(
                    "papers_digitised",
                    _("Tỷ lệ hồ sơ số hóa thành phần khi tiếp nhận"),
                    f.papers_digitised,
                    f.received_new,
                    _("có số hóa thành phần hồ sơ"),
                    _("tiếp nhận mới"),
                ),
                m(
                    "results_digitised",
                    _("Tỷ lệ kết quả được số hóa"),
                    f.results_digitised,
                    f.results,
                    _("kết quả đã số hóa"),
                    _("hồ sơ có kết quả trong kỳ"),
                ),
                m(
                    "papers_reused",
                    _("Tỷ lệ hồ sơ tái sử dụng dữ liệu đã số hóa"),
                    f.papers_reused,
                    f.received_new,
                    _("có tái sử dụng"),
                    _("tiếp nhận mới"),
                ),
            ),
        ),
    ]


def total(scored: list[Group]) -> tuple[Decimal, int]:
    """(points of the groups with data, their maximum)."""
    with_data = [g for g in scored if g.score is not None]
    points = sum((g.score for g in with_data if g.score is not None), Decimal(0))
    return points, sum(g.weight for g in with_data)
