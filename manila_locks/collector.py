"""The garbage collector's settings for a serving process, applied by every
entry point once start-up is done (manila-locks-api, manila-locks-wsgi's
factory, the benchmark's servers)."""
import gc

# Young-generation collections wait for this many net allocations (the
# default is 700). Nearly all that a request allocates is freed by
# reference counting, yet a list of 1000 rules allocated enough for ~6
# collections, each walking the rows and dicts still alive: 0.4 ms of the
# request's ~6 ms of CPU. The older generations keep their defaults.
THRESHOLD = (10000, 10, 10)


def settle_after_start_up():
    """Start-up's objects (modules, routes, schemas, policy rules) live as
    long as the process: out of the collector's sight, so that no request's
    collection walks them; then fewer, larger young collections."""
    gc.freeze()
    gc.set_threshold(*THRESHOLD)
