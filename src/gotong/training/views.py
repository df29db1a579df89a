"""Dinas pages for trainings and mentoring: every row is fetched within the officer's
region (``request.dinas_wilayah``), so another region's rows answer 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from gotong.core.forms import apply_service_errors
from gotong.tenancy.scope import DinasRequest, dinas_view
from gotong.training import selectors, services
from gotong.training.certificate import sertifikat_pdf
from gotong.training.forms import KegiatanForm, PendampinganForm, TindakLanjutForm
from gotong.training.models import Kegiatan, Pendampingan, Sertifikat, StatusKegiatan, TindakLanjut

PAGE_SIZE = 25
PESERTA_PAGE_SIZE = 150


def _kegiatan(request: DinasRequest, pk: int) -> Kegiatan:
    return get_object_or_404(Kegiatan.objects.for_wilayah(request.dinas_wilayah), pk=pk)


@dinas_view
def kegiatan_list(request: DinasRequest) -> HttpResponse:
    q, status = request.GET.get("q", ""), request.GET.get("status", "")
    rows = selectors.kegiatan_list(wilayah=request.dinas_wilayah, q=q, status=status)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("hal"))
    context = {
        "page": page,
        "q": q,
        "status": status,
        "status_list": StatusKegiatan.choices,
        "query": f"q={q}&status={status}",
    }
    return render(request, "training/kegiatan_list.html", context)


@dinas_view
def kegiatan_baru(request: DinasRequest) -> HttpResponse:
    form = KegiatanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kegiatan = services.kegiatan_buat(
            data=form.cleaned_data, wilayah_kode=request.dinas_wilayah, aktor=request.user
        )
        return redirect("training:kegiatan_detail", kegiatan=kegiatan.pk)
    return render(request, "training/kegiatan_form.html", {"form": form})


@dinas_view
def kegiatan_ubah(request: DinasRequest, kegiatan: int) -> HttpResponse:
    obj = _kegiatan(request, kegiatan)
    form = KegiatanForm(request.POST or None, instance=obj)
    if request.method == "POST" and form.is_valid():
        try:
            services.kegiatan_ubah(kegiatan=obj, data=form.cleaned_data, aktor=request.user)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect("training:kegiatan_detail", kegiatan=obj.pk)
    return render(request, "training/kegiatan_form.html", {"form": form, "kegiatan": obj})


def _ids(values: list[str]) -> set[int]:
    return {int(v) for v in values if v.isdigit()}


@dinas_view
def kegiatan_detail(request: DinasRequest, kegiatan: int) -> HttpResponse:
    obj = _kegiatan(request, kegiatan)
    if request.method == "POST":
        aksi = request.POST.get("aksi")
        if aksi == "kehadiran":
            tampil, hadir = _ids(request.POST.getlist("tampil")), _ids(request.POST.getlist("hadir"))
            jumlah = services.kehadiran_catat(kegiatan=obj, tampil=tampil, hadir=hadir, aktor=request.user)
            messages.success(request, f"Kehadiran disimpan: {jumlah} peserta hadir.")
        elif aksi == "sertifikat":
            try:
                jumlah = services.sertifikat_terbitkan(kegiatan=obj, aktor=request.user).count()
            except ValidationError as exc:
                messages.error(request, exc.messages[0])
            else:
                messages.success(request, f"{jumlah} sertifikat siap diunduh.")
        return redirect(request.get_full_path())
    page = Paginator(obj.peserta.select_related("koperasi", "sertifikat"), PESERTA_PAGE_SIZE).get_page(
        request.GET.get("hal")
    )
    context = {
        "kegiatan": obj,
        "page": page,
        "query": "",
        "rekap": selectors.peserta_rekap(kegiatan=obj),
        "jumlah_peserta": obj.peserta.count(),
        "jumlah_hadir": obj.peserta.hadir().count(),
        "jumlah_sertifikat": Sertifikat.objects.filter(peserta__kegiatan=obj).count(),
        "tautan_daftar": request.build_absolute_uri(reverse("pelatihan:daftar", args=[obj.token])),
    }
    return render(request, "training/kegiatan_detail.html", context)


@dinas_view
def sertifikat_unduh(request: DinasRequest, kegiatan: int) -> HttpResponse:
    obj = _kegiatan(request, kegiatan)
    daftar = Sertifikat.objects.filter(peserta__kegiatan=obj).select_related("peserta__kegiatan", "peserta__koperasi")
    if not daftar.exists():
        raise Http404("Belum ada sertifikat.")

    def url(s: Sertifikat) -> str:
        return request.build_absolute_uri(reverse("pelatihan:verifikasi", args=[s.token]))

    response = HttpResponse(sertifikat_pdf(daftar, verify_url=url), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="sertifikat-{obj.pk}.pdf"'
    return response


@dinas_view
def checkin(request: DinasRequest, token: str) -> HttpResponse:
    """Opened by scanning a participant's QR: the officer confirms, then attendance is marked."""
    peserta = selectors.peserta_untuk_checkin(wilayah=request.dinas_wilayah, token=token)
    if peserta is None:
        raise Http404("Tidak ditemukan.")
    if request.method == "POST":
        peserta = services.kehadiran_qr(peserta=peserta, aktor=request.user)
        messages.success(request, f"{peserta.nama} tercatat hadir.")
        return redirect(request.get_full_path())
    return render(request, "training/checkin.html", {"peserta": peserta, "kegiatan": peserta.kegiatan})


