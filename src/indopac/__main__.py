"""``python -m indopac`` is the ``indopac`` command."""

import sys

from indopac.build.cli import main

sys.exit(main())
