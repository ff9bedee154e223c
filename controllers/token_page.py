"""Pages reached by a token in their URL (a fee agreement, a consultation's
manage/reschedule/cancel pages, a diagnostic's result, the personal-data
pages): the token must leak neither to another site by the Referer header,
nor into a shared cache, nor to a page that frames them."""

import functools

TOKEN_PAGE_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
}
FRAME_ANCESTORS = "frame-ancestors 'none'"


def protect_token_page(response):
    """``response`` with the token page headers (any response of such a route:
    a page, a download, a redirect)."""
    if response is None or not hasattr(response, "headers"):
        return response
    for name, value in TOKEN_PAGE_HEADERS.items():
        response.headers[name] = value
    policy = response.headers.get("Content-Security-Policy", "")
    if "frame-ancestors" not in policy:
        response.headers["Content-Security-Policy"] = "; ".join(
            part for part in (policy.strip().rstrip(";"), FRAME_ANCESTORS) if part
        )
    return response


def token_page(endpoint):
    """Route decorator (under ``@http.route``): the route's responses are token pages."""

    @functools.wraps(endpoint)
    def wrapper(*args, **kwargs):
        return protect_token_page(endpoint(*args, **kwargs))

    return wrapper
