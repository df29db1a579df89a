"""Member pages. Views parse input, call a service or selector, and render."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gotong.core.forms import apply_service_errors
from gotong.members import selectors, services
from gotong.members.card import kartu_pdf
from gotong.members.export import register_xlsx
from gotong.members.forms import (
    AnggotaUbahForm,
    FilterAnggotaForm,
    KeluarForm,
    PendaftaranForm,
    PutusanKeluarForm,
    SetujuiForm,
    TolakForm,
    ukuran_berkas,
)
from gotong.members.models import Anggota, PengajuanKeluar, StatusAnggota
from gotong.tenancy.models import PENGELOLA_ANGGOTA, PENGURUS, STAF, NamaPeran
from gotong.tenancy.scope import KoperasiRequest, get_for_koperasi, koperasi_view, public_koperasi

PAGE_SIZE = 25


@public_koperasi
def daftar(request: KoperasiRequest) -> HttpResponse:
    koperasi = request.koperasi
    form = PendaftaranForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            anggota = services.anggota_apply(
                koperasi=koperasi,
                data=form.service_data(),
                foto_ktp=form.cleaned_data["foto_ktp"],
                on_date=timezone.localdate(),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect("members:daftar_status", kode=koperasi.kode, token=anggota.token_status)
    context = {"form": form, "koperasi": koperasi, "ktp_max": ukuran_berkas(settings.GOTONG_KTP_MAX_BYTES)}
    return render(request, "members/daftar.html", context)


@public_koperasi
def daftar_status(request: KoperasiRequest, token: str) -> HttpResponse:
    anggota = get_object_or_404(Anggota, koperasi=request.koperasi, token_status=token)
    return render(request, "members/daftar_status.html", {"anggota": anggota, "koperasi": anggota.koperasi})


@public_koperasi
def verifikasi_kartu(request: KoperasiRequest, token: str) -> HttpResponse:
    anggota = get_object_or_404(Anggota, koperasi=request.koperasi, token_kartu=token, nomor_anggota__isnull=False)
    return render(request, "members/verifikasi.html", {"anggota": anggota, "koperasi": anggota.koperasi})


@koperasi_view(PENGURUS | {NamaPeran.MANAJER, NamaPeran.PENGAWAS})
def pendaftaran_list(request: KoperasiRequest) -> HttpResponse:
    koperasi = request.koperasi
    page = Paginator(selectors.anggota_calon(koperasi=koperasi), PAGE_SIZE).get_page(request.GET.get("hal"))
    keluar = selectors.pengajuan_keluar_terbuka(koperasi=koperasi)
    return render(
        request, "members/pendaftaran_list.html", {"page": page, "keluar": keluar, "today": timezone.localdate()}
    )


@koperasi_view(PENGURUS | {NamaPeran.MANAJER, NamaPeran.PENGAWAS})
def pendaftaran_detail(request: KoperasiRequest, pk: int) -> HttpResponse:
    anggota = get_for_koperasi(request, Anggota, pk)
    context = {
        "anggota": anggota,
        "setujui_form": SetujuiForm(initial={"tanggal_masuk": timezone.localdate()}),
        "tolak_form": TolakForm(),
    }
    return render(request, "members/pendaftaran_detail.html", context)


@koperasi_view(PENGURUS)
@require_POST
def pendaftaran_setujui(request: KoperasiRequest, pk: int) -> HttpResponse:
    anggota = get_for_koperasi(request, Anggota, pk)
    form = SetujuiForm(request.POST)
    error = ""
    if not form.is_valid():
        error = _("Isi tanggal masuk dengan benar, misalnya 17-08-2024.")
    else:
        try:
            anggota = services.anggota_approve(
                anggota=anggota, actor=request.user, tanggal_masuk=form.cleaned_data["tanggal_masuk"]
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if request.htmx:
        # The row itself shows the outcome (new number, or the reason it failed).
        anggota.refresh_from_db()
        return render(request, "members/_pendaftaran_row.html", {"a": anggota, "done": True, "error": error})
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            _("%(nama)s disetujui sebagai anggota nomor %(nomor)s.")
            % {"nama": anggota.nama, "nomor": anggota.nomor_anggota},
        )
    return redirect("members:pendaftaran_list", kode=request.koperasi.kode)


@koperasi_view(PENGURUS)
@require_POST
def pendaftaran_tolak(request: KoperasiRequest, pk: int) -> HttpResponse:
    anggota = get_for_koperasi(request, Anggota, pk)
    try:
        services.anggota_reject(
            anggota=anggota, actor=request.user, alasan=request.POST.get("alasan", ""), on_date=timezone.localdate()
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("members:pendaftaran_detail", kode=request.koperasi.kode, pk=pk)
    messages.success(
        request,
        _("Pendaftaran %(nama)s ditolak; alasannya tampil di halaman status pendaftar.") % {"nama": anggota.nama},
    )
    return redirect("members:pendaftaran_list", kode=request.koperasi.kode)


@koperasi_view(PENGURUS | {NamaPeran.MANAJER, NamaPeran.PENGAWAS})
def foto_ktp(request: KoperasiRequest, pk: int) -> HttpResponseBase:
    anggota = get_for_koperasi(request, Anggota, pk)
    if not anggota.foto_ktp:
        raise Http404(_("Belum ada foto KTP."))
    response = FileResponse(anggota.foto_ktp.open("rb"))
    response["Cache-Control"] = "private, no-store"
    return response


def _filters(request: HttpRequest) -> tuple[FilterAnggotaForm, dict[str, object]]:
    form = FilterAnggotaForm(request.GET or None)
    return form, (form.cleaned_data if form.is_valid() else {})


@koperasi_view(STAF)
def anggota_list(request: KoperasiRequest) -> HttpResponse:
    koperasi = request.koperasi
    form, filters = _filters(request)
    page = selectors.anggota_register_page(koperasi=koperasi, filters=filters, nomor=request.GET.get("hal"))
    query = request.GET.copy()
    query.pop("hal", None)
    context: dict[str, object] = {"form": form, "page": page, "query": query.urlencode()}
    if request.htmx:
        return render(request, "members/_anggota_table.html", context)
    context["desa_list"] = selectors.desa_anggota(koperasi=koperasi)
    return render(request, "members/anggota_list.html", context)


@koperasi_view(STAF)
def anggota_export(request: KoperasiRequest) -> HttpResponse:
    koperasi = request.koperasi
    _form, filters = _filters(request)
    rows = selectors.anggota_register(koperasi=koperasi, filters=filters).defer(None).iterator(chunk_size=2000)
    data = register_xlsx(rows, judul=f"Daftar anggota {koperasi.nama} — {timezone.localdate():%d-%m-%Y}")
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="anggota-{koperasi.kode}.xlsx"'
    return response


@koperasi_view(STAF)
def anggota_detail(request: KoperasiRequest, pk: int) -> HttpResponse:
    anggota = get_for_koperasi(request, Anggota, pk)
    context = {
        "anggota": anggota,
        "riwayat": anggota.riwayat.select_related("oleh"),
        "pengajuan": anggota.pengajuan_keluar.select_related("diajukan_oleh", "diputus_oleh"),
        "keluar_form": KeluarForm(),
        "putusan_form": PutusanKeluarForm(initial={"tanggal_keluar": timezone.localdate()}),
    }
    return render(request, "members/anggota_detail.html", context)


@koperasi_view(PENGELOLA_ANGGOTA)
def anggota_ubah(request: KoperasiRequest, pk: int) -> HttpResponse:
    anggota = get_for_koperasi(request, Anggota, pk)
    form = AnggotaUbahForm(request.POST or None, instance=anggota)
    if request.method == "POST" and form.is_valid():
        services.anggota_update(anggota=anggota, actor=request.user, data=form.cleaned_data)
        messages.success(request, _("Data anggota disimpan. Perubahan tercatat di jejak audit."))
        return redirect("members:anggota_detail", kode=request.koperasi.kode, pk=pk)
    return render(request, "members/anggota_ubah.html", {"anggota": anggota, "form": form})


def _kartu_response(request: HttpRequest, anggota: Anggota) -> HttpResponse:
    if anggota.status != StatusAnggota.AKTIF:
        raise Http404(_("Kartu hanya untuk anggota aktif."))
    url = request.build_absolute_uri(
        reverse("members:verifikasi_kartu", kwargs={"kode": anggota.koperasi.kode, "token": anggota.token_kartu})
    )
    response = HttpResponse(kartu_pdf(anggota, verify_url=url), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="kartu-{anggota.nomor_anggota}.pdf"'
    return response


@koperasi_view(STAF)
def anggota_kartu(request: KoperasiRequest, pk: int) -> HttpResponse:
    return _kartu_response(request, get_for_koperasi(request, Anggota, pk))


@koperasi_view(PENGELOLA_ANGGOTA)
@require_POST
def keluar_ajukan(request: KoperasiRequest, pk: int) -> HttpResponse:
    anggota = get_for_koperasi(request, Anggota, pk)
    try:
        services.keluar_request(anggota=anggota, actor=request.user, alasan=request.POST.get("alasan", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Pengajuan keluar dicatat dan menunggu keputusan pengurus."))
    return redirect("members:anggota_detail", kode=request.koperasi.kode, pk=pk)


@koperasi_view(PENGURUS)
@require_POST
def keluar_putus(request: KoperasiRequest, pk: int) -> HttpResponse:
    pengajuan = get_for_koperasi(request, PengajuanKeluar, pk)
    form = PutusanKeluarForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Isi tanggal keluar dengan benar, misalnya 31-12-2024."))
        if request.POST.get("putusan") == "setujui":
            services.keluar_approve(
                pengajuan=pengajuan,
                actor=request.user,
                tanggal_keluar=form.cleaned_data["tanggal_keluar"] or timezone.localdate(),
                catatan=form.cleaned_data["catatan"],
            )
            messages.success(request, _("Pengajuan keluar disetujui; status anggota sekarang Keluar."))
        else:
            services.keluar_reject(pengajuan=pengajuan, actor=request.user, catatan=form.cleaned_data["catatan"])
            messages.success(request, _("Pengajuan keluar ditolak."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("members:anggota_detail", kode=request.koperasi.kode, pk=pengajuan.anggota_id)


def _own_membership(request: KoperasiRequest) -> Anggota:
    anggota = Anggota.objects.filter(koperasi=request.koperasi, user=request.user).first()  # type: ignore[misc]
    if anggota is None:
        raise Http404(_("Data keanggotaan Anda belum tertaut ke akun ini."))
    return anggota


@koperasi_view({NamaPeran.ANGGOTA})
def saya(request: KoperasiRequest) -> HttpResponse:
    anggota = _own_membership(request)
    return render(request, "members/saya.html", {"anggota": anggota, "riwayat": anggota.riwayat.all()})


@koperasi_view({NamaPeran.ANGGOTA})
def saya_kartu(request: KoperasiRequest) -> HttpResponse:
    return _kartu_response(request, _own_membership(request))
