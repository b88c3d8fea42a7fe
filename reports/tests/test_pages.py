"""The report page and its downloads through Django's test client: the numbers on the page
and in every download are the engine's, and nobody sees a unit they may not see."""

import csv
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.tests.factories import UserFactory
from reports.definitions import KEYS
from reports.exports.as_csv import to_csv
from reports.tests.html import table_rows
from reports.tests.scenario import MARCH, engine, get, office

pytestmark = pytest.mark.django_db


@pytest.fixture
def o():
    return office()


def body_rows(html: str) -> list[list[str]]:
    rows = table_rows(html, "report-table")
    return rows[1:]  # header row first


@pytest.mark.parametrize("group_by", ["unit", "field", "procedure", "level", "month"])
def test_the_page_shows_the_engines_numbers_exactly(client, o, group_by):
    ids = [o.hong_son.unit.pk, o.tan_lap.unit.pk]
    response = get(client, o.overseer, "report", {**MARCH, "group_by": group_by})
    assert response.status_code == 200
    expected = engine(ids, group_by)
    rows = body_rows(response.content.decode())
    assert len(rows) == len(expected.rows) + 1
    for shown, row in zip(rows, expected.rows, strict=False):
        assert shown[0] == f"{row.name} {row.key}"
        assert shown[1:] == [str(v) for v in row.counts.values()]
    assert rows[-1][1:] == [str(v) for v in expected.total.values()]
    assert expected.total.received_total > 0


def test_a_field_left_out_of_the_address_takes_its_default(client, o):
    """?group_by=month alone: the default period (the official month holding 25/3/2026,
    15/3–14/4), grouped by month as asked, and no field said to be missing."""
    html = get(client, o.overseer, "report", {"group_by": "month"}).content.decode()
    assert [row[0] for row in body_rows(html)[:-1]] == [
        "Tháng 3/2026 (15/03–31/03) 2026-03",
        "Tháng 4/2026 (01/04–14/04) — chưa bắt đầu 2026-04",  # today is 25/3
    ]
    assert "errorlist" not in html
    assert "Các tháng ghi «chưa bắt đầu» chưa có số liệu của tháng" in html


def test_a_period_not_yet_begun_is_said_so(client, o):
    """Its figures are none of its own: what it shows carried over is what is pending now
    (25/3/2026, 10:00), and the page says so above the table."""
    april = {"date_from": "2026-04-01", "date_to": "2026-04-30"}
    html = get(client, o.overseer, "report", {**april, "group_by": "month"}).content.decode()
    assert "Kỳ báo cáo chưa bắt đầu: chưa có số liệu của kỳ." in html
    assert html.index('id="not-begun"') < html.index('id="report-table"')
    rows = body_rows(html)
    assert rows[0][0] == "Tháng 4/2026 — chưa bắt đầu 2026-04"
    expected = engine([o.hong_son.unit.pk, o.tan_lap.unit.pk], "month", **april)
    assert expected.not_begun and expected.total.received_new == 0
    assert expected.total.received_carried_over > 0  # what is pending now
    march = get(client, o.overseer, "report", MARCH).content.decode()
    assert 'id="not-begun"' not in march
    xlsx = get(client, o.overseer, "download", april, fmt="xlsx")
    texts = [c.value for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows()
             for c in row if isinstance(c.value, str)]  # fmt: skip
    assert any("kỳ báo cáo chưa bắt đầu" in text for text in texts)


def test_an_earlier_as_of_does_not_make_a_month_not_begun(client, o):
    """«Xét quá hạn tại» only sets when lateness is judged: a period after it but before
    today has begun."""
    query = {
        "date_from": "2026-02-01",
        "date_to": "2026-03-25",
        "as_of": "2026-02-10T00:00",
        "group_by": "month",
    }
    html = get(client, o.overseer, "report", query).content.decode()
    assert "errorlist" not in html and "chưa bắt đầu" not in html
    assert [row[0] for row in body_rows(html)[:-1]] == [
        "Tháng 2/2026 2026-02",
        "Tháng 3/2026 (01/03–25/03) 2026-03",
    ]


