"""What a lock create makes gets an id that sorts by time (manila_locks
.ids, UUID version 7): the lock, its event and the request; the share,
made by the host, keeps its random one (version 4)."""
import uuid


def _version(text):
    return uuid.UUID(text).version


def test_a_lock_its_event_and_the_request_get_time_ordered_ids(
        api, admin, share):
    response = api.post('/resource-locks', {'resource_lock': {
        'resource_id': share['id'], 'resource_type': 'share',
        'resource_action': 'delete'}})
    lock = response.json['resource_lock']
    request_id = response.headers['X-OpenStack-Request-Id']
    [event] = admin.get('/resource-lock-events', params={
        'lock_id': lock['id'], 'all_projects': 1}).json[
            'resource_lock_events']
    assert _version(lock['id']) == 7
    assert _version(event['id']) == 7
    assert request_id.startswith('req-') and _version(request_id[4:]) == 7
    assert event['request_id'] == request_id
    assert _version(share['id']) == 4
