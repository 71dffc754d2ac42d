"""The resource locks client: JSON over a keystoneauth session, on the
share service's endpoint (catalog type `sharev2`, else
`shared-file-system`, or the endpoint override).

Every request carries the Manila microversion the lock history needs;
errors come back as ApiError with the service's own message, the way
python-manilaclient shows them ("<message> (HTTP <code>)").
"""
from keystoneauth1 import adapter

# The lock history (/resource-lock-events) exists from 2.81 on, as the
# resource locks do.
MICROVERSION = '2.81'
VERSION_HEADER = 'X-OpenStack-Manila-API-Version'
# Where the share service is in the catalog: the type manila-ui uses, and
# the one the OpenStack client and Nova use.
SERVICE_TYPES = ('sharev2', 'shared-file-system')


class ApiError(Exception):
    """The share service answered with an error status."""

    def __init__(self, status, message):
        super().__init__('%s (HTTP %d)' % (message, status))
        self.status = status


class EndpointNotFound(Exception):
    pass


class Client:
    def __init__(self, session, endpoint, microversion=MICROVERSION):
        self.http = adapter.Adapter(
            session, endpoint_override=endpoint, raise_exc=False,
            additional_headers={VERSION_HEADER: microversion})

    @classmethod
    def from_client_manager(cls, instance):
        return cls(instance.session, endpoint(instance))

    def get(self, path, params=None):
        """The JSON body of GET <endpoint><path>; ApiError unless 200."""
        response = self.http.get(path, params=params or {},
                                 headers={'Accept': 'application/json'})
        if response.status_code != 200:
            raise ApiError(response.status_code, _message(response))
        return response.json()

    def put(self, path, body):
        """The JSON body of PUT <endpoint><path>; ApiError unless 200."""
        response = self.http.put(path, json=body,
                                 headers={'Accept': 'application/json'})
        if response.status_code != 200:
            raise ApiError(response.status_code, _message(response))
        return response.json()

    def delete(self, path):
        """DELETE <endpoint><path>; ApiError unless 204 (or 202)."""
        response = self.http.delete(path,
                                    headers={'Accept': 'application/json'})
        if response.status_code not in (202, 204):
            raise ApiError(response.status_code, _message(response))

    def exists(self, path):
        """Whether GET <path> finds something (200) or not (404)."""
        try:
            self.get(path)
        except ApiError as error:
            if error.status == 404:
                return False
            raise
        return True

    def lock_events(self, **params):
        """One page of the lock history: (events, next marker or None)."""
        body = self.get('/resource-lock-events', params)
        events = body['resource_lock_events']
        more = body.get('resource_lock_events_links') and events
        return events, (events[-1]['id'] if more else None)


def endpoint(instance):
    """The share service's URL for an osc-lib ClientManager: an endpoint
    override (python-manilaclient's --os-endpoint-override, or clouds.yaml
    `<type>_endpoint_override`), the catalog, or the endpoint of a
    catalog-less auth plugin (admin_token, none with --os-endpoint)."""
    override = instance._cli_options.config.get('endpoint_override')
    if override:
        return override
    for service_type in SERVICE_TYPES:
        url = instance.get_endpoint_for_service_type(
            service_type, region_name=instance.region_name,
            interface=instance.interface)
        if url:
            return url
    raise EndpointNotFound('No share service endpoint (%s) in the service '
                           'catalog.' % ' or '.join(SERVICE_TYPES))


def _message(response):
    """Manila's fault body {"<faultName>": {"code": N, "message": M}}; the
    status text when the body is something else."""
    try:
        body = response.json()
        [fault] = body.values()
        return fault['message']
    except (ValueError, TypeError, KeyError, AttributeError):
        return response.reason or 'Error'
