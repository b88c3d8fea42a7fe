"""Cross-unit access matrix (security-and-reliability.md §T4), generated from the URLconf.

Every URL Django resolves (pages, htmx fragments, downloads, the REST API, the admin) must
have a rule in motcua/access_policy.py, or `test_every_url_has_an_access_rule` fails and
names it. Then, in a world with the same objects in two sibling communes A and B
(motcua/tests/access_world.py), where A's objects carry canary personal data:

- every URL that shows or changes one of A's objects is requested (GET, and POST or the
  API method) by people who may not: an officer of B holding every role, an overseer of
  another district, citizens, an anonymous visitor, API tokens of B. Each gets 403 or 404
  (a visitor may instead be sent to a sign-in page; the API says 401), never a canary, and
  none of their POSTs changes a row;
- URLs with two ids are also asked for B's parent with A's child (B's own officer asking
  for A's file through B's dossier);
- every list, search, report and export is requested by the same people with filters that
  try to widen the scope (?unit=A, ?q=, big pages): never a canary;
- the rightful user (A's officer, the citizen who owns it, the programme's supervisor, the
  administrator, A's token) gets the page, and sees A's canary where the rule says the page
  lists it: the URLs are built right and the filters above were not empty by accident.
"""

import contextlib
import copy
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from accounts.tests.factories import sign_in_verified
from motcua.access_policy import POLICY, Rule, Who, policy_for
from motcua.tests.access_world import CANARY_TOKENS, Side, World, build_world

pytestmark = pytest.mark.django_db

# ---------------------------------------------------------------- the URLconf


@dataclass(frozen=True)
class Entry:
    name: str  # "namespace:name"; "namespace:" for an unnamed pattern
    route: str  # the full route, e.g. "can-bo/ho-so/<str:code>/"
    params: tuple[str, ...]  # the URL's keyword arguments

    @property
    def key(self) -> str:
        return self.name if not self.name.endswith(":") and self.name else self.route

    @property
    def api(self) -> bool:
        return self.name.startswith("api:")

    @property
    def admin(self) -> bool:
        return self.name.startswith("admin:")


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[Entry]:
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern, route, ns)
        else:
            assert isinstance(pattern, URLPattern)
            name = f"{namespace}:{pattern.name or ''}" if namespace else (pattern.name or "")
            params = tuple(pattern.pattern.regex.groupindex)
            yield Entry(name, route, params)


ENTRIES: list[Entry] = list(dict.fromkeys(_walk(get_resolver())))


def _api_methods() -> dict[str, str]:
    """operationId (= URL name) → HTTP method, from the OpenAPI schema."""
    from api.api import PATH_PREFIX, api

    schema = api.get_openapi_schema(path_prefix=PATH_PREFIX)
    return {
        op["operationId"]: method.upper()
        for ops in schema["paths"].values()
        for method, op in ops.items()
    }


API_METHODS = _api_methods()


