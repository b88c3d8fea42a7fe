"""Officer pages. Thin: read through selectors, write through services."""

from dossiers.views_counter import counter, counter_checklist, counter_procedures
from dossiers.views_dossier import act, attachment, detail
from dossiers.views_forms import dossier_book, dossier_form
from dossiers.views_queue import queue

__all__ = [
    "act",
    "attachment",
    "counter",
    "counter_checklist",
    "counter_procedures",
    "detail",
    "dossier_book",
    "dossier_form",
    "queue",
]
