import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/thu-tuc/?q=a%00b", "/api/v1/units?code=%00", "/tra-cuu/?code=x%00"]
)
def test_nul_characters_in_query_strings_are_refused(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


@pytest.mark.django_db
def test_nul_in_a_json_body_is_refused(client):
    response = client.post(
        "/api/v1/lookup", '{"code": "a\\u0000b", "digits": "1234"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Dữ liệu gửi lên chứa ký tự")


@pytest.mark.django_db
def test_ordinary_vietnamese_input_passes(client):
    assert client.get("/thu-tuc/", {"q": "đăng ký kết hôn"}).status_code == 200


@pytest.mark.django_db
def test_the_api_answers_json_on_a_site_served_under_a_sub_path(client):
    # Behind a proxy that mounts the site at /motcua/ (SCRIPT_NAME), request.path carries
    # the prefix; the API is recognised by the path within the site.
    response = client.get("/api/v1/units?code=%00", SCRIPT_NAME="/motcua")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Dữ liệu gửi lên chứa ký tự")
