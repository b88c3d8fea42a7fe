"""The unit's side: officers see and answer the recommendations addressed to their unit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedRequest
from oversight import services
from oversight.errors import OversightError
from oversight.forms import AnswerForm
from oversight.selectors import recommendation_to_answer


@login_required
def answer(request: AuthenticatedRequest, rec_id: int) -> HttpResponse:
    rec = recommendation_to_answer(user=request.user, pk=rec_id)
    form = AnswerForm(request.POST or None, initial={"answer": rec.answer})
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_answer(
                actor=request.user, recommendation_id=rec.pk, answer=form.cleaned_data["answer"]
            )
        except OversightError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã gửi trả lời kiến nghị."))
            return redirect("oversight:answer", rec_id=rec.pk)
    return render(request, "oversight/answer.html", {"rec": rec, "form": form})
