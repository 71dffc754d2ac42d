"""gunicorn entry point for upstream Manila (manila_upstream.py).

Manila's WSGI module (manila.wsgi.api) parses sys.argv for its options;
under gunicorn those are gunicorn's own. Give it the benchmark's config
file instead, then load the application as Manila's module does. Runs in
Manila's venv: imports nothing from manila_locks.
"""
import gc
import os
import sys

sys.argv = [sys.argv[0], '--config-file', os.environ['MANILA_BENCH_CONFIG']]

from manila.wsgi import api  # noqa: E402

import cpu_clock  # noqa: E402,I100
import sqlcount  # noqa: E402

# X-Bench-SQL-Count and the CPU clock, as serve.py gives manila_locks.
application = cpu_clock.CpuClock(sqlcount.CountSql(api.application))
# As serve.py does for manila_locks: start-up objects out of the
# collector's way.
gc.freeze()
