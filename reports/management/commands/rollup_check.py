from django.core.management.base import BaseCommand, CommandError

from catalog.models import AdministrativeUnit, ProcedureVersion
from common.progress import progress_factory
from reports.maintenance import Difference, rollup_check
from reports.models import COUNTERS, Grain

MAX_LISTED = 200


class Command(BaseCommand):
    help = (
        "Đối chiếu bảng tổng hợp báo cáo với số liệu tính lại từ toàn bộ hồ sơ và liệt kê "
        "các dòng sai lệch. Chỉ kiểm tra (thoát với mã lỗi khi có sai lệch), trừ khi có "
        "--repair: khi đó sửa luôn các dòng sai."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Sửa các dòng sai lệch.")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, repair: bool, no_progress: bool, **options):
        progress = progress_factory(enabled=not no_progress)
        differences = rollup_check(repair=repair, progress=progress)
        if not differences:
            self.stdout.write("Bảng tổng hợp báo cáo khớp với hồ sơ.")
            return
        describe = _describer(differences)
        for difference in differences[:MAX_LISTED]:
            self.stdout.write(describe(difference))
        if len(differences) > MAX_LISTED:
            self.stdout.write(f"… và {len(differences) - MAX_LISTED} dòng khác.")
        if repair:
            self.stdout.write(f"Đã sửa {len(differences)} dòng sai lệch của bảng tổng hợp.")
            return
        raise CommandError(
            f"Bảng tổng hợp có {len(differences)} dòng sai lệch; chạy lại với --repair để sửa."
        )


def _describer(differences: list[Difference]):
    units = {
        u.pk: u for u in AdministrativeUnit.objects.filter(pk__in={d.key[2] for d in differences})
    }
    versions = {
        v.pk: v
        for v in ProcedureVersion.objects.filter(
            pk__in={d.key[3] for d in differences}
        ).select_related("procedure")
    }

    def describe(difference: Difference) -> str:
        grain, day, unit_id, version_id = difference.key
        unit, version = units.get(unit_id), versions.get(version_id)
        where = {
            Grain.DAY: f"ngày {day:%d/%m/%Y}",
            Grain.MONTH: f"tháng {day:%m/%Y}",
            Grain.YEAR: f"năm {day:%Y}",
        }[Grain(grain)]
        unit_text = f"{unit.name} ({unit.code})" if unit else f"đơn vị #{unit_id}"
        version_text = (
            f"thủ tục {version.procedure.code} phiên bản {version.version}"
            if version
            else f"phiên bản thủ tục #{version_id}"
        )
        counters = "; ".join(
            f"{name}: đang lưu {have}, đúng là {want}"
            for name, have, want in zip(
                COUNTERS, difference.stored, difference.expected, strict=True
            )
            if have != want
        )
        return f"Sai lệch {where}, {unit_text}, {version_text}: {counters}."

    return describe
