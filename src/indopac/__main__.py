"""``python -m indopac`` is the ``indopac`` command."""

import sys

from indopac.cli import main

sys.exit(main())
