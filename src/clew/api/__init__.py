"""REST API under ``/api/v1``: a thin shell over the services, bearer-token authenticated."""

from clew.api.routes import router

__all__ = ["router"]
