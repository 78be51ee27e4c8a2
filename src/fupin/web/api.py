"""The REST API, version 1: every app's endpoints under /api/v1/, OpenAPI 3 at
/api/v1/openapi.json and its interactive docs at /api/v1/docs (scripts served here, no CDN)."""

from __future__ import annotations

from ninja import NinjaAPI

from fupin import __version__
from fupin.registry.api.common import AUTH, TokenRateThrottle, install_handlers
from fupin.registry.api.routes import router as registry_router


def build_api() -> NinjaAPI:
    """The API with its authentication, rate limit, error handlers and every app's router."""
    from fupin.dossier.api import router as dossier_router
    from fupin.funds.api import router as funds_router
    from fupin.identification.api import router as identification_router
    from fupin.monitoring.api import router as monitoring_router

    api = NinjaAPI(
        title="Fupin API", version=f"1 ({__version__})", urls_namespace="api",
        description="Fupin's registry, monitoring, identification, household files and funds. Authenticate with "
        "`Authorization: Bearer TOKEN` (`fupin createtoken USERNAME`) or the pages' session.",
        auth=AUTH, throttle=[TokenRateThrottle()],
    )  # fmt: skip
    install_handlers(api)
    api.add_router("/", registry_router)
    api.add_router("/", monitoring_router)
    api.add_router("/", identification_router)
    api.add_router("/", dossier_router)
    api.add_router("/", funds_router)
    return api


api = build_api()
