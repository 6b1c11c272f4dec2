"""REST API under ``/api/v1``: a thin shell over the services, bearer-token authenticated."""

from clew.api.firearms import router as firearms_router
from clew.api.intel import router as intel_router
from clew.api.records import router as records_router
from clew.api.routes import router
from clew.api.screening import router as screening_router
from clew.api.traces import router as traces_router

__all__ = [
    "firearms_router",
    "intel_router",
    "records_router",
    "router",
    "screening_router",
    "traces_router",
]
