"""Bahasa Indonesia first: the language is Indonesian unless the person chose English
with the switch (stored in the language cookie). The browser's Accept-Language is
ignored on purpose — many phones in Indonesia run an English system language while
their owners expect the cooperative's own words."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class LanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        with translation.override(language):  # restored afterwards: no leak to the thread
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
