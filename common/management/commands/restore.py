from pathlib import Path

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

from common.backup import BackupError, archive_opened, backup_restore
from common.progress import progress_factory

AUDIT_COMMAND = "audit_verify"


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu của lệnh backup: kiểm tra mọi SHA-256 trước (sai một byte là "
        "dừng, không khôi phục gì), không ghi đè cơ sở dữ liệu đang có dữ liệu nếu thiếu --force, "
        "khôi phục rồi so số dòng và tổng kiểm từng bảng với manifest, kiểm tra chuỗi nhật ký "
        "kiểm toán. Dừng ứng dụng trước khi khôi phục. Xem docs/operations.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="Tệp .tar do lệnh backup tạo.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Thay cả khi cơ sở dữ liệu hoặc MEDIA_ROOT đang có dữ liệu (thư mục tệp cũ "
            "được đổi tên giữ lại, không xóa).",
        )
        parser.add_argument(
            "--check-only",
            action="store_true",
            help="Chỉ kiểm tra tính nguyên vẹn của bản sao lưu, không khôi phục.",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, archive: Path, force: bool, check_only: bool, no_progress: bool, **o):
        try:
            if check_only:
                with archive_opened(archive, work_dir=archive.parent) as (manifest, _):
                    self.stdout.write(
                        f"Bản sao lưu nguyên vẹn: tạo lúc {manifest['created_at']}, "
                        f"{len(manifest['tables'])} bảng, {len(manifest['media'])} tệp."
                    )
                return
            report = backup_restore(
                archive=archive,
                force=force,
                progress=progress_factory(enabled=not no_progress),
                say=self.stderr.write,
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        if report.media_moved_to:
            self.stdout.write(f"Thư mục tệp cũ được giữ lại ở {report.media_moved_to}.")
        for table in report.not_checked:
            self.stdout.write(f"Không kiểm được bảng {table} (phiên bản mã nguồn không có).")
        if report.mismatches:
            for mismatch in report.mismatches:
                self.stderr.write(f"KHÁC: {mismatch}")
            raise CommandError(
                f"Đã khôi phục nhưng {len(report.mismatches)} mục khác bản sao lưu: kiểm tra lại."
            )
        self.stdout.write(
            f"Đã khôi phục bản sao lưu lúc {report.manifest['created_at']}: "
            f"{report.tables_checked} bảng, {report.rows} dòng, {report.files} tệp đính kèm; "
            "số dòng, tổng kiểm và SHA-256 đều khớp."
        )
        self._audit_chain()

    def _audit_chain(self) -> None:
        """The audit log's hash chain, when the audit app provides its check."""
        if AUDIT_COMMAND not in get_commands():
            self.stdout.write("Chuỗi nhật ký kiểm toán: chưa có lệnh audit_verify, bỏ qua.")
            return
        try:
            call_command(AUDIT_COMMAND, stdout=self.stdout, stderr=self.stderr)
        except (CommandError, SystemExit) as error:
            raise CommandError(
                f"Chuỗi nhật ký kiểm toán của bản khôi phục KHÔNG nguyên vẹn: {error}"
            ) from error
        self.stdout.write("Chuỗi nhật ký kiểm toán: nguyên vẹn.")
