"""Register pages. Thin: read through selectors, write through services."""

from registry.views_books import book, due
from registry.views_incoming import (
    incoming_act,
    incoming_detail,
    incoming_list,
    incoming_new,
    incoming_scan,
)
from registry.views_outgoing import (
    outgoing_act,
    outgoing_detail,
    outgoing_list,
    outgoing_new,
    outgoing_scan,
)

__all__ = [
    "book",
    "due",
    "incoming_act",
    "incoming_detail",
    "incoming_list",
    "incoming_new",
    "incoming_scan",
    "outgoing_act",
    "outgoing_detail",
    "outgoing_list",
    "outgoing_new",
    "outgoing_scan",
]
