"""The collector settings every serving process takes after start-up."""
import gc

import pytest

from manila_locks import collector
from manila_locks.host import deploy


@pytest.fixture
def restored():
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_start_up_objects_frozen_and_young_collections_rarer(restored):
    gc.set_threshold(700, 10, 10)
    collector.settle_after_start_up()
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == (10000, 10, 10)


def test_the_wsgi_factory_settles_the_collector(restored, monkeypatch,
                                                tmp_path):
    settled = []
    monkeypatch.setattr(collector, 'settle_after_start_up',
                        lambda: settled.append(True))
    monkeypatch.setattr(deploy, 'setup', lambda conf, sync_db: None)
    monkeypatch.setattr(deploy, 'build_app', lambda conf: 'app')
    config = tmp_path / 'manila_locks.conf'
    config.write_text('[DEFAULT]\nstate_path = %s\n' % tmp_path)
    assert deploy.init_application(['--config-file', str(config)]) == 'app'
    assert settled == [True]
