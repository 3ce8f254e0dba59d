"""No copy of a page with personal data stays in a browser's or a proxy's cache.

One rule for the whole site rather than a decorator per view: a response is kept out of
caches unless it answers an anonymous GET or HEAD, one without a session, a token, or an
access code. That covers the staff pages and exports (a signed-in user), the tracking and
receipt pages (a session that tracks a request), the API's lists, details and exports (a
token or an access code) and every answer to a POST (a submission's receipt carries the access
code). The public catalog and open data stay cacheable.
"""

from django.utils.cache import add_never_cache_headers

CODE_PARAMETERS = ("access_code", "codigo")


def carries_private_data(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return True
    meta = request.META
    if "HTTP_AUTHORIZATION" in meta or "HTTP_X_ACCESS_CODE" in meta:
        return True
    if any(name in request.GET for name in CODE_PARAMETERS):
        return True
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    session = getattr(request, "session", None)
    return session is not None and not session.is_empty()


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if carries_private_data(request):
            add_never_cache_headers(response)
        return response
