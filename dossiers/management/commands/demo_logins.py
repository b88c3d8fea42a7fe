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
        if any(login.username == "admin" for login in logins):
            self.stdout.write(
                "  admin: xác thực hai bước bắt buộc — lần đăng nhập đầu, quét mã QR bằng ứng "
                "dụng xác thực (Google Authenticator, FreeOTP…) rồi nhập mã 6 chữ số / "
                "two-factor sign-in is required: on first sign-in, enrol a TOTP app and enter "
                "its code"
            )
