#!/usr/bin/env python3
"""Write the OpenAPI document of the API to doc/openapi.json (or the path
given). tests/fuzz/test_openapi_document.py fails until the shipped copy is
regenerated after an API change.

    python tools/gen_openapi.py [PATH]
"""
import json
import os
import sys

from manila_locks.host import openapi

DEFAULT_PATH = os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), 'doc', 'openapi.json')


def render():
    """The document as shipped: sorted keys, two-space indent."""
    return json.dumps(openapi.document(), indent=2, sort_keys=True) + '\n'


def main(argv):
    path = argv[1] if len(argv) > 1 else DEFAULT_PATH
    with open(path, 'w') as handle:
        handle.write(render())
    print('wrote %s' % path)


if __name__ == '__main__':
    main(sys.argv)
