"""A reproducible random sample of a unit's dossiers for on-site inspection (pure)."""

import hashlib
import random
from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _

CHECKLIST = {
    "receipt": _("Có Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)"),
    "papers": _("Thành phần hồ sơ đầy đủ, đúng quy định"),
    "control_slip": _("Có Phiếu kiểm soát quá trình giải quyết (Mẫu 05)"),
    "dates_match": _("Ngày tiếp nhận, hẹn trả, trả kết quả khớp với hệ thống"),
    "result": _("Kết quả giải quyết lưu đúng, đủ"),
}


def sample(ids: Sequence[int], *, size: int, seed: str) -> list[int]:
    """`size` of `ids` (all if fewer), drawn by a generator seeded from `seed` over the ids
    sorted: the same ids and seed always give the same sample, in the same order."""
    digest = hashlib.sha256(seed.encode()).digest()
    rng = random.Random(int.from_bytes(digest[:8], "big"))  # noqa: S311 (not security)
    pool = sorted(ids)
    return rng.sample(pool, min(size, len(pool)))
