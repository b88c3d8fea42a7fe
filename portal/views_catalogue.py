"""The public procedure catalogue: browse, search, one page per procedure, its forms."""

from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from catalog.wording import time_limit_words
from portal import catalogue
from portal.forms import CatalogueForm
from portal.presentation import fee_words, online_level_words

PAGE_SIZE = 30


def procedure_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    level = request.GET.get("cap", "")
    fields = catalogue.fields_in_force(on=today, level=level)  # to browse, at this level
    every_field = catalogue.fields_in_force(on=today)
    form = CatalogueForm(request.GET or None, levels=catalogue.levels(), fields=every_field)
    query, field_code = "", ""
    if form.is_valid():
        query = form.cleaned_data["q"]
        level = form.cleaned_data["cap"]
        field_code = form.cleaned_data["linh_vuc"]
    else:
        level = ""
    found = catalogue.procedures_browse(on=today, query=query, level=level, field_code=field_code)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("trang"))
    params = request.GET.copy()
    params.pop("trang", None)
    template = (
        "portal/_procedure_results.html"
        if request.headers.get("HX-Request")
        else ("portal/procedure_list.html")
    )
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "total": len(found),
            "fields": fields,
            "level": level,
            "field_code": field_code,
            "query": params.urlencode(),
            "searched": bool(query or level or field_code),
            "section": "procedures",
        },
    )


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    version = catalogue.procedure_public_get(code=code, on=timezone.localdate())
    return render(
        request,
        "portal/procedure_detail.html",
        {
            "version": version,
            "papers": version.papers.all(),
            "form_files": version.form_files.all(),
            "time_limit": time_limit_words(version.time_rule),
            "fee": fee_words(version),
            "online": online_level_words(version),
            "section": "procedures",
        },
    )


def procedure_form_download(request: HttpRequest, code: str, form_id: int) -> FileResponse:
    form_file = catalogue.procedure_form_file_get(
        code=code, form_id=form_id, on=timezone.localdate()
    )
    name = form_file.file.name.rsplit("/", 1)[-1]
    return FileResponse(form_file.file.open("rb"), as_attachment=True, filename=name)
