"""Share backends, chosen by [DEFAULT] share_driver through the
``manila_locks.share_drivers`` entry point group."""
from stevedore import driver as stevedore_driver


def load(conf):
    manager = stevedore_driver.DriverManager(
        namespace='manila_locks.share_drivers', name=conf.share_driver,
        invoke_on_load=True, invoke_args=(conf,))
    return manager.driver


# Where deploy.py puts the loaded driver for the handlers.
ENVIRON_KEY = 'manila_locks.driver'


def of_request(req):
    """The driver serving this request."""
    return req.environ[ENVIRON_KEY]