def _is_ref(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("@")


def object_params(rule: Rule) -> list[str]:
    return [k for k, v in rule.args.items() if _is_ref(v)]


def _names_a(value: Any) -> bool:
    """Whether a body refers to one of unit A's objects."""
    if isinstance(value, dict):
        return any(_names_a(v) for v in value.values())
    if isinstance(value, list):
        return any(_names_a(v) for v in value)
    return _is_ref(value)


def bears_object(entry: Entry, rule: Rule) -> bool:
    return bool(entry.params) if entry.admin else bool(object_params(rule))


# ---------------------------------------------------------------- who is who

OWNER = {
    Who.PUBLIC: "anonymous",
    Who.API_PUBLIC: "anonymous",
    Who.SIGNED_IN: "officer_a",
    Who.OFFICER_UNIT: "officer_a",
    Who.CITIZEN_OWN: "citizen_a",
    Who.LOOKUP_SESSION: "visitor_a",
    Who.PROGRAMME: "supervisor_a",
    Who.STAFF: "admin",
    Who.API: "token_a",
    Who.API_ANY: "token_a",
}
# Who must be refused A's objects, per rule.
DENIED = {
    Who.PUBLIC: (),
    Who.API_PUBLIC: (),
    Who.SIGNED_IN: ("anonymous",),
    Who.OFFICER_UNIT: ("officer_b", "overseer_e", "citizen_a", "citizen_b", "anonymous"),
    Who.CITIZEN_OWN: ("citizen_b", "officer_a", "officer_b", "anonymous"),
    Who.LOOKUP_SESSION: ("visitor_b", "officer_b", "citizen_b", "anonymous"),
    Who.PROGRAMME: ("officer_b", "officer_a", "overseer_e", "citizen_a", "anonymous"),
    Who.STAFF: ("officer_a", "officer_b", "citizen_a", "anonymous"),
    Who.API: ("token_b", "token_ab_b", "officer_b", "citizen_a", "anonymous"),
    Who.API_ANY: ("anonymous",),
}
# B's rightful user, for the crossed-ids cases.
B_OWNER = {
    Who.OFFICER_UNIT: "officer_b",
    Who.CITIZEN_OWN: "citizen_b",
    Who.PROGRAMME: "officer_b",
    Who.API: "token_b",
}
# A denied visitor may be sent here (the page reveals nothing of the object).
ENTRY_PAGES = {
    "accounts:login",
    "online:sign_in",
    "admin:login",
    "portal:lookup",
    "portal:lookup_code",
    "portal:tablet",
}
PUBLIC_VISITORS = ("anonymous", "officer_b", "citizen_b")
ACTORS = sorted(
    {*OWNER.values(), *B_OWNER.values(), *PUBLIC_VISITORS}
    | {actor for actors in DENIED.values() for actor in actors}
)


def rule_of(entry: Entry) -> Rule | None:
    """The entry's rule: by name; an unnamed pattern by its route or its namespace."""
    if entry.name and not entry.name.endswith(":"):
        return policy_for(entry.name)
    return POLICY.get(entry.route) or policy_for(entry.name)


def _methods(entry: Entry, rule: Rule) -> list[str]:
    if entry.api:
        method = API_METHODS.get(entry.name.removeprefix("api:"), "GET")
        return ["GET"] if method == "GET" else ["GET", method]
    return ["GET", "POST"]


def _cases() -> dict[str, list[Any]]:
    cases: dict[str, list[Any]] = {
        "object": [],
        "crossed": [],
        "collection": [],
        "write": [],
        "owner": [],
    }
    for entry in ENTRIES:
        rule = rule_of(entry)
        if rule is None:
            continue
        cases["owner"].append(pytest.param(entry, id=entry.key))
        if bears_object(entry, rule):
            actors = DENIED[rule.who] or PUBLIC_VISITORS
            for actor in actors:
                methods = ["GET"] if rule.who in (Who.PUBLIC, Who.API_PUBLIC) else None
                for method in methods or _methods(entry, rule):
                    cases["object"].append(
                        pytest.param(entry, actor, method, id=f"{entry.key}-{actor}-{method}")
                    )
            if len(object_params(rule)) >= 2 and rule.who in B_OWNER:
                for method in _methods(entry, rule):
                    cases["crossed"].append(pytest.param(entry, method, id=f"{entry.key}-{method}"))
        else:
            # A's own officer is no outsider to A's data (e.g. recommendations to A).
            outsiders = (*DENIED[rule.who], *PUBLIC_VISITORS)
            for actor in dict.fromkeys(a for a in outsiders if a != "officer_a"):
                cases["collection"].append(pytest.param(entry, actor, id=f"{entry.key}-{actor}"))
                if rule.post is not None and _names_a(rule.post):
                    cases["write"].append(pytest.param(entry, actor, id=f"{entry.key}-{actor}"))
    return cases


CASES = _cases()


# ---------------------------------------------------------------- the world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:
    """Built once for the module inside a transaction rolled back at the end; each test
    runs in a savepoint inside it."""
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        for actor in ACTORS:
            if not actor.startswith("token_"):
                built.sessions[actor] = _sign_in(built, actor).cookies
        yield built
        transaction.set_rollback(True)


def _sign_in(world: World, actor: str) -> Client:
    client = Client()
    if actor.startswith("visitor_"):
        side = world.a if actor == "visitor_a" else world.b
        digits = side.dossier.applicant_phone[-4:]
        answer = client.post(
            reverse("portal:lookup"), {"code": side.dossier.code, "digits": digits}
        )
        assert answer.status_code == 302, answer.status_code
    elif actor != "anonymous":
        # With the second factor too: administrators (and unit administrators) reach nothing
        # without it, which would hide what the page itself allows.
        sign_in_verified(client, getattr(world, actor))
    return client


def client_for(world: World, actor: str) -> Client:
    """A client acting as `actor`, with the session signed in once for the module (its row
    lives in the module's transaction; what a test's requests do to it is rolled back)."""
    if actor.startswith("token_"):
        return Client(headers={"Authorization": f"Bearer {getattr(world, actor)}"})
    client = Client()
    client.cookies = copy.deepcopy(world.sessions[actor])
    return client


def ref(value: Any, world: World, side: Side) -> Any:
    """ "@dossier.code" → that attribute of `side` (or of the world); containers recurse."""
    if isinstance(value, dict):
        return {k: ref(v, world, side) for k, v in value.items()}
    if isinstance(value, list):
        return [ref(v, world, side) for v in value]
    if not _is_ref(value):
        return value
    head, *rest = value[1:].split(".")
    found = getattr(side, head) if hasattr(side, head) else getattr(world, head)
    for attr in rest:
        found = getattr(found, attr)
    return found


def admin_kwargs(entry: Entry, world: World) -> dict[str, Any]:
    """Arguments for an admin URL: the first row of its model, an existing content type."""
    parts = entry.route.split("/")
    values: dict[str, Any] = {}
    for param in entry.params:
        if param in ("object_id", "id"):
            model = None
            if len(parts) > 2:
                try:
                    model = apps.get_model(parts[1], parts[2])
                except (LookupError, ValueError):
                    model = None
            first = model.objects.order_by("pk").first() if model else None
            values[param] = first.pk if first else world.officer_a.pk
        elif param == "content_type_id":
            values[param] = ContentType.objects.get_for_model(type(world.officer_a)).pk
        elif param == "app_label":
            values[param] = "online"
        else:
            values[param] = "nowhere/"
    return values


def path_of(entry: Entry, kwargs: dict[str, Any]) -> str:
    """The concrete path of a pattern (named or not) with `kwargs` filled in."""
    route = entry.route
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), route)
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m.group(1)]), route)
    return "/" + route.replace("^", "").replace("$", "")


