from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class ImportFailed(Exception):
    """The file was rejected; nothing was written. `errors` are Vietnamese, one per problem."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors

    def report(self) -> str:
        heading = f"Tệp có {len(self.errors)} lỗi; không ghi dữ liệu nào:"
        return "\n".join([heading, *(f"  - {error}" for error in self.errors)])


def at_line(line: int, message: str) -> str:
    return f"Dòng {line}: {message}"


class RowErrors:
    """Collects every problem of one row, so a file's errors are reported all at once."""

    def __init__(self, line: int, errors: list[str]) -> None:
        self.line = line
        self.errors = errors
        self._before = len(errors)

    def take(self, parse: Callable[[object], T], value: object, *, column: str = "") -> T | None:
        try:
            return parse(value)
        except ValueError as error:
            prefix = f"{column}: " if column else ""
            self.errors.append(at_line(self.line, f"{prefix}{error}"))
            return None

    @property
    def ok(self) -> bool:
        return len(self.errors) == self._before
