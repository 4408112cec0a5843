"""The matrix at a glance, measured in a real browser: links land below the sticky header,
no column is cut off, the whole matrix reads in two screens, and <details> opens the rest."""
from __future__ import annotations

import json

import pytest

# Cells in the first row, the middle and the last row, and the first and last columns.
LANDINGS = ["compute--aibase-hassabis", "open-source--modern-tv-dulan", "applications--netease-ft-marathon",
            "export-controls--netease-minhong", "chips--netease-minhong"]

# The header that sticks over a landed cell: the source headers on a wide screen, the
# topic's name above the cards on narrower ones. And the first line of the cell's text.
MEASURE = """(id) => {
  const cell = document.getElementById(id);
  const row = cell.closest('tr').querySelector('th');
  const thead = document.querySelector('table.matrix thead');
  const wide = getComputedStyle(thead).display !== 'none';
  const header = (wide ? thead.querySelector('th') : row).getBoundingClientRect();
  const text = cell.querySelector('q, .not-discussed');
  const range = document.createRange();
  range.selectNodeContents(text);
  const first = range.getClientRects()[0];
  const box = cell.getBoundingClientRect(), label = row.getBoundingClientRect();
  return {wide, headerTop: header.top, headerBottom: header.bottom, headerHeight: header.height,
          margin: parseFloat(getComputedStyle(cell).scrollMarginTop),
          cellTop: box.top, labelTop: label.top, labelBottom: label.bottom, labelVisible: row.checkVisibility(),
          lineTop: first.top, lineBottom: first.bottom, viewport: innerHeight};
}"""


@pytest.mark.parametrize("width, height", [(375, 812), (1024, 768), (1280, 900)])
def test_a_landed_cell_shows_its_row_label_and_first_line(browser, site, width, height):
    base, _ = site
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    for cell in LANDINGS:
        page.goto(base + "zh-hans/index.html")  # arrive from elsewhere, as a shared link does
        page.goto(base + f"zh-hans/matrix.html#{cell}")
        page.wait_for_timeout(50)
        m = page.evaluate(MEASURE, cell)
        where = f"{cell} at {width}px: {m}"
        assert abs(m["margin"] - m["headerHeight"]) <= 3, "scroll margin equals the sticky header: " + where
        assert m["headerTop"] >= -0.5 and m["cellTop"] >= m["headerBottom"] - 0.5, "cell under the header: " + where
        assert m["lineTop"] >= m["headerBottom"] - 0.5 and m["lineBottom"] <= m["viewport"], "first line: " + where
        assert m["labelVisible"] and m["labelBottom"] <= m["viewport"], "row label off screen: " + where
        if m["wide"]:
            assert m["labelTop"] >= m["headerBottom"] - 0.5, "row label hidden under the header: " + where
        else:
            assert m["labelTop"] >= -0.5 and m["labelBottom"] <= m["cellTop"] + 0.5, "row label above the card: " + where
    context.close()


@pytest.mark.parametrize("width", [320, 375, 641, 800, 1023, 1024, 1280, 1920])
def test_no_column_is_cut_off(browser, site, width):
    base, _ = site
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(base + "zh-hans/matrix.html")
    boxes = page.evaluate("""() => [...document.querySelectorAll('table.matrix thead th, table.matrix td')]
        .filter(e => e.checkVisibility()).map(e => { const r = e.getBoundingClientRect();
        return {id: e.id || e.textContent.trim().slice(0, 12), left: r.left, right: r.right, width: r.width}; })""")
    assert len([b for b in boxes if b["id"].count("--") == 1]) == 25
    for b in boxes:
        assert b["left"] >= -0.5 and b["right"] <= width + 0.5, f"{b} cut off at {width}px"
        assert b["width"] >= 80, f"{b} squeezed to a sliver at {width}px"
    context.close()


def test_the_whole_matrix_reads_in_two_screens(browser, site):
    base, out = site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base + "zh-hans/matrix.html")
    table = page.evaluate("(() => { const r = document.querySelector('table.matrix').getBoundingClientRect();"
                          " return {top: r.top + scrollY, bottom: r.bottom + scrollY}; })()")
    assert table["bottom"] <= 2 * 900, f"the matrix ends at {table['bottom']:.0f}px: more than two screens"
    headers = page.locator("table.matrix thead th")
    matrix = json.loads((out / "data" / "matrix.json").read_text("utf-8"))
    assert headers.count() == len(matrix["sources"]) + 1
    for i in range(headers.count()):
        box = headers.nth(i).bounding_box()
        assert box["y"] + box["height"] <= 900, "every column header is on the first screen"
    # Phones: one compact card per source and topic.
    context.close()
    context = browser.new_context(viewport={"width": 375, "height": 812})
    page = context.new_page()
    page.goto(base + "zh-hans/matrix.html")
    heights = page.evaluate("[...document.querySelectorAll('td.cell')].map(e => e.getBoundingClientRect().height)")
    assert len(heights) == 25 and max(heights) <= 260, heights
    context.close()


def test_a_cell_shows_its_lead_and_details_opens_the_rest_without_script(browser, site):
    base, out = site
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "zh-hans/matrix.html")
    cell = page.locator("#compute--netease-minhong")
    lead = cell.locator("a.quote.lead q")
    line = float(lead.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
    clipped = lead.bounding_box()["height"]
    assert clipped <= 3.2 * line, "the lead quote is clipped to about three lines"
    assert lead.locator("mark.term").count() >= 1, "the topic's terms are highlighted"
    others = cell.locator("details.more li a.quote")
    assert others.count() == 2 and not others.first.is_visible()
    cell.locator("details.more > summary").click()
    assert others.first.is_visible() and lead.bounding_box()["height"] > clipped, "opened, the lead reads whole"
    matrix = json.loads((out / "data" / "matrix.json").read_text("utf-8"))
    data = next(c for c in matrix["cells"] if c["topic"] == "compute" and c["source"] == "netease-minhong")
    hrefs = [cell.locator("a.quote").nth(i).get_attribute("href") for i in range(3)]
    assert sorted(h.split("#")[1] for h in hrefs) == sorted(q["paragraph"] for q in data["quotes"])
    context.close()


def test_the_full_view_is_one_click_away_and_printable(page, site):
    base, out = site
    page.goto(base + "zh-hans/matrix.html")
    page.click(".view-switch a")
    page.wait_for_load_state()
    assert page.url.endswith("zh-hans/matrix-full.html")
    matrix = json.loads((out / "data" / "matrix.json").read_text("utf-8"))
    quotes = page.locator("table.matrix a.quote")
    assert quotes.count() == sum(len(c["quotes"]) for c in matrix["cells"])
    page.emulate_media(media="print")
    assert all(quotes.nth(i).is_visible() for i in range(quotes.count()))
    assert not page.locator(".site-header").is_visible()
    # Printed from the glance view, every quote shows too.
    page.goto(base + "zh-hans/matrix.html")
    glance = page.locator("table.matrix a.quote")
    assert glance.count() == quotes.count() and all(glance.nth(i).is_visible() for i in range(glance.count()))
    assert len(page.pdf()) > 10_000