def test_the_page_speaks_the_users_language_and_the_downloads_vietnamese(client, o):
    """Row names that are words (months, levels) follow the page's language; a download is a
    Vietnamese document whatever the page's language."""
    client.force_login(o.overseer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    for group_by, english, vietnamese in (
        ("month", "Month 3/2026", "Tháng 3/2026"),
        ("level", "Commune level", "Cấp xã"),
    ):
        page = get(client, o.overseer, "report", {**MARCH, "group_by": group_by})
        assert body_rows(page.content.decode())[0][0].startswith(english)
        csv = get(client, o.overseer, "download", {**MARCH, "group_by": group_by}, fmt="csv")
        assert csv.content.decode().splitlines()[1].split(",")[1] == vietnamese


def test_the_overseer_sees_the_communes_below_and_nothing_else(client, o):
    html = get(client, o.overseer, "report", MARCH).content.decode()
    names = [row[0].split(" ")[:3] for row in body_rows(html)[:-1]]
    assert names == [["Xã", "Hồng", "Sơn"], ["Xã", "Tân", "Lập"]]
    assert "Nơi Khác" not in html
    # Narrowed to one commune.
    one = get(client, o.overseer, "report", {**MARCH, "unit": o.tan_lap.unit.pk})
    rows = body_rows(one.content.decode())
    assert rows[-1][1:] == [str(v) for v in engine([o.tan_lap.unit.pk]).total.values()]


def test_a_commune_officer_sees_only_their_commune(client, o):
    html = get(client, o.hong_son.reception, "report", MARCH).content.decode()
    rows = body_rows(html)
    assert [r[0] for r in rows[:-1]] == [f"Xã Hồng Sơn {o.hong_son.unit.code}"]
    assert rows[-1][1:] == [str(v) for v in engine([o.hong_son.unit.pk]).total.values()]
    assert "Tân Lập" not in html


@pytest.mark.parametrize("name", ["report", "dashboard", "decision766", "evaluation"])
def test_a_unit_one_may_not_see_is_not_found(client, o, name):
    stranger = o.elsewhere.reception
    assert get(client, stranger, name, {"unit": o.hong_son.unit.pk}).status_code == 404
    assert get(client, stranger, name, {"unit": "x"}).status_code == 404
    assert get(client, o.overseer, name, {"unit": o.elsewhere.unit.pk}).status_code == 404
    assert get(client, o.hong_son.reception, name, {"unit": o.tan_lap.unit.pk}).status_code == 404
    assert get(client, UserFactory(), name).status_code == 404  # sees no unit at all
    own = get(client, stranger, name, {**MARCH, "unit": o.elsewhere.unit.pk})
    assert own.status_code == 200
    assert "Hồng Sơn" not in own.content.decode()


@pytest.mark.parametrize("name", ["report", "dashboard", "decision766", "evaluation"])
def test_anonymous_visitors_are_sent_to_sign_in(client, name):
    response = client.get(reverse(f"reports:{name}"))
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


def test_downloads_csv_and_json_are_the_engines_report(client, o):
    ids = [o.hong_son.unit.pk, o.tan_lap.unit.pk]
    query = {**MARCH, "group_by": "procedure"}
    expected = engine(ids, "procedure")
    response = get(client, o.overseer, "download", query, fmt="csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode() == to_csv(expected)
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    assert lines[0][2:] == list(KEYS)
    data = json.loads(get(client, o.overseer, "download", query, fmt="json").content)
    assert data["total"] == expected.total.as_dict()
    assert data["group_by"] == "procedure" and data["from"] == "2026-03-01"


def test_downloads_ii06a_excel_and_pdf(client, o):
    expected = engine([o.hong_son.unit.pk], "level_field").total
    query = {**MARCH, "unit": o.hong_son.unit.pk}
    xlsx = get(client, o.hong_son.approver, "download", query, fmt="xlsx")
    assert xlsx.status_code == 200 and "bieu-II06a" in xlsx["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    last = [cell.value for cell in list(sheet.iter_rows())[-1]]
    assert last[1] == "Tổng cộng"
    assert last[2] == expected.received_total and last[6] == expected.resolved_total
    assert last[12] == expected.pending_overdue == 1
    pdf = get(client, o.hong_son.approver, "download", query, fmt="pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "II.06a" in text and "Xã Hồng Sơn" in text


def test_downloads_are_scoped_and_unknown_formats_refused(client, o):
    stranger = o.elsewhere.reception
    for fmt in ("csv", "json", "xlsx", "pdf"):
        response = get(client, stranger, "download", {"unit": o.hong_son.unit.pk}, fmt=fmt)
        assert response.status_code == 404, fmt
    assert get(client, o.overseer, "download", MARCH, fmt="exe").status_code == 404
    # Without a unit, a stranger's download holds their own commune only.
    data = json.loads(get(client, stranger, "download", MARCH, fmt="json").content)
    assert [row["name"] for row in data["rows"]] == ["Xã Nơi Khác"]


def test_official_and_calendar_periods_are_one_click_away(client, o):
    html = get(client, o.overseer, "report").content.decode()
    # NOW is 25/03/2026: the official month is April (15/03–14/04), the default period.
    assert 'value="2026-03-15"' in html and 'value="2026-04-14"' in html
    for start, end in [
        ("2026-02-15", "2026-03-14"),  # official month 3 (last month)
        ("2025-12-15", "2026-03-14"),  # official quarter 1
        ("2025-12-15", "2026-06-14"),  # 6 months
        ("2025-12-15", "2026-09-14"),  # 9 months
        ("2025-12-15", "2026-12-14"),  # year
        ("2026-03-01", "2026-03-31"),  # calendar month
        ("2026-01-01", "2026-12-31"),  # calendar year
    ]:
        assert f"date_from={start}&amp;date_to={end}" in html, (start, end)


def test_a_wrong_period_is_said_and_the_default_shown(client, o):
    html = get(
        client, o.overseer, "report", {"date_from": "2026-03-31", "date_to": "2026-03-01"}
    ).content.decode()
    assert "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc." in html
    assert "report-total" in html
    # the figures are not those of the period asked for: the page says so above them
    assert html.index('id="showing-default"') < html.index('id="report-period"')
    assert "Từ ngày 15/03/2026 đến ngày 14/04/2026".lower() in html.lower()
    right = get(client, o.overseer, "report", {"date_from": "2026-03-01"}).content.decode()
    assert 'id="showing-default"' not in right


def test_a_download_of_a_wrong_period_is_refused_with_the_reason(client, o):
    wrong = {"date_from": "2026-12-31", "date_to": "2026-01-01"}
    for fmt in ("csv", "json", "xlsx", "pdf"):
        response = get(client, o.overseer, "download", wrong, fmt=fmt)
        assert response.status_code == 400, fmt
        assert response["Content-Type"].startswith("text/html")
        assert "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc." in response.content.decode()


def test_as_of_is_applied(client, o):
    # On 05/03 at noon the dossier received 04/03 was not yet overdue.
    query = {**MARCH, "as_of": "2026-03-05T12:00", "unit": o.hong_son.unit.pk}
    rows = body_rows(get(client, o.overseer, "report", query).content.decode())
    column = 1 + KEYS.index("pending_overdue")
    assert rows[-1][column] == "0"
    later = body_rows(get(client, o.overseer, "report", MARCH).content.decode())
    assert later[-1][column] == "1"


def test_the_nav_links_to_the_reports_for_officers(client, o):
    client.force_login(o.hong_son.reception)
    html = client.get(reverse("dossiers:home")).content.decode()
    assert f'href="{reverse("reports:report")}"' in html


@pytest.mark.parametrize(
    "query",
    [
        {"date_from": "2025-01-01", "date_to": "9999-12-31"},
        {"date_from": "0001-01-01", "date_to": "2025-12-31"},
        {"date_from": "2025-01-01", "date_to": "2025-01-31", "as_of": "0001-01-01T00:00"},
    ],
)
def test_a_mistyped_year_is_said_not_a_server_error(client, o, query):
    for name in ("report", "dashboard", "decision766"):
        response = get(client, o.overseer, name, query)
        assert response.status_code == 200, name
        assert "Ngày phải trong khoảng 01/01/1900 – 31/12/2099." in response.content.decode()
    response = get(client, o.overseer, "download", query, fmt="xlsx")
    assert response.status_code == 400


def test_a_chosen_as_of_is_named_for_what_it_does(client, o):
    """It judges which pending dossiers are overdue; the period's counts are the period's."""
    html = get(client, o.overseer, "report", {**MARCH, "as_of": "2026-03-20T12:00"}).content
    period = html.decode().split('id="report-period">')[1].split("</p>")[0]
    assert "hồ sơ chưa giải quyết xét quá hạn tại 12:00 20/03/2026" in period
    assert "số liệu tính đến" not in period
    too_early = get(client, o.overseer, "report", {**MARCH, "as_of": "2026-02-01T08:00"})
    assert "Thời điểm xét quá hạn không được trước ngày bắt đầu kỳ báo cáo." in (
        too_early.content.decode()
    )
