"""Send staff who have not passed TOTP to the two-factor pages before anything else."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from gotong.accounts.twofactor import needs_second_factor

_OPEN_PREFIXES = ("/masuk/", "/keluar/", "/2fa/", "/static/", "/lupa-sandi/", "/bahasa/", "/wilayah/")


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(_OPEN_PREFIXES) and needs_second_factor(request.user):
            return redirect(f"/2fa/?next={request.get_full_path()}")
        return self.get_response(request)
