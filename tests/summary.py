"""Lines for the terminal summary, collected by tests and fixtures, that
also reach the terminal when pytest-xdist runs the tests in workers.

A worker has its own config (and stash), only the controller prints the
terminal summary, and the controller never loads the conftest files below
tests/ (it does not collect). So the items live here, a list per section;
a worker hands its lists to the controller in `workeroutput` when it
finishes, the controller appends them to its own (pytest_testnodedown),
and the lines are printed by this module's plugin, which tests/conftest.py
installs in every process.

    add(config, section, item)      item: anything execnet can carry
    items(config, section)          every item added, in any process
    add_line(config, heading, line) a line printed in the terminal summary
                                    under `heading` (None: no heading)
"""
import pytest

_ITEMS = pytest.StashKey[dict]()
_WORKEROUTPUT_KEY = 'manila_locks_summary'
_LINES = 'summary lines'


def add(config, section, item):
    config.stash.setdefault(_ITEMS, {}).setdefault(section, []).append(item)


def items(config, section):
    return list(config.stash.get(_ITEMS, {}).get(section, []))


def add_line(config, heading, line):
    add(config, _LINES, (heading, line))


def install(config):
    config.pluginmanager.register(_Summary(config), 'manila-locks-summary')


class _Summary:

    def __init__(self, config):
        self.config = config

    def pytest_terminal_summary(self, terminalreporter):
        by_heading = {}
        for heading, line in items(self.config, _LINES):
            by_heading.setdefault(heading, []).append(line)
        for heading, lines in by_heading.items():
            if heading:
                terminalreporter.section(heading)
            for line in lines:
                terminalreporter.write_line(line)

    def pytest_sessionfinish(self):
        # In an xdist worker: xdist sends workeroutput after the
        # sessionfinish hooks have run.
        workeroutput = getattr(self.config, 'workeroutput', None)
        if workeroutput is not None:
            workeroutput[_WORKEROUTPUT_KEY] = self.config.stash.get(
                _ITEMS, {})

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node, error):
        # In the xdist controller, once per finished (or crashed) worker.
        sent = getattr(node, 'workeroutput', {}).get(_WORKEROUTPUT_KEY, {})
        for section, added in sent.items():
            for item in added:
                add(self.config, section, item)
