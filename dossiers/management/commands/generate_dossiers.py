from django.core.management.base import BaseCommand, CommandError

from common.progress import progress_factory
from dossiers.demo import DemoDataExists
from dossiers.generate import (
    DOSSIER_COLUMNS,
    DOSSIER_TABLE,
    EVENT_COLUMNS,
    EVENT_TABLE,
    bulk_baseline,
    dossiers_generate,
)


class Command(BaseCommand):
    help = (
        "Tạo nhanh N hồ sơ tổng hợp để đo hiệu năng (COPY trên PostgreSQL): 10 năm, các đơn vị "
        "dùng thử, 150 thủ tục, kèm lịch sử; in tốc độ ghi bên cạnh mức sàn ghi thô."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dossiers", type=int, default=1_000_000)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--procedures", type=int, default=150)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--stuck",
            type=float,
            default=0.03,
            help="Tỷ lệ hồ sơ hai năm gần nhất để tồn đọng (mặc định 0,03).",
        )
        parser.add_argument(
            "--no-baseline", action="store_true", help="Không đo mức sàn ghi thô cùng lượt."
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(
        self, *args, dossiers, years, procedures, seed, stuck, no_baseline, no_progress, **opts
    ):
        if dossiers < 1:
            raise CommandError("--dossiers phải lớn hơn 0.")
        progress = progress_factory(enabled=not no_progress)
        try:
            result = dossiers_generate(
                dossiers=dossiers,
                years=years,
                procedures=procedures,
                seed=seed,
                stuck=stuck,
                progress=progress,
            )
        except (DemoDataExists, ValueError) as error:
            raise CommandError(str(error)) from error
        s = result.seconds
        write = s["write dossiers"] + s["write events"] + s["commit"]
        out = self.stdout.write
        out(
            f"dossiers {result.dossiers:,}  events {result.events:,}  unit-day counters "
            f"{result.counters:,}  rollup rows {result.rollup_rows:,}"
        )
        out(
            f"units used {result.units}  published procedure versions {result.versions}  "
            f"synthetic procedures created {result.procedures_created}"
        )
        for phase, value in s.items():
            out(f"  {phase:16s} {value:8.1f} s")
        rows = result.dossiers + result.events
        out(f"whole run: {result.dossiers / s['total']:,.0f} dossiers/s")
        out(
            f"bulk write (dossiers + events, indexes, commit): {rows / write:,.0f} rows/s "
            f"(dossiers {result.dossiers / s['write dossiers']:,.0f}/s, "
            f"events {result.events / s['write events']:,.0f}/s)"
        )
        if no_baseline:
            return
        d = bulk_baseline(
            sample=result.sample_dossiers,
            columns=DOSSIER_COLUMNS,
            source=DOSSIER_TABLE,
            rows=result.dossiers,
        )
        e = bulk_baseline(
            sample=result.sample_events,
            columns=EVENT_COLUMNS,
            source=EVENT_TABLE,
            rows=result.events,
        )
        out(
            f"baseline bare table, same shape and row count, no index: {rows / (d + e):,.0f} "
            f"rows/s (dossiers {result.dossiers / d:,.0f}/s, events {result.events / e:,.0f}/s); "
            f"bulk write / baseline ×{write / (d + e):.2f}"
        )
