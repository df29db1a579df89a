"""What other apps may follow of trainings without training knowing them.

``angka_berubah`` is sent inside the transaction of any write that changes a region's
trainings figures (an event created or edited, attendance recorded): the Dinas dashboard
renders its trainings charts again for that region (``province.signals``).
"""

from django.dispatch import Signal

# sent with ``wilayah_kode``: the organising region of the event that changed
angka_berubah = Signal()
