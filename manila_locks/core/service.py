"""The lock service: the lock core with its lookup and authorizer, built
once by the host (host/deploy.py) and reached by the /resource-locks
handlers through one environ key (api.wsgi.LOCK_SERVICE_KEY).

Each method is what one handler needs after it has read and validated
the request; the rules stay in core/locks.py and core/lifetime.py, which
are handed this service's lookup and authorizer.
"""
from manila_locks.core import lifetime
from manila_locks.core import lock_events
from manila_locks.core import locks
from manila_locks.core import states

GET_RULE = 'resource_lock:get'
EVENT_GET_RULE = 'resource_lock_event:get'
UPDATE_RULE = 'resource_lock:update'


class LockService:
    def __init__(self, lookup, authorizer):
        """`lookup`: a core.lookup.ResourceLookup; `authorizer`: see
        core/authorization.py (``manila_locks.policy`` is one)."""
        self.lookup = lookup
        self.authorizer = authorizer

    def authorize(self, context, rule, target=None):
        """The API's first check of a rule, before it reads the body: so a
        caller the rule refuses learns nothing from validation errors."""
        self.authorizer.authorize(context, rule, target)

    def create(self, context, resource_type, resource_id, action, reason):
        return locks.create(context, self.lookup, resource_type,
                            resource_id, action, reason,
                            authorizer=self.authorizer)

    def get(self, context, lock_id, rule=GET_RULE):
        """A lock by id: the rule, then 404 if the caller cannot see it."""
        self.authorizer.authorize(context, rule)
        return locks.get(context, lock_id)

    def list_scope(self, context, all_projects, project_id=None):
        return locks.list_scope(context, all_projects, project_id,
                                self.authorizer)

    def find(self, context, all_projects, query):
        """A page of locks matching a store.LockQuery, in the scope the
        caller may list."""
        scope = self.list_scope(context, all_projects,
                                query.filters.get('project_id'))
        return locks.find(context, scope, query)

    def update(self, context, lock_id, changes):
        # 404 for an unknown lock comes before 400 for an action its type
        # does not allow, as in Manila.
        lock = locks.get(context, lock_id)
        if 'resource_action' in changes:
            states.ensure_action_allowed(lock.resource_type,
                                         changes['resource_action'])
        return locks.update(context, self.lookup, lock.id, changes,
                            authorizer=self.authorizer)

    def delete(self, context, lock_id):
        locks.delete(context, lock_id, authorizer=self.authorizer)

    def set_retention(self, context, lock_id, expires_at, duration, mode,
                      cooling_off_seconds):
        return lifetime.set_retention(
            context, self.lookup, lock_id, expires_at, duration, mode,
            cooling_off_seconds, authorizer=self.authorizer)

    def unset_retention(self, context, lock_id):
        # The rule without a target first: 403 before 404, as the other
        # lifetime calls.
        self.authorizer.authorize(context, UPDATE_RULE)
        return lifetime.unset_retention(context, self.lookup, lock_id,
                                        authorizer=self.authorizer)

    def place_legal_hold(self, context, lock_id, reason):
        return lifetime.place_legal_hold(context, self.lookup, lock_id,
                                         reason, authorizer=self.authorizer)

    def release_legal_hold(self, context, lock_id):
        self.authorizer.authorize(context, lifetime.LEGAL_HOLD_RULE)
        return lifetime.release_legal_hold(context, self.lookup, lock_id,
                                           authorizer=self.authorizer)

    def find_events(self, context, all_projects, query):
        """A page of lock events (a lock_events.EventQuery), in the scope
        the caller may list."""
        scope = self.list_scope(context, all_projects)
        return lock_events.find(context, scope, query)

    def get_event(self, context, event_id):
        """An event by id: the rule, then 404 if the caller cannot see
        it."""
        self.authorizer.authorize(context, EVENT_GET_RULE)
        return lock_events.get(context, event_id, locks.scope_of(context))
