"""``python -m listguard.cli``."""

import sys

from listguard.cli import main

sys.exit(main())
