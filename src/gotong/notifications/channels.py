"""Delivery channels. E-mail works now; WhatsApp and SMS gateways plug in by
implementing ``Channel.send`` and registering in ``CHANNELS``."""

from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail

from gotong.notifications.models import Pesan, Saluran


class ChannelError(Exception):
    """Delivery failed; the message says why (shown to staff)."""


class Channel(Protocol):
    def send(self, pesan: Pesan) -> None: ...


class EmailChannel:
    def send(self, pesan: Pesan) -> None:
        try:
            send_mail(pesan.subjek, pesan.isi, settings.DEFAULT_FROM_EMAIL, [pesan.tujuan], fail_silently=False)
        except Exception as exc:  # noqa: BLE001 - any transport error is the reason shown
            raise ChannelError(f"Server e-mail menolak: {exc}") from exc


class GatewayNotConfigured:
    """A channel whose gateway has not been set up on this installation."""

    def __init__(self, name: str) -> None:
        self.name = name

    def send(self, pesan: Pesan) -> None:
        raise ChannelError(f"Gateway {self.name} belum dipasang di instalasi ini; pesan tidak terkirim.")


CHANNELS: dict[str, Channel] = {
    Saluran.EMAIL: EmailChannel(),
    Saluran.WHATSAPP: GatewayNotConfigured("WhatsApp"),
    Saluran.SMS: GatewayNotConfigured("SMS"),
}
