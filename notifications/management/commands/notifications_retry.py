from django.core.management.base import BaseCommand

from notifications.services import notifications_requeue_due


class Command(BaseCommand):
    help = (
        "Đưa lại vào hàng đợi các thông báo đang chờ gửi mà không có việc nền nào giữ "
        "(queue pending notifications whose job was never queued or was lost). "
        "Chạy định kỳ, ví dụ 10 phút một lần."
    )

    def handle(self, *args, **options):
        queued = notifications_requeue_due()
        self.stdout.write(f"Đã đưa {queued} thông báo vào hàng đợi / queued {queued}.")
