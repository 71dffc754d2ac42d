"""Tables of the reference host: share types, shares, export locations,
access rules and their metadata, share transfers, availability zones and
user messages."""
import sqlalchemy as sa

from manila_locks.db import base


class ShareType(base.Base, base.Timestamps, base.SoftDelete):
    __tablename__ = 'share_types'
    __table_args__ = (
        sa.UniqueConstraint('name', 'deleted', name='share_types_name_uc'),
    )
    id = sa.Column(sa.String(36), primary_key=True)
    name = sa.Column(sa.String(255), nullable=False)
    description = sa.Column(sa.String(255), nullable=True)
    is_public = sa.Column(sa.Boolean, nullable=False, default=True)


class ShareTypeExtraSpec(base.Base, base.Timestamps):
    __tablename__ = 'share_type_extra_specs'
    __table_args__ = (
        sa.UniqueConstraint('share_type_id', 'spec_key',
                            name='share_type_extra_specs_key_uc'),
    )
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    share_type_id = sa.Column(sa.String(36), sa.ForeignKey('share_types.id'),
                              nullable=False)
    spec_key = sa.Column(sa.String(255), nullable=False)
    spec_value = sa.Column(sa.String(255), nullable=False)


class ShareTypeProject(base.Base, base.Timestamps):
    """Projects that may use a private share type."""
    __tablename__ = 'share_type_projects'
    __table_args__ = (
        sa.UniqueConstraint('share_type_id', 'project_id',
                            name='share_type_projects_uc'),
    )
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    share_type_id = sa.Column(sa.String(36), sa.ForeignKey('share_types.id'),
                              nullable=False)
    project_id = sa.Column(sa.String(255), nullable=False)


class Share(base.Base, base.Timestamps, base.SoftDelete, base.RowVersion):
    __tablename__ = 'shares'
    __table_args__ = (
        sa.Index('shares_project_idx', 'project_id', 'deleted', 'created_at'),
    )
    id = sa.Column(sa.String(36), primary_key=True)
    user_id = sa.Column(sa.String(255), nullable=False)
    project_id = sa.Column(sa.String(255), nullable=False)
    display_name = sa.Column(sa.String(255), nullable=True)
    display_description = sa.Column(sa.String(255), nullable=True)
    size = sa.Column(sa.Integer, nullable=False)
    share_proto = sa.Column(sa.String(255), nullable=False)
    share_type_id = sa.Column(sa.String(36), sa.ForeignKey('share_types.id'),
                              nullable=False)
    status = sa.Column(sa.String(255), nullable=False)
    availability_zone = sa.Column(sa.String(255), nullable=True)
    is_public = sa.Column(sa.Boolean, nullable=False, default=False)
    snapshot_id = sa.Column(sa.String(36), nullable=True)
    share_network_id = sa.Column(sa.String(36), nullable=True)
    host = sa.Column(sa.String(255), nullable=True)
    access_rules_status = sa.Column(sa.String(255), nullable=False,
                                    default='active')
    task_state = sa.Column(sa.String(255), nullable=True)
    is_soft_deleted = sa.Column(sa.Boolean, nullable=False, default=False)
    scheduled_to_be_deleted_at = sa.Column(base.Timestamp, nullable=True)
    mount_point_name = sa.Column(sa.String(255), nullable=True)


class ShareMetadata(base.Base, base.Timestamps):
    __tablename__ = 'share_metadata'
    __table_args__ = (
        sa.UniqueConstraint('share_id', 'key', name='share_metadata_key_uc'),
    )
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    share_id = sa.Column(sa.String(36), sa.ForeignKey('shares.id'),
                         nullable=False)
    key = sa.Column(sa.String(255), nullable=False)
    value = sa.Column(sa.String(1023), nullable=False)


class ExportLocation(base.Base, base.Timestamps):
    __tablename__ = 'share_export_locations'
    id = sa.Column(sa.String(36), primary_key=True)
    share_id = sa.Column(sa.String(36), sa.ForeignKey('shares.id'),
                         nullable=False, index=True)
    share_instance_id = sa.Column(sa.String(36), nullable=False)
    path = sa.Column(sa.String(2000), nullable=False)
    preferred = sa.Column(sa.Boolean, nullable=False, default=True)
    is_admin_only = sa.Column(sa.Boolean, nullable=False, default=False)


