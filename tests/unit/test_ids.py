"""manila_locks.ids: UUIDs version 7, which sort by when they were made."""
import time
import uuid

from oslo_utils import uuidutils

from manila_locks.api import middleware
from manila_locks import ids


def _millis(text):
    return uuid.UUID(text).int >> 80


def test_a_uuid_version_7_written_as_every_uuid_is():
    made = ids.time_ordered()
    parsed = uuid.UUID(made)
    assert parsed.version == 7
    assert parsed.variant == uuid.RFC_4122
    assert str(parsed) == made and len(made) == 36
    assert uuidutils.is_uuid_like(made)


def test_it_starts_with_the_time_in_milliseconds():
    before = time.time_ns() // 1_000_000
    made = ids.time_ordered()
    after = time.time_ns() // 1_000_000
    assert before <= _millis(made) <= after


def test_ids_of_later_milliseconds_sort_after():
    made = []
    for _ in range(20):
        made.append(ids.time_ordered())
        time.sleep(0.002)
    assert sorted(made) == made
    assert len({_millis(text) for text in made}) == 20


def test_ids_made_together_differ_in_74_random_bits():
    made = [ids.time_ordered() for _ in range(50000)]
    assert len(set(made)) == len(made)
    # Of the 128 bits, 48 tell the time, 6 the version and variant; every
    # other bit takes both values.
    values = [uuid.UUID(text).int for text in made]
    fixed = ~0
    for value in values[1:]:
        fixed &= ~(value ^ values[0])
    random_mask = ((1 << 12) - 1) << 64 | (1 << 62) - 1
    assert fixed & random_mask == 0


def test_a_request_id_is_one_oslo_middleware_takes_for_a_global_one():
    made = ids.request_id()
    assert made.startswith('req-')
    assert middleware._GLOBAL_ID_RE.match(made)
    assert uuid.UUID(made[4:]).version == 7
