"""OpenAPI 3 for authstate's JSON endpoints, through drf-spectacular extensions.

``AuthStateConfig.ready`` imports this package when ``drf_spectacular`` is installed. Nothing
here touches the views themselves: ``OpenApiViewExtension`` subclasses (``views_*`` modules)
describe each view by its import path, with the shared bodies and the error envelope from
``components``. A project serves the schema with drf-spectacular's own
``SpectacularAPIView`` (see the demo's ``/api/schema/``).
"""

from authstate.openapi import _auth, _views_core, _views_mfa, _views_passkeys, _views_passwords  # noqa: F401

__all__ = []
