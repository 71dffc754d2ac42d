"""Timestamps on the wire: %Y-%m-%dT%H:%M:%S.%f, no zone, six digits."""


def isotime(value):
    if value is None:
        return None
    return value.strftime('%Y-%m-%dT%H:%M:%S.%f')