def url_for(entry: Entry, rule: Rule, world: World, side: Side, crossed: Side | None = None):
    if entry.admin:
        return path_of(entry, admin_kwargs(entry, world))
    kwargs = {k: ref(v, world, side) for k, v in rule.args.items()}
    if crossed is not None:  # the first id from the other side
        first = object_params(rule)[0]
        kwargs[first] = ref(rule.args[first], world, crossed)
    if entry.name and not entry.name.endswith(":"):
        return reverse(entry.name, kwargs=kwargs)
    return path_of(entry, kwargs)


def send(client: Client, entry: Entry, method: str, path: str, body: dict | None, query=None):
    if method == "GET":
        return client.get(path, query or {})
    body = body or {}
    if entry.api and not any(isinstance(v, SimpleUploadedFile) for v in body.values()):
        return client.generic(method, path, json.dumps(body), content_type="application/json")
    if method == "POST":
        return client.post(path, body)
    return client.generic(method, path)


# ---------------------------------------------------------------- what a response shows


def shown(response: HttpResponse) -> str:
    """Everything a response shows: headers, body, the text inside XLSX/DOCX and PDF."""
    if getattr(response, "streaming", False):
        raw = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    else:
        raw = response.content
    parts = [f"{k}: {v}" for k, v in response.items()]
    parts.append(raw.decode("utf-8", errors="replace"))
    if raw.startswith(b"PK\x03\x04"):  # XLSX, DOCX
        with zipfile.ZipFile(io.BytesIO(raw)) as packed:
            parts += [packed.read(n).decode("utf-8", errors="replace") for n in packed.namelist()]
    if raw.startswith(b"%PDF"):
        from pypdf import PdfReader

        with contextlib.suppress(Exception):  # the test scans are minimal PDFs without pages
            parts += [page.extract_text() or "" for page in PdfReader(io.BytesIO(raw)).pages]
    return "\n".join(parts)


