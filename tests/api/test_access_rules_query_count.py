"""Listing a share's rules costs the same number of SQL statements for one
rule as for fifty: redaction and metadata are fetched for all rules at once,
never per rule (Manila issues two lock queries per rule)."""
import contextlib

import sqlalchemy as sa

from tests.api import access_rule_steps as steps
from tests import dbutils


@contextlib.contextmanager
def counting(engine):
    """The statements a request sends, as it sends them on a connection
    that has prepared its hot statements already: a connection's one-time
    PREPARE is left out (dbutils.counted), and the BEGIN that PostgreSQL's
    core_writer carried on it goes with the statement after it, where it
    would have been."""
    statements = []
    carried = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if not dbutils.counted(statement):
            if statement.startswith(dbutils.CARRIED_BEGIN):
                carried.append(dbutils.CARRIED_BEGIN)
            return
        if carried and not statement.startswith(dbutils.CARRIED_BEGIN):
            statement = carried.pop() + statement
        carried.clear()
        statements.append(statement)

    sa.event.listen(engine, 'before_cursor_execute', count)
    try:
        yield statements
    finally:
        sa.event.remove(engine, 'before_cursor_execute', count)


def _share_with_rules(api, name, count):
    share = api.create_share(name=name)
    for number in range(count):
        # Every rule hidden from bob, with metadata: the costly case.
        steps.allow(api, share['id'], '10.0.%d.%d' % divmod(number, 250),
                    lock_visibility=True, metadata={'n': str(number)})
    return share


def _listings(bob):
    """Every way of listing a share's rules, as bob (who sees stars)."""
    def listing(share):
        return steps.rules(bob, share['id'])

    def filtered(share):
        return steps.rules(bob, share['id'], access_type='ip',
                           access_level='rw')

    def legacy(share):
        return bob.as_(version='2.44').post(
            steps.action_path(share['id']), {'access_list': None}
        ).json['access_list']
    return {'list': listing, 'filtered list': filtered,
            'legacy access_list': legacy}


def test_listing_cost_does_not_grow_with_rules(db, api, bob):
    small = _share_with_rules(api, 'one', 1)
    large = _share_with_rules(api, 'fifty', 50)
    for name, listing in _listings(bob).items():
        with counting(db.engine) as for_one:
            one = listing(small)
        with counting(db.engine) as for_fifty:
            fifty = listing(large)
        assert (len(one), len(fifty)) == (1, 50), name
        assert all(rule['access_to'] == '******' for rule in one + fifty)
        assert len(for_one) == len(for_fifty), (name, for_one, for_fifty)
