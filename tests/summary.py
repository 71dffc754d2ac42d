"""Lines for the terminal summary, collected by tests and fixtures, that
also reach the terminal when pytest-xdist runs the tests in workers.

A worker has its own config (and stash), and only the controller prints
the terminal summary. So whatever is added here is a list of items per
section; a worker hands its lists to the controller in `workeroutput`
when it finishes, and the controller appends them to its own lists
(pytest_testnodedown) before its terminal summary reads them.

    add(config, section, item)   item: anything JSON can carry
    items(config, section)       every item added, in any process
"""
import pytest

_ITEMS = pytest.StashKey[dict]()
_WORKEROUTPUT_KEY = 'manila_locks_summary'


def add(config, section, item):
    config.stash.setdefault(_ITEMS, {}).setdefault(section, []).append(item)


def items(config, section):
    return list(config.stash.get(_ITEMS, {}).get(section, []))


def install(config):
    """Relay the workers' items to the controller, if xdist is in use."""
    if config.pluginmanager.hasplugin('xdist'):
        config.pluginmanager.register(_XdistRelay(config),
                                      'manila-locks-summary')


class _XdistRelay:

    def __init__(self, config):
        self.config = config

    def pytest_sessionfinish(self, session):
        # In a worker: xdist sends workeroutput after the sessionfinish
        # hooks have run.
        workeroutput = getattr(self.config, 'workeroutput', None)
        if workeroutput is not None:
            workeroutput[_WORKEROUTPUT_KEY] = self.config.stash.get(
                _ITEMS, {})

    def pytest_testnodedown(self, node, error):
        # In the controller, once per finished (or crashed) worker.
        sent = getattr(node, 'workeroutput', {}).get(_WORKEROUTPUT_KEY, {})
        for section, added in sent.items():
            for item in added:
                add(self.config, section, item)
