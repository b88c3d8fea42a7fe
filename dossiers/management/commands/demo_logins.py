from django.core.management.base import BaseCommand

from dossiers.demo_users import DEMO_PASSWORD, demo_logins


class Command(BaseCommand):
    help = "In các tài khoản dùng thử (demo logins)."

    def handle(self, *args, **options):
        logins = demo_logins()
        if not logins:
            self.stdout.write("Chưa có tài khoản dùng thử: chạy seed_demo trước.")
            return
        self.stdout.write(
            f"Tài khoản dùng thử / demo logins — mật khẩu / password: {DEMO_PASSWORD}"
        )
        width = max(len(login.username) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.username:<{width}}  {login.role} — {login.unit}")
