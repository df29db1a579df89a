"""Who may do what in the books (issue 3, Ledger)."""

from gotong.tenancy.models import PENGURUS, NamaPeran

# Read the chart, journal, buku besar, buku kas, proposals and periods.
PEMBACA_BUKU = PENGURUS | {NamaPeran.PENGAWAS, NamaPeran.MANAJER}
# Propose manual entries, and approve or reject those someone else proposed (four eyes).
PENGELOLA_JURNAL = PENGURUS | {NamaPeran.MANAJER}
# Close and reopen months, reverse entries, edit the chart of accounts.
PENGURUS_BUKU = PENGURUS
