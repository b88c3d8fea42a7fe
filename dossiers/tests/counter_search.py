"""The counter's procedure search, driven in a browser (shared by the browser tests)."""

from playwright.sync_api import expect


def search_procedures(page, text: str) -> None:
    """Type into the search box, which has the focus, and wait for the list answering all it holds.

    The box asks the server while the officer types, so a list may first answer a prefix and
    then be replaced; a button focused in it would vanish with it. And htmx wires up a swapped-in
    list only when it settles (20 ms later, when it drops the class htmx-added): a key pressed on
    a button before that does nothing."""
    box = page.locator("#procedure-search")
    expect(box).to_be_focused()  # autofocus: Chromium may apply it just after the load event
    page.keyboard.type(text)
    query = box.input_value()
    page.wait_for_selector(
        f'#procedure-results .results[data-query="{query}"]:not(.htmx-added) button'
    )
