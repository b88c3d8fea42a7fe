"""Shares and means as the pages show them: Decimal, one decimal, half up; None when the
denominator is zero (no data, not 0%)."""

from decimal import ROUND_HALF_UP, Decimal

ONE_DECIMAL = Decimal("0.1")


def one_decimal(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def percent(part: int, whole: int) -> Decimal | None:
    return one_decimal(Decimal(100 * part) / whole) if whole else None


def mean(values: list[int]) -> Decimal | None:
    """The mean rounded to one decimal (Circular 01/2018 art. 15); None for no values."""
    return one_decimal(Decimal(sum(values)) / len(values)) if values else None