@dinas_view
def pendampingan_list(request: DinasRequest) -> HttpResponse:
    rows = selectors.pendampingan_list(wilayah=request.dinas_wilayah)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("hal"))
    return render(request, "training/pendampingan_list.html", {"page": page, "query": ""})


@dinas_view
def pendampingan_baru(request: DinasRequest) -> HttpResponse:
    wilayah = request.dinas_wilayah
    initial = {"koperasi": request.GET.get("koperasi"), "mentor": request.user.pk}
    form = PendampinganForm(request.POST or None, wilayah=wilayah, initial=initial)
    if request.method == "POST" and form.is_valid():
        kunjungan = services.pendampingan_catat(data=form.cleaned_data, aktor=request.user)
        return redirect("training:pendampingan_detail", kunjungan=kunjungan.pk)
    return render(request, "training/pendampingan_form.html", {"form": form})


@dinas_view
def pendampingan_detail(request: DinasRequest, kunjungan: int) -> HttpResponse:
    obj = get_object_or_404(
        Pendampingan.objects.for_wilayah(request.dinas_wilayah).select_related("koperasi", "mentor"), pk=kunjungan
    )
    menambah = request.method == "POST" and request.POST.get("aksi") == "tambah"
    form = TindakLanjutForm(request.POST if menambah else None)
    if request.method == "POST":
        if request.POST.get("aksi") == "status":
            tl = get_object_or_404(TindakLanjut, pendampingan=obj, pk=request.POST.get("tindak_lanjut", "0"))
            status = request.POST.get("status", "")
            if status in ("terbuka", "selesai"):
                services.tindak_lanjut_ubah_status(tindak_lanjut=tl, status=status, aktor=request.user)
            return redirect(request.get_full_path())
        if form.is_valid():
            services.tindak_lanjut_tambah(pendampingan=obj, aktor=request.user, **form.cleaned_data)
            return redirect(request.get_full_path())
    context = {"kunjungan": obj, "form": form, "tindak_lanjut": obj.tindak_lanjut.all()}
    return render(request, "training/pendampingan_detail.html", context)


@dinas_view
def koperasi_pendampingan(request: DinasRequest, koperasi: int) -> HttpResponse:
    kop = get_object_or_404(selectors.koperasi_di_wilayah(request.dinas_wilayah), pk=koperasi)
    rows = selectors.pendampingan_list(wilayah=request.dinas_wilayah, koperasi=kop).prefetch_related("tindak_lanjut")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("hal"))
    return render(request, "training/koperasi_pendampingan.html", {"koperasi": kop, "page": page, "query": ""})
