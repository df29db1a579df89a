"""Builders for the ledger tests: entries posted through the one posting service."""

import datetime as dt
from decimal import Decimal
from typing import Any

from gotong.accounts.models import User
from gotong.ledger.models import Jurnal, SumberJurnal
from gotong.ledger.posting import JurnalBuilder, akun
from gotong.tenancy.models import Koperasi, NamaPeran, Peran


def post(
    koperasi: Koperasi,
    tanggal: dt.date,
    debit: str,
    kredit: str,
    jumlah: str | Decimal,
    *,
    sumber: str = SumberJurnal.MANUAL,
    keterangan: str = "Transaksi",
    anggota: Any = None,
) -> Jurnal:
    """A two-line entry: ``jumlah`` debited to ``debit`` and credited to ``kredit`` (account codes).

    A str amount is read the Indonesian way by ``core.money`` ("1.500" is 1500): pass cents as Decimal.
    """
    builder = JurnalBuilder(koperasi=koperasi, tanggal=tanggal, keterangan=keterangan, sumber=sumber)
    builder.debit(akun(koperasi, debit), jumlah, anggota=anggota)
    builder.kredit(akun(koperasi, kredit), jumlah, anggota=anggota)
    return builder.post()


def staff(koperasi: Koperasi, username: str, peran: str) -> User:
    user = User.objects.create_user(username=username, password="x-" * 8, nama_lengkap=username.title())
    Peran.objects.create(user=user, koperasi=koperasi, peran=peran)
    return user


def manajer(koperasi: Koperasi) -> User:
    return staff(koperasi, "maya", NamaPeran.MANAJER)
