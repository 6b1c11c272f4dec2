"""REST API under ``/api/v1``: a thin shell over the services, bearer-token authenticated."""

from clew.api.exchange import router as exchange_router
from clew.api.exchange_clearing import router as exchange_clearing_router
from clew.api.exchange_requests import router as exchange_requests_router
from clew.api.exchange_search import router as exchange_search_router
from clew.api.firearms import router as firearms_router
from clew.api.intel import router as intel_router
from clew.api.liaison import router as liaison_router
from clew.api.operation_reports import router as operation_reports_router
from clew.api.operations import router as operations_router
from clew.api.operations_live import router as operations_live_router
from clew.api.records import router as records_router
from clew.api.routes import router
from clew.api.screening import router as screening_router
from clew.api.traces import router as traces_router

__all__ = [
    "exchange_clearing_router",
    "exchange_requests_router",
    "exchange_router",
    "exchange_search_router",
    "firearms_router",
    "intel_router",
    "liaison_router",
    "operation_reports_router",
    "operations_live_router",
    "operations_router",
    "records_router",
    "router",
    "screening_router",
    "traces_router",
]
