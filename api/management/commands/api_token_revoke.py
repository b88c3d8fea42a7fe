"""Revoke an API token by its prefix (the part before the dot)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from api.models import ApiToken
from api.tokens import api_token_revoke


class Command(BaseCommand):
    help = "Thu hồi khóa API theo tiền tố (phần trước dấu chấm)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        prefix = options["prefix"].partition(".")[0]
        try:
            token = api_token_revoke(prefix=prefix)
        except ApiToken.DoesNotExist:
            raise CommandError(f"Không có khóa API tiền tố «{prefix}».") from None
        self.stdout.write(
            f"Đã thu hồi khóa «{token.name}» ({token.prefix}) lúc "
            f"{timezone.localtime(token.revoked_at):%H:%M %d/%m/%Y}."
        )
