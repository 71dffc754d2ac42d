"""The floor: the least a WSGI app can do per request against our database.

A bare webob + routes app whose only route answers with one indexed SELECT
of one share row (primary key) as JSON. Served by the same server kind as
manila_locks, its latency is the physical floor the benchmark compares to.
"""
import routes
import sqlalchemy as sa
import webob
import webob.dec
import webob.exc

ROW = sa.text('SELECT id, status FROM shares WHERE id = :id')


class FloorApp:
    def __init__(self, url):
        self.engine = sa.create_engine(url, pool_size=8, max_overflow=8)
        self.mapper = routes.Mapper()
        self.mapper.connect('/v2/floor/shares/{share_id}')

    @webob.dec.wsgify
    def __call__(self, req):
        match = self.mapper.match(req.path_info)
        if match is None or req.method != 'GET':
            raise webob.exc.HTTPNotFound()
        with self.engine.connect() as conn:
            row = conn.execute(ROW, {'id': match['share_id']}).one_or_none()
        if row is None:
            raise webob.exc.HTTPNotFound()
        return webob.Response(json_body={'share': {'id': row.id,
                                                   'status': row.status}})
