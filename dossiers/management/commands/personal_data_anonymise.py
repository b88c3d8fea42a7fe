from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from common.progress import progress_factory
from dossiers.retention import dossiers_anonymise, dossiers_due_for_anonymisation


class Command(BaseCommand):
    help = (
        "Ẩn danh hóa dữ liệu cá nhân của các hồ sơ đã kết thúc và hết thời hạn lưu "
        "(ngày trả kết quả, từ chối hoặc rút + số năm lưu của thủ tục). Số liệu báo cáo "
        "không đổi. Chạy lại không thay đổi gì thêm. Xem docs/personal-data.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Chỉ liệt kê mã các hồ sơ đến hạn ẩn danh hóa, không thay đổi gì.",
        )
        parser.add_argument(
            "--as-of", help="Tính đến ngày (YYYY-MM-DD, giờ Việt Nam); mặc định hôm nay."
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, dry_run: bool, as_of: str | None, no_progress: bool, **options):
        try:
            day = date.fromisoformat(as_of) if as_of else timezone.localdate()
        except ValueError:
            raise CommandError(f"Ngày không hợp lệ: {as_of!r} (cần YYYY-MM-DD).") from None
        if dry_run:
            codes = list(dossiers_due_for_anonymisation(as_of=day).values_list("code", flat=True))
            for code in codes:
                self.stdout.write(code)
            self.stderr.write(f"{len(codes)} hồ sơ đến hạn ẩn danh hóa tính đến {day:%d/%m/%Y}.")
            return
        result = dossiers_anonymise(as_of=day, progress=progress_factory(enabled=not no_progress))
        self.stdout.write(
            f"Đã ẩn danh hóa {result.dossiers} hồ sơ (tính đến {day:%d/%m/%Y}); "
            f"đã xóa {result.files_deleted} tệp."
        )
