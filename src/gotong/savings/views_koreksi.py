"""The reversal of a savings movement (koreksi), from the statement page: POST with a reason.

Only pengurus and the manajer see the button; the service refuses the rest, and the maker."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gotong.savings.koreksi import PEMBALIK, mutasi_balik
from gotong.savings.models import MutasiSimpanan
from gotong.savings.selectors import hari_ini
from gotong.tenancy.scope import KoperasiRequest, get_for_koperasi, koperasi_view


@koperasi_view(PEMBALIK)
@require_POST
def balik(request: KoperasiRequest, mutasi: int) -> HttpResponse:
    m = get_for_koperasi(request, MutasiSimpanan, mutasi)
    try:
        jurnal = mutasi_balik(
            koperasi=request.koperasi,
            mutasi=m,
            actor=request.user,
            alasan=request.POST.get("alasan", ""),
            tanggal=hari_ini(),
        )
    except ValidationError as exc:
        for pesan in exc.messages:
            messages.error(request, pesan)
    else:
        messages.success(request, _("Transaksi dibalik dengan jurnal %(nomor)s.") % {"nomor": jurnal.nomor})
    return redirect("savings:buku", kode=request.koperasi.kode, rekening=m.rekening_id)
