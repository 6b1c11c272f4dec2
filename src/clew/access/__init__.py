"""Access: agencies, users, roles, credentials, sessions and the audit chain.

Every service call carries an :class:`Actor`; role checks (and, for watchlist records,
visibility) are enforced here, in the service and query layer, never only in a route.
"""

from clew.access.actor import Actor, Channel
from clew.access.roles import OrganisationType, Permission, Role, Scope

__all__ = ["Actor", "Channel", "OrganisationType", "Permission", "Role", "Scope"]
