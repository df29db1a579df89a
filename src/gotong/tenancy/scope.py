"""The one place that decides what a request may see (after healthchecks'
``_get_check_for_user``): a koperasi page resolves ``/k/<kode>/`` to a Koperasi the user
holds a role in, or answers 404 — never 403, so outsiders learn nothing.
"""

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django_htmx.middleware import HtmxDetails

from gotong.tenancy.models import Koperasi, PeranDinas

M = TypeVar("M", bound=models.Model)


class KoperasiRequest(HttpRequest):
    """A request inside one koperasi, as ``koperasi_view``/``public_koperasi`` leave it."""

    koperasi: Koperasi
    roles: frozenset[str]
    htmx: HtmxDetails


class DinasRequest(HttpRequest):
    dinas_wilayah: str


View = Callable[..., HttpResponseBase]


def roles_of(user: Any, koperasi: Koperasi) -> frozenset[str]:
    if not user.is_authenticated:
        return frozenset()
    return frozenset(user.peran.filter(koperasi=koperasi, aktif=True).values_list("peran", flat=True))


def koperasi_view(allowed: Iterable[str]) -> Callable[[View], View]:
    """Decorate a view under ``/k/<kode>/``: sets ``request.koperasi`` and ``request.roles``.

    Anonymous users are sent to sign in; signed-in users without one of ``allowed``
    roles in that koperasi get 404.
    """
    allowed_set = frozenset(allowed)

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, kode: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            koperasi = get_object_or_404(Koperasi, kode=kode, digital=True)
            roles = roles_of(request.user, koperasi)
            if not roles & allowed_set:
                raise Http404("Tidak ditemukan.")
            request.koperasi = koperasi  # type: ignore[attr-defined]
            request.roles = roles  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        wrapper.gotong_scope = "koperasi"  # type: ignore[attr-defined]
        return wrapper

    return decorator


def public_koperasi(view: View) -> View:
    """A public page of a digital koperasi (application form, card verification)."""

    @wraps(view)
    def wrapper(request: HttpRequest, kode: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
        request.koperasi = get_object_or_404(Koperasi, kode=kode, digital=True)  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    wrapper.gotong_scope = "public"  # type: ignore[attr-defined]
    return wrapper


def get_for_koperasi(request: HttpRequest, model: type[M], pk: Any) -> M:
    """Fetch a tenant row of the request's koperasi, or 404 if it is another's."""
    koperasi = request.koperasi  # type: ignore[attr-defined]
    return get_object_or_404(model._default_manager.filter(koperasi=koperasi), pk=pk)


def dinas_regions(user: Any) -> list[str]:
    if not user.is_authenticated:
        return []
    return list(PeranDinas.objects.filter(user=user, aktif=True).values_list("wilayah_kode", flat=True))


def dinas_view(view: View) -> View:
    """Decorate a ``/dinas/`` view: sets ``request.dinas_wilayah`` or answers 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        regions = dinas_regions(request.user)
        if not regions:
            raise Http404("Tidak ditemukan.")
        request.dinas_wilayah = sorted(regions, key=len)[0]  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    wrapper.gotong_scope = "dinas"  # type: ignore[attr-defined]
    return wrapper
