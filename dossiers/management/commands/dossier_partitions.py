from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from dossiers.partitioning import (
    TABLES,
    YEARS_AHEAD,
    default_name,
    is_partitioned,
    may_partition,
    parents_analyze,
    partitions,
    partitions_ensure,
)


class Command(BaseCommand):
    help = (
        "PostgreSQL: tạo các phân vùng theo năm của bảng hồ sơ và lịch sử hồ sơ, từ năm sớm "
        "nhất đến năm nay + --years-ahead, và chuyển các dòng đang nằm trong phân vùng mặc "
        "định sang phân vùng của năm mình (mỗi phân vùng một giao dịch). Chạy lại không thay "
        "đổi gì thêm. SQLite: không làm gì. Xem docs/partitioning.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--years-ahead",
            type=int,
            default=YEARS_AHEAD,
            help=f"Số năm tạo trước phân vùng (mặc định {YEARS_AHEAD}).",
        )
        parser.add_argument(
            "--list",
            action="store_true",
            dest="list_partitions",
            help="Liệt kê mọi phân vùng và số dòng ước tính.",
        )

    def handle(self, *args, years_ahead: int, list_partitions: bool, **options):
        if connection.vendor != "postgresql":
            self.stdout.write("SQLite: không phân vùng bảng, không có gì để làm.")
            return
        if years_ahead < 0:
            raise CommandError("--years-ahead không được âm.")
        with connection.cursor() as cursor:
            missing = [s.table for s in TABLES if not is_partitioned(cursor, s.table)]
            owned = all(may_partition(cursor, s.table) for s in TABLES)
        if missing:
            raise CommandError(
                f"Bảng {', '.join(missing)} chưa được phân vùng: chạy `manage.py migrate` trước."
            )
        if not owned:
            raise CommandError(
                "Người dùng cơ sở dữ liệu này không sở hữu bảng hồ sơ: chạy lệnh với người dùng "
                "chạy `migrate` (docs/partitioning.md)."
            )
        created = partitions_ensure(connection, years_ahead=years_ahead, say=self.stdout.write)
        if not created:
            self.stdout.write("Đã đủ phân vùng; không tạo thêm.")
        parents_analyze(connection)
        with connection.cursor() as cursor:
            for spec in TABLES:
                cursor.execute(f'SELECT count(*) FROM "{default_name(spec)}"')  # noqa: S608
                left = cursor.fetchone()[0]
                if left:  # cannot happen: every year found there got its partition
                    raise CommandError(f"{default_name(spec)} vẫn còn {left} dòng.")
                if list_partitions:
                    self._list(cursor, spec.table)

    def _list(self, cursor, table: str) -> None:
        names = partitions(cursor, table)
        cursor.execute(
            "SELECT relname, greatest(reltuples, 0)::bigint FROM pg_class WHERE relname = ANY(%s)",
            [sorted(names)],
        )
        estimates = dict(cursor.fetchall())
        for name, bound in names.items():
            self.stdout.write(f"{name}  {bound}  ~{estimates.get(name, 0):,} dòng")
