"""Who sees what. Every URL of the app that takes an id is enumerated from the URLconf, so
new pages are covered automatically: another citizen, an officer of another unit, a
citizen on officer pages and an officer on citizen pages all get 404; visitors are sent to
sign in; nothing changes on any of their POSTs."""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.tests.factories import UnitFactory
from dossiers import services as dossier_services
from dossiers.models import DossierEvent
from online import received, services
from online.models import CitizenUpload, PublishedResult, Submission, SubmissionEvent
from online.tests.factories import PDF, PNG, citizen, draft, submitted

pytestmark = pytest.mark.django_db
IDS = {"submission_id", "file_id", "code", "upload_id", "result_id"}


@pytest.fixture
def world(desk):
    owner = citizen(full_name="Chủ Hồ Sơ", phone="0912000444")
    accepted = submitted(desk, owner)
    dossier = services.submission_accept(actor=desk.reception, submission=accepted)
    d = dossier_services.dossier_assign(
        actor=desk.reception, dossier=dossier, assignee=desk.specialist
    )
    d = dossier_services.dossier_request_supplement(
        actor=desk.specialist, dossier=d, missing_papers=["Ảnh"], reason="Thiếu ảnh"
    )
    upload = received.citizen_upload_add(
        actor=owner, dossier=d, label="Ảnh", name="anh.png", content=PNG
    )
    received.citizen_supplement_send(actor=owner, dossier=d)
    d = received.citizen_supplement_take(actor=desk.reception, dossier=d)
    d = dossier_services.dossier_submit_for_approval(actor=desk.specialist, dossier=d)
    d = dossier_services.dossier_approve(actor=desk.approver, dossier=d, result="Giấy CN")
    result = received.result_publish(actor=desk.reception, dossier=d, name="kq.pdf", content=PDF)
    waiting = submitted(desk, owner)
    return {
        "desk": desk,
        "owner": owner,
        "submission": waiting,
        "file": waiting.files.first(),
        "dossier": d,
        "upload": upload,
        "result": result,
    }


def urls(world, *, officer_pages: bool, with_ids: bool = True) -> list[str]:
    samples = {
        "submission_id": world["submission"].pk,
        "file_id": world["file"].pk,
        "code": world["dossier"].code,
        "upload_id": world["upload"].pk,
        "result_id": world["result"].pk,
        "action": "accept",
        "tab": "cho-tiep-nhan",
    }
    found = []
    for pattern in get_resolver("online.urls").url_patterns:
        assert isinstance(pattern, URLPattern)
        converters = set(pattern.pattern.converters)
        if pattern.name.startswith("officer_") != officer_pages:
            continue
        if with_ids != bool(converters & IDS):
            continue
        kwargs = {name: samples[name] for name in converters}
        found.append(reverse(f"online:{pattern.name}", kwargs=kwargs))
    return found


def snapshot() -> tuple:
    return (
        list(Submission.objects.order_by("pk").values_list("status", "updated_at")),
        SubmissionEvent.objects.count(),
        DossierEvent.objects.count(),
        CitizenUpload.objects.count(),
        PublishedResult.objects.count(),
    )


def everything_404(client, pages: list[str]) -> None:
    before = snapshot()
    for url in pages:
        assert client.get(url).status_code == 404, url
        response = client.post(url, {"note": "x", "reason": "x", "accept-note": "x"})
        assert response.status_code in {404, 405}, url
    assert snapshot() == before


def test_the_pattern_lists_cover_every_page_with_an_id(world):
    citizen_pages = urls(world, officer_pages=False)
    officer_pages = urls(world, officer_pages=True)
    assert len(citizen_pages) >= 7 and len(officer_pages) >= 8
    assert len(citizen_pages) + len(officer_pages) == sum(
        1
        for p in get_resolver("online.urls").url_patterns
        if set(p.pattern.converters) & IDS  # type: ignore[union-attr]
    )


def test_the_rightful_users_reach_every_page(client, world):
    client.force_login(world["owner"])
    for url in urls(world, officer_pages=False):
        assert client.get(url).status_code in {200, 405}, url
    client.force_login(world["desk"].reception)
    for url in urls(world, officer_pages=True) + urls(world, officer_pages=True, with_ids=False):
        assert client.get(url).status_code in {200, 405}, url


def test_another_citizen_gets_404_on_every_citizen_page(client, world):
    client.force_login(citizen(full_name="Người Khác"))
    everything_404(client, urls(world, officer_pages=False))
    assert "Chủ Hồ Sơ" not in client.get(reverse("online:mine")).content.decode()


def test_an_officer_of_another_unit_gets_404_on_every_officer_page(client, world):
    stranger = officer(UnitFactory(), Role.RECEPTION, Role.SPECIALIST, Role.APPROVER)
    client.force_login(stranger)
    everything_404(client, urls(world, officer_pages=True))
    page = client.get(reverse("online:officer_queue")).content.decode()
    assert world["submission"].reference not in page


def test_citizens_get_404_on_officer_pages_and_officers_on_citizen_pages(client, world):
    client.force_login(world["owner"])
    everything_404(
        client,
        urls(world, officer_pages=True) + urls(world, officer_pages=True, with_ids=False),
    )
    client.force_login(world["desk"].reception)
    citizen_only = [reverse("online:mine"), reverse("online:new"), reverse("online:profile")]
    everything_404(client, urls(world, officer_pages=False) + citizen_only)


def test_drafts_are_private_to_their_citizen(client, world):
    hidden = draft(world["desk"], world["owner"])
    client.force_login(world["desk"].reception)
    url = reverse("online:officer_submission", args=[hidden.pk])
    assert client.get(url).status_code == 404
    assert client.post(reverse("online:officer_act", args=[hidden.pk, "accept"])).status_code == 404


def test_visitors_are_sent_to_the_right_sign_in_page(client, world):
    citizen_pages = [
        *urls(world, officer_pages=False),
        reverse("online:mine"),
        reverse("online:new"),
        reverse("online:profile"),
    ]
    for url in citizen_pages:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("online:sign_in") + "?next="), url
    for url in urls(world, officer_pages=True) + urls(world, officer_pages=True, with_ids=False):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url


def test_an_overseer_reads_online_dossiers_of_units_below_but_cannot_answer(client, world):
    overseer = officer(world["desk"].unit.parent, Role.OVERSEER)
    client.force_login(overseer)
    url = reverse("online:officer_submission", args=[world["submission"].pk])
    assert client.get(url).status_code == 200
    client.post(reverse("online:officer_act", args=[world["submission"].pk, "accept"]))
    world["submission"].refresh_from_db()
    assert world["submission"].status == "submitted"
