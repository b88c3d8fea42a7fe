"""Tokens other systems use to call the API on behalf of one officer, within some units."""

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A bearer token `<prefix>.<secret>`. Only the SHA-256 of the secret is stored; the
    prefix finds the row. The token acts as `user` (whose roles apply) and only within
    `units`, even where the user holds roles elsewhere.

    The model has no page of its own (tokens are made and revoked by management commands), so
    its labels are plain Vietnamese, outside the translation catalogue."""

    name = models.CharField("tên", max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="api_tokens",
        verbose_name="cán bộ đại diện",
    )
    units = models.ManyToManyField(
        "catalog.AdministrativeUnit", related_name="+", verbose_name="đơn vị được phép"
    )
    prefix = models.CharField("tiền tố", max_length=16, unique=True)
    secret_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    last_used_at = models.DateTimeField("dùng lần cuối", null=True, blank=True)
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "khóa API"
        verbose_name_plural = "khóa API"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"
