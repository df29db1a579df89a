"""Where an entry came from, as links for the entry page.

The ledger knows its own sources (a manual entry's proposal, a reversal and what it
reverses, the members named on the lines). Apps that post entries (savings, loans, sales)
add theirs in ``AppConfig.ready()``::

    from gotong.ledger.sources import Tautan, register_source_links

    def mutasi_links(jurnal):
        return [Tautan(f"Mutasi {m.rekening.nomor}", reverse(...)) for m in jurnal.mutasi_simpanan.all()]

    register_source_links(mutasi_links)
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from gotong.ledger.models import Jurnal, UsulanJurnal


@dataclass(frozen=True)
class Tautan:
    label: str
    url: str


SourceLinks = Callable[[Jurnal], list[Tautan]]
SOURCE_LINKS: list[SourceLinks] = []


def register_source_links(links: SourceLinks) -> SourceLinks:
    if links not in SOURCE_LINKS:
        SOURCE_LINKS.append(links)
    return links


def _own(jurnal: Jurnal) -> list[Tautan]:
    kode = jurnal.koperasi.kode
    links = []
    usulan = UsulanJurnal.objects.filter(jurnal=jurnal).first()
    if usulan is not None:
        links.append(Tautan(_("Usulan jurnal umum"), reverse("ledger:usulan_detail", args=[kode, usulan.pk])))
    if jurnal.membalik_id:
        asli = jurnal.membalik
        assert asli is not None
        links.append(
            Tautan(_("Membalik jurnal %(nomor)s") % {"nomor": asli.nomor}, _jurnal_url(kode, asli.pk)),
        )
    return links


def _jurnal_url(kode: str, pk: int) -> str:
    return reverse("ledger:jurnal_detail", args=[kode, pk])


def tautan_sumber(jurnal: Jurnal) -> list[Tautan]:
    """Links to what this entry records: the ledger's own, then each registered app's."""
    links = _own(jurnal)
    for source in SOURCE_LINKS:
        links.extend(source(jurnal))
    return links
