from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from common.progress import progress_factory
from dossiers.demo import DemoDataExists, demo_seed
from dossiers.models import Dossier
from dossiers.partitioning import partitions_ensure


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu dùng thử: tài khoản cán bộ và hồ sơ có tính mùa vụ, tái lập được với --seed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dossiers", type=int, default=30000, help="Số hồ sơ (mặc định 30000)."
        )
        parser.add_argument(
            "--since",
            type=date.fromisoformat,
            default=date(2017, 1, 1),
            help="Ngày bắt đầu, YYYY-MM-DD (mặc định 2017-01-01).",
        )
        parser.add_argument("--seed", type=int, default=2018, help="Hạt giống ngẫu nhiên.")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Không làm gì nếu đã có hồ sơ (dùng trong bin/run).",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(
        self,
        *args,
        dossiers: int,
        since: date,
        seed: int,
        if_empty: bool,
        no_progress: bool,
        **options,
    ):
        if dossiers < 1:
            raise CommandError("--dossiers phải lớn hơn 0.")
        if if_empty and Dossier.objects.exists():
            self.stdout.write("Đã có hồ sơ: giữ nguyên dữ liệu hiện có.")
            return

        progress = progress_factory(enabled=not no_progress)
        # On PostgreSQL the years seeded get their partitions first (not the DEFAULT one).
        partitions_ensure(connection, since=since)
        try:
            result = demo_seed(dossiers=dossiers, since=since, seed=seed, progress=progress)
        except (DemoDataExists, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Đã tạo {result.dossiers} hồ sơ dùng thử và {result.users} vai trò cán bộ."
        )
        from oversight.demo import demo_programme_ensure  # the seed's supervision programme

        if demo_programme_ensure() is not None:
            self.stdout.write("Đã tạo chương trình giám sát dùng thử (01/01/2017 – 31/03/2018).")