def leaked(response: HttpResponse) -> list[str]:
    text = shown(response)
    return [token for token in CANARY_TOKENS if token in text]


def assert_refused(response: HttpResponse, *, entry: Entry, actor: str, method: str) -> None:
    status = response.status_code
    where = f"{method} {entry.key} as {actor}: {status}"
    if status == 302:
        target = resolve(urlsplit(response["Location"]).path).view_name
        assert target in ENTRY_PAGES, f"{where} → {response['Location']}"
    elif entry.api and actor == "anonymous":
        assert status in (401, 405), where
    else:
        assert status in (403, 404, 405), where


# The apps whose rows a refused request must leave alone. The API's tokens are left out:
# each use stamps last_used_at, refused or not (and creates nothing).
WATCHED_APPS = (
    "accounts",
    "catalog",
    "dossiers",
    "online",
    "registry",
    "oversight",
    "notifications",
    "portal",
)
WATCHED = [
    model
    for label in WATCHED_APPS
    for model in apps.get_app_config(label).get_models(include_auto_created=True)
]


def snapshot() -> object:
    """The state of the watched tables. On PostgreSQL the statistics collector counts the
    rows this transaction inserted, updated and deleted per table (one query: the database
    is slow on a loaded machine; a partitioned table's rows are counted in its partitions,
    docs/partitioning.md); on SQLite every row is read (last_login moves with each sign-in,
    before the request, so it is left out)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT t.name, sum(s.n_tup_ins), sum(s.n_tup_upd), sum(s.n_tup_del) "
                "FROM pg_stat_xact_user_tables s LEFT JOIN pg_inherits i ON i.inhrelid = s.relid "
                "CROSS JOIN LATERAL (SELECT coalesce(i.inhparent::regclass::text, s.relname)) "
                "AS t(name) WHERE t.name = ANY(%s) GROUP BY t.name ORDER BY t.name",
                [[m._meta.db_table for m in WATCHED]],
            )
            return cursor.fetchall()
    return {
        model._meta.label: [
            {k: v for k, v in row.items() if k != "last_login"}
            for row in model.objects.order_by("pk").values()
        ]
        for model in WATCHED
    }


def _rule(entry: Entry) -> Rule:
    found = rule_of(entry)
    assert found is not None
    return found


# ---------------------------------------------------------------- the tests


def test_every_url_has_an_access_rule():
    missing = [f"{e.key}  ({e.route})" for e in ENTRIES if rule_of(e) is None]
    assert not missing, (
        "URLs without an access rule in motcua/access_policy.py (add one line each):\n"
        + "\n".join(missing)
    )
    names = {e.name for e in ENTRIES} | {e.route for e in ENTRIES}
    stale = sorted(set(POLICY) - names)
    assert not stale, f"Rules for URLs that no longer exist: {stale}"
    total = sum(len(v) for v in CASES.values())
    print(
        f"\naccess matrix: {len(ENTRIES)} URLs, {total} cases "
        + ", ".join(f"{k} {len(v)}" for k, v in CASES.items())
    )
    assert len(CASES["object"]) > 500


@pytest.mark.parametrize(("entry", "actor", "method"), CASES["object"])
def test_an_outsider_gets_nothing_of_units_a_object(world, entry, actor, method):
    rule = _rule(entry)
    client = client_for(world, actor)
    path = url_for(entry, rule, world, world.a)
    body = ref(dict(rule.post or {}), world, world.a)
    if rule.who in (Who.PUBLIC, Who.API_PUBLIC):
        response = send(client, entry, method, path, body)
        assert response.status_code < 500, (path, response.status_code)
        assert not leaked(response), (path, actor)
        return
    before = snapshot() if method != "GET" else None
    response = send(client, entry, method, path, body)
    assert not leaked(response), f"{method} {path} as {actor} shows {leaked(response)}"
    assert_refused(response, entry=entry, actor=actor, method=method)
    if before is not None:
        assert snapshot() == before, f"{method} {path} as {actor} changed data"


@pytest.mark.parametrize(("entry", "method"), CASES["crossed"])
def test_b_cannot_reach_as_objects_through_its_own(world, entry, method):
    """B's rightful user asks for A's child object under B's parent (B's dossier, A's file;
    B's programme, A's unit)."""
    rule = _rule(entry)
    actor = B_OWNER[rule.who]
    client = client_for(world, actor)
    path = url_for(entry, rule, world, world.a, crossed=world.b)
    body = ref(dict(rule.post or {}), world, world.a)
    before = snapshot() if method != "GET" else None
    response = send(client, entry, method, path, body)
    assert not leaked(response), f"{method} {path} as {actor} shows {leaked(response)}"
    assert_refused(response, entry=entry, actor=actor, method=method)
    if before is not None:
        assert snapshot() == before, f"{method} {path} as {actor} changed data"


@pytest.mark.parametrize(("entry", "actor"), CASES["collection"])
def test_lists_never_show_unit_a_to_outsiders(world, entry, actor):
    rule = _rule(entry)
    client = client_for(world, actor)
    path = url_for(entry, rule, world, world.a)
    base = ref(dict(rule.query), world, world.a)
    a = world.a
    queries = [
        base,
        {**base, "unit": a.unit.pk, "q": "Rò Rỉ", "trang": 1, "page_size": 1000, "limit": 1000},
        {**base, "unit": a.unit.code, "q": a.dossier.code, "status": a.dossier.status},
    ]
    for query in queries:
        response = client.get(path, query)
        assert response.status_code < 500, (path, query, response.status_code)
        assert not leaked(response), f"{path}?{query} as {actor} shows {leaked(response)}"
        if actor == "anonymous" and rule.who not in (Who.PUBLIC, Who.API_PUBLIC):
            assert_refused(response, entry=entry, actor=actor, method="GET")


@pytest.mark.parametrize(("entry", "actor"), CASES["write"])
def test_outsiders_cannot_write_into_unit_a(world, entry, actor):
    """Forms and endpoints that create something name its unit in the body: unit A's,
    posted by people who may not work there, creates nothing."""
    rule = _rule(entry)
    client = client_for(world, actor)
    path = url_for(entry, rule, world, world.a)
    method = API_METHODS.get(entry.name.removeprefix("api:"), "POST") if entry.api else "POST"
    before = snapshot()
    response = send(client, entry, method, path, ref(dict(rule.post or {}), world, world.a))
    assert response.status_code < 500, (path, response.status_code)
    assert not leaked(response), f"POST {path} as {actor} shows {leaked(response)}"
    if actor == "anonymous":
        assert_refused(response, entry=entry, actor=actor, method=method)
    assert snapshot() == before, f"POST {path} as {actor} changed data"


@pytest.mark.parametrize("entry", CASES["owner"])
def test_the_rightful_user_gets_the_page(world, entry):
    rule = _rule(entry)
    client = client_for(world, OWNER[rule.who])
    path = url_for(entry, rule, world, world.a)
    response = client.get(path, ref(dict(rule.query), world, world.a))
    if entry.admin:
        assert response.status_code < 500, (path, response.status_code)
        return
    assert response.status_code == rule.owner_status, (path, response.status_code)
    if rule.lists:
        assert leaked(response), f"{path}: the rightful user should see unit A's dossier here"


OWNER_POSTS = [
    pytest.param(entry, id=entry.key)
    for entry in ENTRIES
    if (found := rule_of(entry)) is not None and found.post is not None and found.post_changes
]


@pytest.mark.parametrize("entry", OWNER_POSTS)
def test_the_rightful_users_post_changes_something(world, entry):
    """The bodies the outsiders post would change data: their refusal is what kept it."""
    rule = _rule(entry)
    client = client_for(world, OWNER[rule.who])
    path = url_for(entry, rule, world, world.a)
    method = API_METHODS.get(entry.name.removeprefix("api:"), "POST") if entry.api else "POST"
    before = snapshot()
    response = send(client, entry, method, path, ref(dict(rule.post or {}), world, world.a))
    assert response.status_code < 400, (path, response.status_code)
    assert snapshot() != before, f"POST {path} by its rightful user changed nothing"
