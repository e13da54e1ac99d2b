"""`python -m bench` runs the whole benchmark (what `make bench` calls)."""

import sys

from bench.run import main

sys.exit(main())
