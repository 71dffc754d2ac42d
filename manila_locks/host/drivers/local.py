"""A share is a directory under <state_path>/shares; its export location is
that directory. For development, tests and demos: no NFS server is run."""
import os
import shutil

from manila_locks.host.drivers import base


class LocalDriver(base.ShareDriver):
    default_backend_name = 'LOCAL'

    def __init__(self, conf):
        super().__init__(conf)
        self.root = os.path.join(conf.state_path, 'shares')

    def _path(self, share):
        return os.path.join(self.root, 'share-%s' % share.id)

    def create_share(self, share):
        path = self._path(share)
        os.makedirs(path, exist_ok=True)
        return path

    def delete_share(self, share):
        shutil.rmtree(self._path(share), ignore_errors=True)

    def unmanage_share(self, share):
        # The directory stays: unmanaging never touches data.
        return None
