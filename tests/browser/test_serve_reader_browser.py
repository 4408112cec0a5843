"""`serve` as a Chinese reader meets it: no CSP violation, the site's 404 page, a Chinese banner."""
from __future__ import annotations

import re
import time
import urllib.error
import urllib.request

from .test_serve_browser import served  # noqa: F401  (the fixture: a project served on a free port)


def fetch_missing(url: str) -> urllib.error.HTTPError:
    """The error response for url, once the server listens ("serving" is printed just before)."""
    for _ in range(100):
        try:
            urllib.request.urlopen(url)
        except urllib.error.HTTPError as e:
            return e
        except urllib.error.URLError:
            time.sleep(0.1)
            continue
        raise AssertionError(f"{url} exists")
    raise AssertionError("serve never listened")


def test_served_pages_log_no_console_error(browser, served):  # noqa: F811
    _, base, _ = served
    page = browser.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    for path in ("zh-hans/index.html", "zh-hant/matrix.html", "zh-hans/sources/guancha-marcus.html"):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
    assert errors == [], errors
    page.close()


def test_a_missing_page_gets_the_sites_styled_404(browser, served):  # noqa: F811
    _, base, _ = served
    missing = fetch_missing(base + "zh-hans/sources/no-such-source.html")
    assert missing.code == 404
    body = missing.read().decode("utf-8")
    assert "找不到这个页面" in body and "找不到這個頁面" in body
    page = browser.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "404" not in m.text else None)
    page.goto(base + "zh-hans/deep/missing/page.html")
    assert page.locator("h1").inner_text() == "404"
    # Styled by its own inline sheet: the site's background, not the browser's white.
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(251, 250, 247)"
    home = page.locator("a[hreflang=zh-Hans]").get_attribute("href")
    assert home == "/zh-hans/index.html", "under serve, the 404 page leads to the local site"
    page.click("a[hreflang=zh-Hans]")
    assert page.url == base + "zh-hans/index.html"
    assert errors == [], errors
    page.close()


def test_the_error_banner_speaks_chinese(browser, served):  # noqa: F811
    project, base, _ = served
    page = browser.new_page()
    page.goto(base + "zh-hant/index.html")
    meta = project / "content" / "sources" / "guancha-marcus.yaml"
    meta.write_text(meta.read_text("utf-8") + "\n: : broken\n", encoding="utf-8")
    page.wait_for_selector("#dev-banner:not([hidden])", timeout=20000)
    banner = page.locator("#dev-banner").inner_text()
    heading = banner.splitlines()[0]
    assert "重新構建失敗" in heading and not re.search("[A-Za-z]", heading), banner
    assert "guancha-marcus.yaml" in page.locator("#dev-banner code").inner_text()
    page.close()
