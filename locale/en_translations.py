"""English for the Vietnamese UI strings. `python locale/en_translations.py` writes them into
locale/en/LC_MESSAGES/django.po (after `manage.py makemessages -l en`); then
`manage.py compilemessages` builds the .mo file that is committed beside it."""

import re
import sys
from pathlib import Path

EN = {
    "Cán bộ một cửa": "Reception officer", "Chuyên viên xử lý": "Specialist",
    "Lãnh đạo": "Approver (leader)", "Quản trị đơn vị": "Unit administrator",
    "Cán bộ theo dõi (cấp trên)": "Overseeing officer", "Đại biểu giám sát (HĐND)": "Supervisor (People's Council)",
    "người dùng": "user", "đơn vị": "unit", "vai trò": "role", "vai trò tại đơn vị": "role at unit",
    "Cấp tỉnh": "Province level", "Cấp huyện": "District level", "Cấp xã": "Commune level",
    "mã đơn vị hành chính": "administrative unit code", "tên": "name", "cấp": "level", "loại": "kind",
    "xã, thị trấn…": "commune, town…", "đơn vị cấp trên": "parent unit", "hiệu lực từ": "valid from",
    "hết hiệu lực từ": "valid until (exclusive)", "đơn vị kế thừa": "successor units",
    "mã định danh cơ quan": "agency identifier", "giờ làm việc": "office hours",
    "đơn vị hành chính": "administrative unit", "mã lĩnh vực": "field code", "tên lĩnh vực": "field name",
    "lĩnh vực": "field", "mã thủ tục": "procedure code", "thủ tục hành chính": "administrative procedure",
    "Dự thảo": "Draft", "Đã công bố": "Published", "Miễn phí": "Free", "Mức cố định": "Fixed amount",
    "Theo biểu phí": "By fee schedule", "Toàn trình": "Fully online", "Một phần": "Partly online",
    "Không trực tuyến": "Not online", "thủ tục": "procedure", "phiên bản": "version",
    "trạng thái": "status", "tên thủ tục": "procedure name", "cấp thực hiện": "level",
    "loại thời hạn": "time rule", "số ngày/giờ": "days/hours", "giờ chốt (trong ngày)": "same-day cut-off",
    "phí, lệ phí": "fees", "mức phí (đồng)": "fee (VND)", "biểu phí": "fee schedule",
    "miễn, giảm": "exemptions", "căn cứ pháp lý": "legal basis", "kết quả": "result",
    "nơi nộp": "where to submit", "dịch vụ công trực tuyến": "online service", "liên thông": "inter-agency",
    "áp dụng từ": "effective from", "hết áp dụng từ": "effective until (exclusive)",
    "công bố lúc": "published at", "phiên bản thủ tục": "procedure version", "Bản chính": "Original",
    "Bản sao chứng thực": "Certified copy", "Bản sao": "Copy", "thứ tự": "position",
    "tên giấy tờ": "paper", "loại bản": "copy kind", "số lượng": "count", "không bắt buộc": "optional",
    "giấy tờ phải nộp": "required paper", "Mã hồ sơ hoặc tên người nộp": "Dossier code or applicant name",
    "Thủ tục": "Procedure", "Lĩnh vực": "Field", "Trạng thái": "Status", "Tất cả": "All",
    "Nhận từ ngày": "Received from", "Nhận đến ngày": "Received to", "Hạn từ ngày": "Due from",
    "Hạn đến ngày": "Due to", "Kênh nộp": "Channel", "Họ và tên người nộp": "Applicant's full name",
    "Số CCCD/CMND": "ID number (CCCD/CMND)", "Số điện thoại": "Phone", "Thư điện tử": "E-mail",
    "Địa chỉ": "Address", "Ghi chú": "Note", "Lý do": "Reason", "Lý do trả lại": "Why it is sent back",
    "Kết quả giải quyết": "Result", "Giấy tờ cần bổ sung (mỗi dòng một loại)": "Papers to supplement (one per line)",
    "Cơ quan nhận": "Receiving agency", "Nhiệm vụ của cơ quan nhận": "Task of the receiving agency",
    "Thời hạn của cơ quan nhận": "Deadline of the receiving agency", "Lý do chậm trễ": "Reason for the delay",
    "Ngày hẹn trả mới": "New appointment", "Người nhận kết quả": "Result handed to",
    "Đã kiểm tra giấy tờ tùy thân": "ID checked", "Phí, lệ phí đã thu (đồng)": "Fees collected (VND)",
    "Lý do trễ hạn (nếu trễ và chưa có phiếu xin lỗi)": "Reason for lateness (if late without an apology)",
    "Ghi chú nội bộ": "Internal note", "Bản quét (PDF, JPEG, PNG)": "Scan (PDF, JPEG, PNG)",
    "Trực tiếp": "In person", "Trực tuyến": "Online", "Bưu chính": "Post",
    "Đã tiếp nhận": "Received", "Đang xử lý": "In progress", "Chờ phê duyệt": "Awaiting approval",
    "Chờ bổ sung": "Awaiting supplement", "Đang chuyển liên thông": "Transferred to another agency",
    "Có kết quả, chờ trả": "Result ready", "Đã trả kết quả": "Returned", "Từ chối giải quyết": "Refused",
    "Công dân rút hồ sơ": "Withdrawn", "Đã giải quyết": "Resolved", "Từ chối": "Refused",
    "Rút hồ sơ": "Withdraw", "Tiếp nhận": "Receive", "Phân công xử lý": "Assign",
    "Trình phê duyệt": "Submit for approval", "Trả lại chuyên viên": "Send back to specialist",
    "Phê duyệt, có kết quả": "Approve (result ready)", "Yêu cầu bổ sung hồ sơ": "Request a supplement",
    "Nhận hồ sơ bổ sung": "Receive the supplement", "Chuyển liên thông": "Transfer to another agency",
    "Nhận lại từ liên thông": "Receive back from the agency", "Xin lỗi, hẹn lại ngày trả": "Apologise and reschedule",
    "Trả kết quả": "Return the result", "Đính kèm bản quét": "Attach a scan", "Nhập từ hệ thống cũ": "Imported",
    "mã hồ sơ": "dossier code", "đơn vị tiếp nhận": "receiving unit", "kênh nộp": "channel",
    "họ và tên người nộp": "applicant's full name", "số CCCD/CMND": "ID number", "số điện thoại": "phone",
    "thư điện tử": "e-mail", "địa chỉ": "address", "thời điểm tiếp nhận": "received at",
    "thời điểm bắt đầu tính hạn": "clock starts at", "hạn trả kết quả": "due at",
    "ngày hẹn lại (sau xin lỗi)": "new appointment (after apology)", "thời điểm xin lỗi": "apologised at",
    "dừng tính hạn từ (chờ bổ sung)": "clock stopped at (awaiting supplement)", "cán bộ được giao": "assignee",
    "thời điểm hoàn thành": "finished at", "kết quả giải quyết": "outcome", "lý do từ chối": "refusal reason",
    "phí đã thu (đồng)": "fees collected (VND)", "thời điểm trả kết quả": "returned at",
    "người nhận kết quả": "returned to", "đã kiểm tra giấy tờ tùy thân": "ID checked",
    "nhập từ hệ thống cũ": "imported", "hồ sơ": "dossier", "giấy tờ đã nhận": "paper received",
    "cơ quan nhận": "receiving agency", "nhiệm vụ": "task", "thời hạn của cơ quan": "agency deadline",
    "gửi lúc": "sent at", "nhận lại lúc": "received back at", "chuyển liên thông": "inter-agency transfer",
    "thao tác": "action", "người thực hiện": "actor", "thời điểm": "at", "từ trạng thái": "from status",
    "sang trạng thái": "to status", "ghi chú": "note", "dữ liệu": "data", "lịch sử hồ sơ": "dossier history",
    "tên tệp": "file name", "loại tệp": "file type", "dung lượng (byte)": "size (bytes)",
    "người tải lên": "uploaded by", "tải lên lúc": "uploaded at", "tệp đính kèm": "attachment",
    "Hồ sơ của tôi": "My dossiers", "Hồ sơ của đơn vị": "Unit's dossiers", "Đến hạn hôm nay": "Due today",
    "Đến hạn trong 2 ngày làm việc": "Due within 2 working days", "Quá hạn": "Overdue",
    "Chờ trả kết quả": "Ready to return", "Thời hạn": "Time limit", "Phí, lệ phí": "Fees", "đồng": "VND",
    "Giấy tờ": "Paper", "Loại bản": "Copy kind", "Số lượng quy định": "Required count",
    "Số lượng nhận": "Count received", "(nếu có)": "(if any)",
    "Lý do, hướng dẫn bổ sung": "Reason and guidance", "Hồ sơ còn thiếu giấy tờ theo quy định.": "Required papers are missing.",
    "In phiếu yêu cầu bổ sung (Mẫu 02)": "Print the supplement request (Form 02)",
    "Thủ tục tìm được": "Procedures found", "Không tìm thấy thủ tục phù hợp.": "No matching procedure.",
    "Sổ theo dõi hồ sơ": "Dossier book", "Sổ theo dõi hồ sơ (Mẫu 06)": "Dossier book (Form 06)",
    "Tải sổ": "Download the book", "Tiếp nhận hồ sơ": "Receive a dossier",
    "Hồ sơ chưa đủ giấy tờ — chưa tiếp nhận": "Papers are missing — nothing received",
    "Đơn vị tiếp nhận": "Receiving unit",
    "Tìm thủ tục (tên hoặc mã, có dấu hoặc không dấu)": "Find the procedure (name or code, with or without diacritics)",
    "Chọn một thủ tục để hiện danh mục giấy tờ.": "Choose a procedure to see its papers.",
    "Người nộp hồ sơ": "Applicant", "Tiếp nhận và in giấy hẹn (Mẫu 01)": "Receive and print the receipt (Form 01)",
    "Từ chối tiếp nhận tại quầy (Mẫu 03)": "Refuse at the counter (Form 03)", "Lý do từ chối": "Reason for refusal",
    "In phiếu từ chối (Mẫu 03)": "Print the refusal (Form 03)", "Hồ sơ %(code)s": "Dossier %(code)s",
    "Đến hạn trong 1 ngày làm việc": "Due within 1 working day", "Đã tiếp nhận.": "Received.",
    "In giấy tiếp nhận và hẹn trả kết quả (Mẫu 01)": "Print the receipt and appointment slip (Form 01)",
    "Thông tin hồ sơ": "Dossier", "Người nộp": "Applicant", "Điện thoại, thư điện tử": "Phone, e-mail",
    "Tiếp nhận lúc": "Received at", "Bắt đầu tính hạn": "Clock starts", "Hạn trả kết quả": "Due",
    "Hẹn lại (sau xin lỗi)": "New appointment (after apology)", "Cán bộ xử lý": "Assignee",
    "Hoàn thành lúc": "Finished at", "Kết quả": "Result", "Đã trả": "Returned",
    "Giấy tờ đã nhận": "Papers received", "Số lượng": "Count", "—": "—", "Bản quét": "Scans",
    "Liên thông": "Inter-agency", "Cơ quan": "Agency", "Nhiệm vụ": "Task", "Gửi": "Sent",
    "Nhận lại": "Received back", "Quá trình xử lý": "History", "Biểu mẫu": "Forms", "Thao tác": "Actions",
    "Bạn chỉ được xem hồ sơ này.": "You may only read this dossier.",
    "Không có thao tác nào trong trạng thái này.": "No action in this status.", "Hàng đợi": "Queues",
    "Lọc": "Filter", "Bỏ lọc": "Clear filters",
    "%(counter)s hồ sơ, xếp theo hạn trả kết quả.": ("%(counter)s dossier, by due time.", "%(counter)s dossiers, by due time."),
    "Mã hồ sơ": "Dossier code", "Nhận lúc": "Received", "Hạn trả": "Due", "Cán bộ": "Officer",
    "Sắp đến hạn": "Due soon", "Không có hồ sơ nào.": "No dossiers.", "← Trang trước": "← Previous",
    "Trang sau →": "Next →", "Cần ghi lý do trên phiếu.": "A reason is required on the form.",
    "Đã tiếp nhận hồ sơ %(code)s.": "Dossier %(code)s received.", "Đã thực hiện: %(action)s.": "Done: %(action)s.",
    "Đơn vị": "Unit", "Từ ngày": "From", "Đến ngày": "To", "Định dạng": "Format",
    "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.": "The start date must not be after the end date.",
    "ngày": "day", "tháng": "month", "năm": "year", "mức gộp": "granularity",
    "ngày (đầu tháng, đầu năm)": "day (first of month, first of year)", "số liệu tổng hợp theo ngày": "daily rollup",
    "Bỏ qua thanh điều hướng": "Skip navigation", "Một Cửa": "Một Cửa", "Điều hướng chính": "Main navigation",
    "Sổ theo dõi": "Dossier book", "Quản trị": "Administration", "Đổi mật khẩu": "Change password",
    "Đăng xuất": "Sign out",
    "Bộ phận tiếp nhận và trả kết quả thủ tục hành chính · One-stop desk": "One-stop desk for administrative procedures",
    "Đơn vị tiếp nhận đang hoạt động": "Receiving units in operation",
    "Thủ tục hành chính đang áp dụng": "Procedures in force", "Hồ sơ": "Dossiers",
    "Vào hàng đợi hồ sơ": "Open the dossier queues", "Đăng nhập cán bộ": "Officer sign-in",
    "Quản trị / Administration": "Administration", "Đăng nhập": "Sign in", "Tên đăng nhập": "Username",
    "Mật khẩu": "Password", "Đã đổi mật khẩu": "Password changed", "Về hàng đợi hồ sơ": "Back to the queues",
    "thứ": "weekday", "Ngày nghỉ": "Day off", "Ngày làm việc (làm bù)": "Make-up working day",
    "văn bản thông báo": "announcing document", "cập nhật lúc": "updated at",
    "ngày nghỉ/làm bù đã công bố": "announced day off or make-up day",
}


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def fill(po_path: Path) -> list[str]:
    """Set msgstr for every msgid we know; returns the msgids still untranslated."""
    text = po_path.read_text(encoding="utf-8")
    blocks = text.split("\n\n")
    missing = []
    for i, block in enumerate(blocks):  # the header block is kept, without "fuzzy"
        single = re.search(r'^msgid "(.+)"\nmsgstr ""$', block, re.M)
        plural = re.search(r'^msgid "(.+)"\nmsgid_plural ".*"\nmsgstr\[0\] ""\nmsgstr\[1\] ""$', block, re.M)
        if single:
            key = single.group(1).replace('\\"', '"')
            if key in EN:
                value = EN[key]
                block = block.replace('msgstr ""', f'msgstr "{escape(value)}"')
            else:
                missing.append(key)
        elif plural:
            key = plural.group(1)
            one, many = EN.get(key, (None, None))
            if one:
                block = block.replace('msgstr[0] ""', f'msgstr[0] "{escape(one)}"')
                block = block.replace('msgstr[1] ""', f'msgstr[1] "{escape(many)}"')
            else:
                missing.append(key)
        blocks[i] = block.replace("#, fuzzy\n", "")
    po_path.write_text("\n\n".join(blocks), encoding="utf-8")
    return missing


if __name__ == "__main__":
    left = fill(Path(__file__).resolve().parent / "en" / "LC_MESSAGES" / "django.po")
    for key in left:
        print(f"untranslated: {key}", file=sys.stderr)
    sys.exit(1 if left else 0)
