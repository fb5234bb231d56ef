"""POST /api/v3/newsletter/subscribe: the signup form as JSON, with the same rules (same
answer whatever the address, rate limits, honeypot). Errors are RFC 7807 problems."""

from django.http import HttpResponse
from ninja import Router, Schema, Status
from wagtail.api.v3.errors import problem_response

from . import abuse
from .forms import SignupForm, form_errors
from .models import ConsentRecord
from .views import handle_signup

router = Router(tags=["newsletter"])

ACCEPTED = "If the address can receive the bulletin, a confirmation link is on its way to it."


class SubscribeIn(Schema):
    email: str
    name: str = ""
    language: str = "bg"
    website: str = ""


class Accepted(Schema):
    detail: str


@router.post("/subscribe", response={202: Accepted}, auth=None, url_name="newsletter_subscribe")
def subscribe(request, payload: SubscribeIn, response: HttpResponse):
    response["Cache-Control"] = "no-store"
    if not abuse.client_allowed(request):
        return problem_response(
            status=429, detail="Too many subscription requests from this client; try later."
        )
    form = SignupForm(
        {**payload.dict(), "source": ConsentRecord.Source.API},
        sources=[ConsentRecord.Source.API],
    )
    if not form.is_valid():
        return problem_response(
            status=400, detail="Invalid subscription request.", errors=form_errors(form)
        )
    handle_signup(form)
    return Status(202, {"detail": ACCEPTED})