class AccessRule(base.Base, base.Timestamps, base.SoftDelete,
                 base.RowVersion):
    __tablename__ = 'share_access_rules'
    __table_args__ = (
        sa.Index('share_access_rules_share_idx', 'share_id', 'deleted'),
    )
    id = sa.Column(sa.String(36), primary_key=True)
    share_id = sa.Column(sa.String(36), sa.ForeignKey('shares.id'),
                         nullable=False)
    project_id = sa.Column(sa.String(255), nullable=False)
    user_id = sa.Column(sa.String(255), nullable=False)
    access_type = sa.Column(sa.String(255), nullable=False)
    access_to = sa.Column(sa.String(255), nullable=False)
    access_level = sa.Column(sa.String(2), nullable=False)
    access_key = sa.Column(sa.String(255), nullable=True)
    state = sa.Column(sa.String(255), nullable=False)


class AccessRuleMetadata(base.Base, base.Timestamps):
    __tablename__ = 'share_access_rule_metadata'
    __table_args__ = (
        sa.UniqueConstraint('access_id', 'key',
                            name='share_access_rule_metadata_key_uc'),
    )
    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    access_id = sa.Column(sa.String(36),
                          sa.ForeignKey('share_access_rules.id'),
                          nullable=False)
    key = sa.Column(sa.String(255), nullable=False)
    value = sa.Column(sa.String(1023), nullable=False)


class ShareTransfer(base.Base, base.Timestamps, base.SoftDelete,
                    base.RowVersion):
    """A share offered to another project (Manila's transfers table).

    Only a salt and an HMAC of the auth key are stored; the key itself is
    shown once, in the create answer.
    """
    __tablename__ = 'share_transfers'
    __table_args__ = (
        sa.Index('share_transfers_project_idx', 'source_project_id',
                 'deleted', 'created_at'),
        # At most one live offer per share, enforced by the database: a
        # soft-deleted row holds its own id in `deleted` (base.SoftDelete),
        # so only live rows can collide. Also the index of "the live offer
        # of this share".
        sa.Index('share_transfers_one_live_offer', 'resource_id', 'deleted',
                 unique=True),
    )
    id = sa.Column(sa.String(36), primary_key=True)
    display_name = sa.Column(sa.String(255), nullable=True)
    resource_type = sa.Column(sa.String(255), nullable=False)
    resource_id = sa.Column(sa.String(36), sa.ForeignKey('shares.id'),
                            nullable=False)
    source_project_id = sa.Column(sa.String(255), nullable=False)
    destination_project_id = sa.Column(sa.String(255), nullable=True)
    salt = sa.Column(sa.String(255), nullable=False)
    crypt_hash = sa.Column(sa.String(255), nullable=False)
    expires_at = sa.Column(base.Timestamp, nullable=False)
    accepted = sa.Column(sa.Boolean, nullable=False, default=False)


class AvailabilityZone(base.Base, base.Timestamps):
    """An availability zone, recorded the first time the service is asked
    about it (Manila records one when a share service in it starts), so
    that it keeps one id and creation time."""
    __tablename__ = 'availability_zones'
    __table_args__ = (
        sa.UniqueConstraint('name', name='availability_zones_name_uc'),
    )
    id = sa.Column(sa.String(36), primary_key=True)
    name = sa.Column(sa.String(255), nullable=False)


class Message(base.Base, base.Timestamps):
    """A user message: what went wrong with a user's resource after the
    request that asked for it was answered (Manila's messages table).
    action_id and detail_id index host/message_field.py."""
    __tablename__ = 'messages'
    __table_args__ = (
        sa.Index('messages_project_idx', 'project_id', 'created_at'),
        sa.Index('messages_expires_idx', 'expires_at'),
    )
    id = sa.Column(sa.String(36), primary_key=True)
    project_id = sa.Column(sa.String(255), nullable=False)
    request_id = sa.Column(sa.String(255), nullable=True)
    resource_type = sa.Column(sa.String(255), nullable=True)
    resource_id = sa.Column(sa.String(36), nullable=True)
    action_id = sa.Column(sa.String(10), nullable=False)
    detail_id = sa.Column(sa.String(10), nullable=True)
    message_level = sa.Column(sa.String(255), nullable=False)
    expires_at = sa.Column(base.Timestamp, nullable=False)
