"""What every page reached by a token in its URL must answer (issue 19, item 14):
the token leaks neither by the Referer header, nor by a cache, nor by framing."""


def assert_token_page(case, response):
    case.assertEqual(response.headers.get("Referrer-Policy"), "no-referrer", response.url)
    case.assertIn("no-store", response.headers.get("Cache-Control", ""), response.url)
    case.assertIn(
        "frame-ancestors 'none'", response.headers.get("Content-Security-Policy", ""), response.url
    )
    case.assertEqual(response.headers.get("X-Frame-Options"), "DENY", response.url)
