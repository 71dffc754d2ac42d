"""What manila-locks-api tells the operator at start-up."""
import logging

import pytest

from manila_locks.cmd import api
from manila_locks import conf as ml_conf


@pytest.fixture
def conf(tmp_path):
    conf = ml_conf.build([])
    conf.set_override('state_path', str(tmp_path))
    return conf


def _start_up_log(caplog, conf):
    with caplog.at_level(logging.INFO, logger='manila_locks'):
        api.warn_about_setup(conf)
    return [(r.levelname, r.getMessage()) for r in caplog.records]


def test_noauth_warns_and_names_the_embedded_database(caplog, conf):
    log = _start_up_log(caplog, conf)
    assert [level for level, _ in log] == ['WARNING', 'INFO']
    assert 'noauth' in log[0][1]
    assert log[1][1] == 'Database: sqlite:///%s/manila_locks.sqlite' % (
        conf.state_path)


def test_keystone_does_not_warn_and_the_password_stays_hidden(caplog, conf):
    conf.set_override('auth_strategy', 'keystone')
    conf.set_override('connection', 'mysql+pymysql://ml:s3cret@db/ml',
                      group='database')
    assert _start_up_log(caplog, conf) == [
        ('INFO', 'Database: mysql+pymysql://ml:***@db/ml')]
