"""Property-based fuzzing of the live service from its own OpenAPI document
(GET /v2/openapi.json): zero 5xx answers, and every answer's status, content
type and body as the document says.

Bounded: MAX_EXAMPLES cases per operation and phase, one worker, a fixed
seed (FUZZ_SEED overrides it), and RUN_TIMEOUT for the whole run. The
schemathesis summary (operations, cases generated/passed) is printed.
"""
import os
import subprocess
import sys

import pytest

from tests.fuzz import conftest

MAX_EXAMPLES = 15
RUN_TIMEOUT = 300
CHECKS = ('not_a_server_error', 'status_code_conformance',
          'content_type_conformance', 'response_schema_conformance')
# run -> (token, generation mode, phases). Negative mode (invalid inputs,
# which must be 4xx) runs the fuzzing phase only: schemathesis 4.32's
# negative coverage phase fails inside itself on some of our schemas.
RUNS = {
    'member': (conftest.MEMBER, 'positive', 'coverage,fuzzing'),
    'admin': (conftest.ADMIN, 'positive', 'coverage,fuzzing'),
    'member-invalid-input': (conftest.MEMBER, 'negative', 'fuzzing'),
}


def _config(path, seeded):
    """Path parameters that name real resources, so cases get past 404."""
    values = {'share_id': seeded.share_id, 'rule_id': seeded.rule_id,
              'lock_id': seeded.lock_id, 'type_id': seeded.type_id,
              'export_location_id': seeded.export_location_id}
    with open(path, 'w') as handle:
        handle.write('[parameters]\n')
        for name, value in values.items():
            handle.write('"path.%s" = "%s"\n' % (name, value))
    return str(path)


def _summary(output):
    lines = output.splitlines()
    start = next((i for i, line in enumerate(lines)
                  if 'SUMMARY' in line), max(len(lines) - 40, 0))
    return '\n'.join(lines[start:])


@pytest.mark.parametrize('run', sorted(RUNS))
def test_fuzz(live_service, run, tmp_path):
    token, mode, phases = RUNS[run]
    schemathesis = os.path.join(os.path.dirname(sys.executable),
                                'schemathesis')
    command = [
        schemathesis, '--no-color',
        '--config-file', _config(tmp_path / 'schemathesis.toml',
                                 live_service),
        'run', live_service.url + '/openapi.json', '--url', live_service.url,
        '-H', 'X-Auth-Token: %s' % token,
        '--checks', ','.join(CHECKS), '--mode', mode,
        '--phases', phases, '--max-examples', str(MAX_EXAMPLES),
        '--seed', os.environ.get('FUZZ_SEED', '20261123'), '--workers', '1',
        '--request-timeout', '30', '--generation-database', 'none',
        '--warnings', 'off']
    result = subprocess.run(command, capture_output=True, text=True,
                            timeout=RUN_TIMEOUT, cwd=str(tmp_path))
    print(_summary(result.stdout))
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr
