"""The microversion table and header negotiation."""
import pytest
import webob.exc

from manila_locks.api import microversion
from manila_locks.api.microversion import Version


def test_table_is_sequential():
    versions = [Version.parse(text) for text in microversion.VERSIONS]
    assert versions[0] == Version(2, 0)
    for previous, current in zip(versions, versions[1:]):
        assert current == Version(previous.major, previous.minor + 1), (
            '%s follows %s' % (current, previous))
    assert microversion.MIN_VERSION == versions[0]
    assert microversion.MAX_VERSION == versions[-1]


def test_no_header_means_the_minimum():
    assert microversion.from_headers({}) == Version(2, 0)


@pytest.mark.parametrize('headers,expected', [
    ({'X-OpenStack-Manila-API-Version': '2.82'}, (2, 82)),
    ({'X-OpenStack-Manila-API-Version': ' 2.7 '}, (2, 7)),
    ({'OpenStack-API-Version': 'shared-file-system 2.6'}, (2, 6)),
    ({'OpenStack-API-Version': 'compute 2.90, shared-file-system 2.9'},
     (2, 9)),
    ({'OpenStack-API-Version': 'compute 2.90'}, (2, 0)),
    ({'X-OpenStack-Manila-API-Version': 'latest'}, (2, 99)),
    # The Manila header wins over the standard one.
    ({'X-OpenStack-Manila-API-Version': '2.5',
      'OpenStack-API-Version': 'shared-file-system 2.6'}, (2, 5)),
])
def test_headers(headers, expected):
    assert microversion.from_headers(headers) == Version(*expected)


@pytest.mark.parametrize('text', ['2', '2.', 'x.y', '2.01', '02.1', '2.1.1',
                                  '-2.1', ''])
def test_malformed_is_400(text):
    if not text:
        # An empty header is the same as none.
        assert microversion.from_headers(
            {'X-OpenStack-Manila-API-Version': text}) == Version(2, 0)
        return
    with pytest.raises(webob.exc.HTTPBadRequest):
        microversion.from_headers({'X-OpenStack-Manila-API-Version': text})


@pytest.mark.parametrize('text', ['1.0', '1.99', '2.100', '3.0'])
def test_out_of_range_is_406(text):
    with pytest.raises(webob.exc.HTTPNotAcceptable):
        microversion.from_headers({'X-OpenStack-Manila-API-Version': text})


def test_version_comparisons():
    assert Version.parse('2.10') > Version.parse('2.9')
    assert Version.parse('2.10').at_least('2.9')
    assert not Version.parse('2.8').at_least('2.9')
    assert str(Version(2, 81)) == '2.81'
