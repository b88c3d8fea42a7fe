"""{% fixed_text %}: the part is the same as rendered without the tag, in each language and
under each script prefix; kept once per language and named value; nothing else gets in."""

import pytest
from django.template import TemplateSyntaxError, engines
from django.urls import set_script_prefix
from django.utils import translation

from common.templatetags.fixed_text import MAX_COPIES

ENGINE = engines["django"]

PART = '{% translate "Tra cứu hồ sơ" %} <a href="{% fixed_url "portal:lookup" %}">'


def template(source: str):
    return ENGINE.from_string("{% load i18n fixed_url fixed_text %}" + source)


def test_part_is_what_the_tags_render_in_each_language_and_no_other():
    fixed = template("{% fixed_text %}" + PART + "{% endfixed_text %}")
    plain = template(PART)
    seen = {}
    for language in ("vi", "en", "vi", "en"):  # the other language's copy is never served
        with translation.override(language):
            assert fixed.render({}) == plain.render({})
            seen[language] = fixed.render({})
    assert seen["vi"].startswith("Tra cứu hồ sơ")
    assert seen["en"] != seen["vi"]


def test_part_follows_the_script_prefix():
    fixed = template('{% fixed_text %}{% fixed_url "portal:lookup" %}{% endfixed_text %}')
    try:
        for prefix in ("/", "/motcua/", "/"):
            set_script_prefix(prefix)
            assert fixed.render({}) == f"{prefix}tra-cuu/"
    finally:
        set_script_prefix("/")


def test_page_variables_never_get_into_the_part():
    fixed = template("[{% fixed_text %}{{ secret }}{% csrf_token %}{% endfixed_text %}]")
    assert fixed.render({"secret": "first visitor's", "csrf_token": "abc"}) == "[]"
    assert fixed.render({"secret": "second visitor's", "csrf_token": "def"}) == "[]"


def test_named_variables_get_one_copy_per_value():
    fixed = template(
        '{% fixed_text section %}{% if section == "lookup" %}here {% endif %}{{ section }}'
        "{% endfixed_text %}"
    )
    assert fixed.render({"section": "lookup"}) == "here lookup"
    assert fixed.render({"section": "figures"}) == "figures"
    assert fixed.render({"section": "lookup"}) == "here lookup"
    assert fixed.render({}) == ""


def test_many_values_are_rendered_right_but_not_all_kept():
    fixed = template("{% fixed_text n %}<{{ n }}>{% endfixed_text %}")
    for n in range(MAX_COPIES * 2):
        assert fixed.render({"n": n}) == f"<{n}>"
    (node,) = [n for n in fixed.template.nodelist if hasattr(n, "copies")]
    assert len(node.copies) == MAX_COPIES


def test_only_plain_variable_names():
    with pytest.raises(TemplateSyntaxError):
        template("{% fixed_text request.user %}x{% endfixed_text %}")


def test_a_block_inside_is_refused():
    """A child template's override of it would be silently ignored (the engine does not look
    inside the part), so the tag refuses it when the template is compiled."""
    with pytest.raises(TemplateSyntaxError, match="block"):
        template("{% fixed_text %}{% block title %}x{% endblock %}{% endfixed_text %}")
