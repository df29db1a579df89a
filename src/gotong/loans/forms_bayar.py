"""Forms for loan payments. Amounts are typed the Indonesian way and parsed like savings
amounts; the hidden key makes a double click post once (savings ``KunciForm``)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gotong.loans.models import CaraBayar
from gotong.savings.forms import JumlahForm, _parsed

PILIH_CARA = _("Pilih cara bayar dari daftar.")


class BayarForm(JumlahForm):
    cara = forms.ChoiceField(
        label=_("Cara bayar"), widget=forms.RadioSelect, error_messages={"invalid_choice": PILIH_CARA}
    )
    untuk_angsuran = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, cara: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["cara"]
        field.choices = [(c.value, c.label) for c in CaraBayar if c.value in cara]  # type: ignore[attr-defined]
        field.initial = cara[0]


class PelunasanForm(JumlahForm):
    """The payoff: zero is a valid amount when the loan's advance covers it exactly."""

    def clean_jumlah(self) -> Any:
        return _parsed(self.cleaned_data["jumlah"], nol_boleh=True)

    cara = forms.ChoiceField(
        label=_("Cara bayar"),
        widget=forms.RadioSelect,
        choices=[(CaraBayar.LOKET.value, CaraBayar.LOKET.label), (CaraBayar.SUKARELA.value, CaraBayar.SUKARELA.label)],
        initial=CaraBayar.LOKET.value,
        error_messages={"invalid_choice": PILIH_CARA},
    )


class AutodebetForm(forms.Form):
    aktif = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")
    next = forms.CharField(required=False, max_length=300)
