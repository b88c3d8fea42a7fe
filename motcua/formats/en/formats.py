"""English interface, Vietnamese dates: the officers who choose English still read and type
dates day first, as every page and paper shows them ("05/03/2025" is 5 March). Django's `en`
locale reads typed dates month first. Numbers keep the English separators."""

from motcua.formats.vi.formats import (  # noqa: F401 (the format module's names)
    DATE_FORMAT,
    DATE_INPUT_FORMATS,
    DATETIME_FORMAT,
    DATETIME_INPUT_FORMATS,
    FIRST_DAY_OF_WEEK,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    TIME_INPUT_FORMATS,
)
