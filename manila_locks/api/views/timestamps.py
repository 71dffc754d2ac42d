"""Timestamps on the wire: %Y-%m-%dT%H:%M:%S.%f, no zone, six digits."""


def isotime(value):
    """The wire text of a datetime; text read as such already
    (db.base.timestamp_text) is shown as it is."""
    if value is None or value.__class__ is str:
        return value
    if value.tzinfo is None and value.year >= 1000:
        # The same text as the strftime below, at a fraction of the cost (a
        # list of 1000 rules renders 2000 timestamps). isoformat() shows
        # the microseconds when there are any, and costs 2/3 of
        # isoformat(timespec=...), whose keyword is parsed on every call.
        if value.microsecond:
            return value.isoformat()
        return value.isoformat(timespec='microseconds')
    return value.strftime('%Y-%m-%dT%H:%M:%S.%f')
