"""QR codes as PNG data URIs, so the PDF needs no file or network access."""

import base64
import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M


def qr_data_uri(text: str) -> str:
    # Medium error correction survives a smudged print; the 4-module border is the quiet
    # zone scanners need.
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=8, border=4)
    code.add_data(text)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
