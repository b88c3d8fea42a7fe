"""`{% fixed_text %}…{% endfixed_text %}`: a part of a page that is the same on every request
in a language (labels, navigation, links to static files), rendered once per process and
language and then reused. Django's template engine costs a few microseconds per tag; the
public look-up page spent more on its fixed labels than on the dossier (issue #9).

The part is rendered with none of the page's variables (as `{% include … only %}`), only
those named in the tag: `{% fixed_text section %}` keeps one copy per language and value of
`section`. Nothing of one request can end up in another's page: whatever the part uses
without naming it (`request`, `user`, `csrf_token`…) renders empty, on the first request as on
every other, so a mistake shows at once instead of leaking. Do not put in it what changes
while the process runs (`{% now %}`, data from the database)."""

from django import template
from django.template.base import Node, NodeList, Parser, Token
from django.template.context import Context
from django.template.loader_tags import BlockNode
from django.urls import get_script_prefix
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

# Copies kept per part: enough for every value of a variable like `section`; beyond (a named
# variable with many values) the part is rendered on every request, not kept.
MAX_COPIES = 32


class FixedTextNode(Node):
    # Not searched for blocks or other tags by the template engine: the part is rendered on
    # its own (and the engine's search of a page's tags was a cost of its own, issue #9).
    child_nodelists = ()

    def __init__(self, part: NodeList, names: list[str]) -> None:
        self.part = part
        self.names = names
        self.copies: dict[tuple, SafeString] = {}

    def render(self, context: Context) -> SafeString:
        values = {name: context[name] for name in self.names if name in context}
        # The script prefix too: URLs in the part start with it (a site served under /motcua/).
        key = (get_language(), get_script_prefix(), *values.items())
        text = self.copies.get(key)
        if text is None:
            text = self.part.render(context.new(values))  # a SafeString, as any part
            if len(self.copies) < MAX_COPIES:
                self.copies[key] = text
        return text


@register.tag
def fixed_text(parser: Parser, token: Token) -> FixedTextNode:
    names = token.split_contents()[1:]
    for name in names:
        if not name.isidentifier():
            raise template.TemplateSyntaxError(
                f"{{% fixed_text %}} names plain variables, not {name!r}"
            )
    part = parser.parse(("endfixed_text",))
    parser.delete_first_token()
    if part.get_nodes_by_type(BlockNode):
        # The engine does not look inside the part (child_nodelists), so a child template
        # could not override the block: refuse it rather than ignore the override.
        raise template.TemplateSyntaxError("{% fixed_text %} cannot hold a {% block %}")
    return FixedTextNode(part, names)
