from django.core.management.base import BaseCommand

from notifications.services import notices_compose_requeue, notifications_requeue_due


class Command(BaseCommand):
    help = (
        "Đưa lại vào hàng đợi các thông báo đang chờ gửi mà không có việc nền nào giữ, và việc "
        "soạn thông báo của một bước xử lý đã lỗi hoặc bị mất (queue pending notifications whose "
        "job was never queued or was lost, and the composition of a step's notices whose job "
        "failed or was lost). "
        "Chạy định kỳ, ví dụ 10 phút một lần."
    )

    def handle(self, *args, **options):
        composing = notices_compose_requeue()
        queued = notifications_requeue_due()
        self.stdout.write(
            f"Đã đưa {queued} thông báo và {composing} việc soạn thông báo vào hàng đợi / "
            f"queued {queued} notices and {composing} compositions."
        )
