"""Progress bars for long commands (imports, seeding): tqdm on standard error, so that
standard output stays clean for results (JSON and summaries)."""

import sys
from collections.abc import Callable
from typing import Any

from tqdm import tqdm


def progress_factory(*, enabled: bool = True) -> Callable[..., tqdm]:
    """A tqdm factory for services that take `progress=`: progress(iterable, desc=…) or
    progress(total=…, desc=…)."""

    def progress(iterable: Any = None, **kwargs: Any) -> tqdm:
        return tqdm(iterable, file=sys.stderr, disable=not enabled, mininterval=0.5, **kwargs)

    return progress
