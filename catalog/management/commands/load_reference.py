"""Load the shipped reference data: units, procedures and the announced working calendar."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from catalog.reference import LoadResult, load_procedures, load_units


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu tham chiếu đi kèm phần mềm: đơn vị hành chính, thủ tục hành chính và "
        "lịch ngày nghỉ/làm bù. Chạy lại nhiều lần không thay đổi gì nếu dữ liệu không đổi."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # Imported here: the calendar loader belongs to another app and may be absent in tools.
        from workcalendar.reference import load_announced_days

        with transaction.atomic():
            self.stdout.write("[1/3] Đang nạp đơn vị hành chính…")
            units = load_units()
            self.stdout.write(f"      {_units_summary(units)}")
            self.stdout.write("[2/3] Đang nạp thủ tục hành chính…")
            procedures = load_procedures()
            self.stdout.write(f"      {_procedures_summary(procedures)}")
            self.stdout.write("[3/3] Đang nạp lịch ngày nghỉ, ngày làm bù…")
            created, updated = load_announced_days()
            self.stdout.write(f"      {created} ngày tạo mới, {updated} ngày cập nhật.")
        self.stdout.write(self.style.SUCCESS("Đã nạp xong dữ liệu tham chiếu."))


def _units_summary(result: LoadResult) -> str:
    return (
        f"{result.created} đơn vị tạo mới, {result.updated} cập nhật, {result.unchanged} không đổi."
    )


def _procedures_summary(result: LoadResult) -> str:
    return (
        f"{result.created} thủ tục tạo mới, {result.updated} phiên bản mới, "
        f"{result.unchanged} không đổi."
    )
