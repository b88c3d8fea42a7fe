"""Vietnamese labels of the report keys (rules.md §5), for the pages."""

from django.utils.translation import gettext_lazy as _

KEY_LABELS = {
    "received_total": _("Tổng số tiếp nhận"),
    "received_carried_over": _("Kỳ trước chuyển sang"),
    "received_new": _("Mới tiếp nhận"),
    "received_online": _("Trực tuyến"),
    "received_direct": _("Trực tiếp"),
    "received_postal": _("Bưu chính"),
    "resolved_total": _("Đã giải quyết"),
    "resolved_early": _("Trước hạn"),
    "resolved_on_time": _("Đúng hạn"),
    "resolved_late": _("Quá hạn"),
    "resolved_refused": _("Trong đó từ chối"),
    "resolved_withdrawn": _("Trong đó rút hồ sơ"),
    "pending_total": _("Đang giải quyết"),
    "pending_within_time": _("Trong hạn"),
    "pending_overdue": _("Quá hạn"),
}

GROUP_LABELS = {
    "unit": _("Đơn vị"),
    "field": _("Lĩnh vực"),
    "procedure": _("Thủ tục"),
    "level": _("Cấp"),
    "month": _("Tháng"),
}
