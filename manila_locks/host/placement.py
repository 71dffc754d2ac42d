"""Where a share type lets a share go, as Manila's scheduler and API
decide it: the type's size limits (provisioning:min_share_size,
max_share_size, max_share_extend_size) and its share_backend_name, which
must name this host's one backend."""
from manila_locks.core import exception
from manila_locks.host.db import share_types as types_db
from manila_locks.host import extra_specs


class SizeOutsideType(exception.Invalid):
    message = ("Invalid input received: Specified share size of "
               "'%(size)d' is %(relation)s of '%(limit)s' for share type "
               "'%(type_name)s'.")


def check_size(share_type, specs, size, operation='create'):
    """Manila's provisioning:min/max_share_size filter: create and shrink
    keep to the minimum; create and extend to the maximum; an
    administrator's extend ('admin-extend') to max_share_extend_size."""
    min_size, max_size, max_extend = extra_specs.size_limits(specs)
    relation, limit = None, None
    if operation in ('create', 'shrink') and min_size and size < min_size:
        relation, limit = 'less than the minimum required size', min_size
    elif operation in ('create', 'extend') and max_size and size > max_size:
        relation, limit = 'greater than the maximum allowable size', max_size
    elif (operation == 'admin-extend' and max_extend and
          size > max_extend):
        relation = 'greater than the maximum allowable extend size'
        limit = max_extend
    if relation:
        raise SizeOutsideType(size=size, relation=relation, limit=limit,
                              type_name=share_type.name)


def check_size_of(context, share, size, operation):
    type_id = share.share_type_id
    share_type = types_db.get_many(context, [type_id]).get(type_id)
    if share_type is not None:
        check_size(share_type, types_db.extra_specs(context, [type_id])[
            type_id], size, operation)


def fits_backend(driver, specs):
    """Whether the type may place shares on this host's one backend: a
    share_backend_name spec must name it, as Manila's scheduler requires."""
    wanted = specs.get(extra_specs.BACKEND_NAME)
    return wanted is None or wanted.strip() == driver.backend_name
