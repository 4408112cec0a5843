"""Pair pages and the points page in a real browser: phones, jumps between passages, accessibility."""
from __future__ import annotations

import pytest

PAIR = "compare/guancha-marcus--netease-minhong.html"


@pytest.mark.parametrize("width", [375, 1280])
def test_pair_and_points_pages_never_overflow(browser, site, width):
    base, _ = site
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for path in (f"zh-hans/{PAIR}", f"zh-hant/{PAIR}", "zh-hans/agreements.html", "zh-hant/agreements.html"):
        page.goto(base + path)
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner, f"{path} scrolls sideways at {width}px ({scroll} > {inner})"
    context.close()


def column_boxes(page):
    return page.evaluate("[...document.querySelectorAll('.compare-column')].map(c => c.getBoundingClientRect())"
                         ".map(r => [r.left, r.top, r.bottom])")


def test_columns_stand_side_by_side_on_a_wide_screen_and_stack_on_a_phone(browser, site):
    base, _ = site
    for width, stacked in ((1280, False), (375, True)):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(base + f"zh-hant/{PAIR}")
        (left_a, top_a, bottom_a), (left_b, top_b, _) = column_boxes(page)
        if stacked:
            assert left_a == left_b and top_b >= bottom_a
        else:
            assert left_b > left_a and top_a == top_b
        context.close()


def test_a_jump_on_a_phone_lands_on_the_counterpart(browser, site):
    base, _ = site
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.goto(base + f"zh-hans/{PAIR}")
    jump = page.locator("#a-p21 a.counterpart").first
    target = jump.get_attribute("href")
    jump.click()
    page.wait_for_function(f"location.hash === '{target}'")
    top = page.evaluate(f"document.querySelector('{target}').getBoundingClientRect().top")
    assert 0 <= top < 812, "the counterpart passage is on screen"
    assert page.evaluate(f"document.querySelector('{target}').matches(':target')")
    context.close()


@pytest.mark.parametrize("path, dark", [(f"zh-hans/{PAIR}", False), ("zh-hant/agreements.html", False),
                                        (f"zh-hant/{PAIR}", True)])
def test_no_accessibility_violations(browser, site, path, dark):
    from axe_playwright_python.sync_playwright import Axe

    base, _ = site
    context = browser.new_context(viewport={"width": 375 if dark else 1280, "height": 812},
                                  color_scheme="dark" if dark else "light")
    page = context.new_page()
    page.goto(base + path)
    violations = Axe().run(page).response["violations"]
    context.close()
    assert not violations, "\n".join(f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)" for v in violations)
