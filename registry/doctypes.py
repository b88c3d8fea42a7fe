"""Kinds of official documents and their abbreviations (Decree 30/2020/NĐ-CP, Phụ lục III),
and the number-and-symbol an issued document carries (Phụ lục I, mục II.3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentType(models.TextChoices):
    CONG_VAN = "cong_van", _("Công văn")
    QUYET_DINH = "quyet_dinh", _("Quyết định")
    NGHI_QUYET = "nghi_quyet", _("Nghị quyết")
    CHI_THI = "chi_thi", _("Chỉ thị")
    QUY_CHE = "quy_che", _("Quy chế")
    QUY_DINH = "quy_dinh", _("Quy định")
    THONG_BAO = "thong_bao", _("Thông báo")
    HUONG_DAN = "huong_dan", _("Hướng dẫn")
    CHUONG_TRINH = "chuong_trinh", _("Chương trình")
    KE_HOACH = "ke_hoach", _("Kế hoạch")
    PHUONG_AN = "phuong_an", _("Phương án")
    DE_AN = "de_an", _("Đề án")
    BAO_CAO = "bao_cao", _("Báo cáo")
    BIEN_BAN = "bien_ban", _("Biên bản")
    TO_TRINH = "to_trinh", _("Tờ trình")
    HOP_DONG = "hop_dong", _("Hợp đồng")
    CONG_DIEN = "cong_dien", _("Công điện")
    GIAY_MOI = "giay_moi", _("Giấy mời")
    GIAY_GIOI_THIEU = "giay_gioi_thieu", _("Giấy giới thiệu")
    GIAY_UY_QUYEN = "giay_uy_quyen", _("Giấy ủy quyền")
    PHIEU_CHUYEN = "phieu_chuyen", _("Phiếu chuyển")
    OTHER = "other", _("Văn bản khác")  # incoming only: other bodies' kinds we do not issue


# Công văn has no abbreviation: its symbol names the issuer and the drafting unit instead.
ABBREVIATIONS: dict[str, str] = {
    DocumentType.CONG_VAN: "",
    DocumentType.QUYET_DINH: "QĐ",
    DocumentType.NGHI_QUYET: "NQ",
    DocumentType.CHI_THI: "CT",
    DocumentType.QUY_CHE: "QC",
    DocumentType.QUY_DINH: "QyĐ",
    DocumentType.THONG_BAO: "TB",
    DocumentType.HUONG_DAN: "HD",
    DocumentType.CHUONG_TRINH: "CTr",
    DocumentType.KE_HOACH: "KH",
    DocumentType.PHUONG_AN: "PA",
    DocumentType.DE_AN: "ĐA",
    DocumentType.BAO_CAO: "BC",
    DocumentType.BIEN_BAN: "BB",
    DocumentType.TO_TRINH: "TTr",
    DocumentType.HOP_DONG: "HĐ",
    DocumentType.CONG_DIEN: "CĐ",
    DocumentType.GIAY_MOI: "GM",
    DocumentType.GIAY_GIOI_THIEU: "GGT",
    DocumentType.GIAY_UY_QUYEN: "GUQ",
    DocumentType.PHIEU_CHUYEN: "PC",
}

ISSUABLE = [(value, label) for value, label in DocumentType.choices if value in ABBREVIATIONS]

# The issuing body of every unit's register: the People's Committee (Ủy ban nhân dân).
ISSUER = "UBND"


def document_symbol(*, number: int, doc_type: str, issuer: str, drafting_unit: str = "") -> str:
    """ "05/QĐ-UBND" for a typed document, "12/UBND-VP" for a công văn. Numbers below 10
    take a leading zero (Phụ lục I, mục II.3.a)."""
    abbreviation = ABBREVIATIONS[doc_type]
    if abbreviation:
        return f"{number:02d}/{abbreviation}-{issuer}"
    if not drafting_unit:
        raise ValueError("a công văn's symbol needs the drafting unit")
    return f"{number:02d}/{issuer}-{drafting_unit}"
