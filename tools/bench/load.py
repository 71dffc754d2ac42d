"""Drive HTTP load: a fixed number of requests over bounded concurrency.

Each client is a thread with its own keep-alive http.client connection (it
reconnects by itself when a server closes after each response, as the
single-process server does). Requests are handed out by index, so a request
that consumes a row (a share delete) gets a row of its own.
"""
import dataclasses
import http.client
import json
import statistics
import threading
import time
import urllib.parse

import cpu

VERSION = '2.99'
COUNT_HEADER = 'X-Bench-SQL-Count'


@dataclasses.dataclass
class Request:
    method: str
    path: str               # below /v2
    token: str
    body: dict = None


@dataclasses.dataclass
class Result:
    requests: int
    seconds: float
    latencies: list         # seconds, one per request
    sql_counts: list
    errors: list            # (status, body) of unexpected answers
    cpu: object = None      # cpu.Usage, when the run was metered

    @property
    def rps(self):
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, pct):
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))
        return ordered[index]

    @property
    def sql(self):
        return statistics.median(self.sql_counts) if self.sql_counts else None


def _token_header(token):
    return {'X-Auth-Token': token}


class _Client:
    def __init__(self, base_url):
        parsed = urllib.parse.urlsplit(base_url)
        self.prefix = parsed.path.rstrip('/')
        self.conn = http.client.HTTPConnection(parsed.hostname, parsed.port,
                                               timeout=120)
        # How the server wants the caller named; upstream Manila's is in
        # manila_upstream.auth_headers.
        self.auth = getattr(base_url, 'auth_headers', _token_header)

    def send(self, request):
        headers = dict(self.auth(request.token), Accept='application/json')
        headers['X-OpenStack-Manila-API-Version'] = VERSION
        body = None
        if request.body is not None:
            body = json.dumps(request.body)
            headers['Content-Type'] = 'application/json'
        self.conn.request(request.method, self.prefix + request.path, body,
                          headers)
        response = self.conn.getresponse()
        data = response.read()
        if response.will_close:
            self.conn.close()
        return response.status, data, response.getheader(COUNT_HEADER)


def run(base_url, make_request, count, clients, expect, first=0):
    """Send make_request(first..first+count-1) with `clients` in flight;
    `expect` is the set of acceptable statuses. `base_url` may be a list
    (several servers): client i then talks to base_url[i % len(base_url)].
    """
    latencies, sql_counts, errors = [], [], []
    next_index = iter(range(first, first + count))
    lock = threading.Lock()
    urls = [base_url] if isinstance(base_url, str) else base_url

    def work(number):
        client = _Client(urls[number % len(urls)])
        while True:
            with lock:
                index = next(next_index, None)
            if index is None:
                return
            request = make_request(index)
            started = time.perf_counter()
            status, data, sql = client.send(request)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if sql is not None:
                    sql_counts.append(int(sql))
                if status not in expect:
                    errors.append((status, data[:300]))

    threads = [threading.Thread(target=work, args=(number,))
               for number in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Result(count, time.perf_counter() - started, latencies,
                  sql_counts, errors)


def merged(results):
    """One Result of several runs of one measurement (run.py's
    interleaved blocks): their requests, time, latencies, statement
    counts and errors together, and their CPU per request over all of
    them (cpu.merged)."""
    merged_result = Result(
        sum(r.requests for r in results), sum(r.seconds for r in results),
        [x for r in results for x in r.latencies],
        [x for r in results for x in r.sql_counts],
        [x for r in results for x in r.errors])
    if all(r.cpu is not None for r in results):
        merged_result.cpu = cpu.merged([(r.cpu, r.requests)
                                        for r in results])
    return merged_result


def probe(base_url, request):
    """One request; its status."""
    return _Client(base_url).send(request)[0]
