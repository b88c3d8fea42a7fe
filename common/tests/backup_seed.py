"""Seeds a database for the backup round-trip tests (run by `manage.py shell` in a
subprocess): a few dossiers received through the services, with Vietnamese names, and scans
stored under MEDIA_ROOT."""

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.tests.factories import UnitFactory
from dossiers.services import dossier_attachment_add, dossier_note_add
from dossiers.tests.factories import image_bytes, received_dossier

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def seed() -> None:
    unit = UnitFactory(name="Xã Phù Lưu Tế")
    reception = officer(unit, Role.RECEPTION, username="tiepnhan")
    for number, name in enumerate(["Đặng Thị Hoà", "Nguyễn Văn Thuý", "Lê Ánh"], start=1):
        dossier = received_dossier(unit=unit, actor=reception, name=name)
        dossier_note_add(actor=reception, dossier=dossier, text=f"Ghi chú {number} — «{name}»")
        dossier_attachment_add(
            actor=reception, dossier=dossier, name="Tờ khai.pdf", content=PDF + bytes([number])
        )
        dossier_attachment_add(
            actor=reception,
            dossier=dossier,
            name="CCCD.png",
            content=image_bytes("PNG", (number, number)),
        )


seed()
