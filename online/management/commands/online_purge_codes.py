"""Delete one-time codes and failed sign-in records older than a day (run daily): codes of
abandoned registrations hold the name, ID number and address the citizen typed."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from online.citizens import codes_purge


class Command(BaseCommand):
    help = "Xóa mã xác nhận và lượt đăng nhập sai cũ hơn số giờ cho trước (mặc định 24)."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24)

    def handle(self, *args, hours: int, **options) -> None:
        deleted = codes_purge(older_than=timedelta(hours=hours))
        self.stdout.write(f"{deleted} mã xác nhận đã xóa.")
