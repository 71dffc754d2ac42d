"""Share actions on access rules: allow_access, deny_access, access_list.

Filled in by the access-rule work; the table below is merged into
share_actions.ACTIONS.
"""

ACTIONS = {}
