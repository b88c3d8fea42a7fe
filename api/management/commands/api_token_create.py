"""Create an API token for another system; the secret is printed once and never stored."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from accounts.models import User
from api.tokens import api_token_create
from catalog.models import AdministrativeUnit


class Command(BaseCommand):
    help = "Tạo khóa API cho một cán bộ, giới hạn trong các đơn vị; in khóa một lần duy nhất."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="tên đăng nhập của cán bộ đại diện")
        parser.add_argument(
            "--unit",
            action="append",
            required=True,
            help="mã đơn vị hành chính (lặp lại cho nhiều đơn vị)",
        )
        parser.add_argument("--name", required=True, help="tên hệ thống dùng khóa")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["user"])
        except User.DoesNotExist:
            raise CommandError(f"Không có người dùng «{options['user']}».") from None
        today = timezone.localdate()
        units = []
        for code in options["unit"]:
            found = list(AdministrativeUnit.objects.valid_on(today).filter(code=code))
            if not found:
                raise CommandError(f"Không có đơn vị mã «{code}» có hiệu lực hôm nay.")
            units.extend(found)
        try:
            issued = api_token_create(user=user, units=units, name=options["name"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stderr.write(
            f"Đã tạo khóa «{issued.token.name}» (tiền tố {issued.token.prefix}) cho "
            f"{user.username}, đơn vị: {', '.join(u.code for u in units)}. "
            "Khóa chỉ hiện một lần dưới đây:"
        )
        self.stdout.write(issued.value)
