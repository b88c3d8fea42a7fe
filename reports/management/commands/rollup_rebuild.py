from django.core.management.base import BaseCommand

from common.progress import progress_factory
from reports.maintenance import rollup_rebuild


class Command(BaseCommand):
    help = "Xóa và tính lại toàn bộ bảng tổng hợp báo cáo từ hồ sơ."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, no_progress: bool, **options):
        written = rollup_rebuild(progress=progress_factory(enabled=not no_progress))
        self.stdout.write(f"Đã tính lại bảng tổng hợp báo cáo: {written} dòng.")
