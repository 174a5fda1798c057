"""``python -m l10n_vn_einvoice.standard``: see :mod:`.cli`."""

import sys

from .cli import main

sys.exit(main())
