"""HTTP response headers that keep visitors private and the pages safe to render.

Django's SecurityMiddleware already sends HSTS (production, over HTTPS), nosniff,
Referrer-Policy and Cross-Origin-Opener-Policy from settings; this adds the Content Security
Policy, Permissions-Policy and Cross-Origin-Resource-Policy, and `no_store` for pages that
show one person's data."""

from django.conf import settings


def _policy(directives: dict[str, str]) -> str:
    return "; ".join(f"{name} {value}" for name, value in directives.items())


# Public pages: nothing inline, nothing from elsewhere, never framed.
PUBLIC_CSP = _policy(
    {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
)

# A page shown in the editor's preview panel: the public policy, framed by the admin.
PREVIEW_CSP = PUBLIC_CSP.replace("frame-ancestors 'none'", "frame-ancestors 'self'")

# The editors' admin uses inline scripts and styles and frames its own previews; it still
# loads nothing from other sites.
ADMIN_CSP = _policy(
    {
        "default-src": "'self'",
        "script-src": "'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data: blob:",
        "font-src": "'self' data:",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'self'",
    }
)

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/admin/"

    def _policy(self, request):
        if request.path.startswith(self.admin_prefix):
            return ADMIN_CSP
        # Wagtail renders a preview through the middleware with a request for the page's
        # own (public) path, marked as a preview.
        return PREVIEW_CSP if getattr(request, "is_preview", False) else PUBLIC_CSP

    def __call__(self, request):
        response = self.get_response(request)
        # Views that set their own policy (Wagtail's document view sends default-src 'none')
        # keep it.
        response.headers.setdefault("Content-Security-Policy", self._policy(request))
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # The content API is meant to be read by other sites; everything else stays ours.
        shared = request.path.startswith(tuple(settings.PORTAL_CROSS_ORIGIN_PATHS))
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", "cross-origin" if shared else "same-origin"
        )
        return response
