"""tools/bench/report: the targets' verdicts and the spread of a ratio
over the interleaved blocks it was measured in.

| what                                      | checked                        |
|-------------------------------------------|--------------------------------|
| a row measured in blocks with the floor   | its CPU ratio per block, lowest|
|                                           | first                          |
| a row without blocks, or without CPU      | no spread (None)               |
| the CPU target's line                     | the merged ratio, its verdict, |
|                                           | and the blocks' lowest and     |
|                                           | highest ratio                  |
| the p50 target's line                     | no spread                      |
"""
import os
import sys
import types

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..',
                                'tools', 'bench'))
import cpu  # noqa: E402
import load  # noqa: E402
import report  # noqa: E402

META = {'backend': 'sqlite', 'kind': '1w', 'level': 10 ** 6}
RULE_LIST = types.SimpleNamespace(name='rule list', rules=1000)


def _result(server_ms, latency=0.005, requests=10):
    return load.Result(requests, 1.0, [latency] * requests, [5], [],
                       cpu=None if server_ms is None else cpu.Usage(
                           server_ms))


def test_a_rows_cpu_ratio_is_given_block_by_block():
    blocks = [(_result(6.0), _result(0.6)), (_result(5.0), _result(0.5)),
              (_result(5.5), _result(0.5))]
    row = report.row(META, RULE_LIST, 1, _result(5.5), [_result(0.55)],
                     blocks=blocks)
    assert row['cpu_blocks'] == [10.0, 10.0, 11.0]


@pytest.mark.parametrize('blocks', [
    [],
    [(_result(None), _result(0.5))],
])
def test_no_spread_without_blocks_or_cpu(blocks):
    row = report.row(META, RULE_LIST, 1, _result(5.5), [_result(0.55)],
                     blocks=blocks)
    assert row['cpu_blocks'] is None


def test_the_cpu_target_shows_the_blocks_spread_and_p50_does_not():
    blocks = [(_result(4.5), _result(0.5)), (_result(6.0), _result(0.5))]
    row = report.row(META, RULE_LIST, 1, _result(5.25, latency=0.004),
                     [_result(0.5, latency=0.0005)], blocks=blocks)
    lines = report.targets([row], [10 ** 6]).splitlines()
    (cpu_line,) = [line for line in lines if ' CPU ' in line]
    (p50_line,) = [line for line in lines if ' p50 ' in line]
    assert cpu_line.startswith('NOT MET')
    assert '10.50x floor (<= 10x) (blocks 9.00x-12.00x)' in cpu_line
    assert p50_line.startswith('MET')
    assert 'blocks' not in p50_line
