// End-to-end: every section of the analysis on the bundled sample — charts drawn, tooltips,
// click-to-filter, sorting and search in the virtualised table, every export parsed back —
// with a screenshot of each section under target/e2e/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, SHOTS, serveDist, openPage, offHostRequests, cliReport, parseCsv, download, openSection, waitForResults } from "./harness.mjs";

let server;
before(async () => {
  server = await serveDist();
});
after(() => server?.stop());

const SECTIONS = ["overview", "customers", "rfm", "value", "channels", "products", "cohorts", "predictions", "win-back"];

/** Number of non-background pixels of a chart's canvas (white paper = background). */
async function inkPixels(page, name) {
  const canvas = page.locator(`[data-testid="chart-${name}"] canvas`);
  await canvas.waitFor();
  return canvas.evaluate((c) => {
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) n++;
    return n;
  });
}

/** Moves the pointer over the canvas until a tooltip shows; returns its text. */
async function tooltipOver(page, name) {
  const canvas = page.locator(`[data-testid="chart-${name}"] canvas`);
  const box = await canvas.boundingBox();
  for (let fy = 0.2; fy < 0.95; fy += 0.05) {
    for (let fx = 0.1; fx < 0.95; fx += 0.05) {
      await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
      const tip = page.locator(`[data-testid="chart-${name}"] [data-testid="chart-tooltip"]`);
      if (await tip.isVisible()) return { text: await tip.innerText(), x: fx, y: fy };
    }
  }
  return null;
}

test("every section of the sample analysis draws, filters, sorts and exports", async () => {
  const expected = cliReport(join(ROOT, "public", "sample-orders.csv"));
  const { page, requests, consoleErrors, close } = await openPage(server.url);
  try {
    await page.locator('[data-testid="try-sample"]').click();
    await waitForResults(page);

    // Overview: the two CLVs side by side; the formula CLV is revenue per customer.
    const simple = await page.locator('[data-testid="clv-simple"]').innerText();
    const perCustomer = (expected.kpis.revenue / expected.kpis.customers).toFixed(2);
    assert.ok(simple.includes(Number(perCustomer).toLocaleString("en-US", { minimumFractionDigits: 2 })), simple);
    assert.match(await page.locator('[data-testid="clv-predicted"]').innerText(), /\d/);
    await page.screenshot({ path: join(SHOTS, "section-overview.png"), fullPage: true });

    // Customers: virtualised, sorted by revenue (largest first), searchable, sortable.
    await openSection(page, "customers");
    const count = page.locator('[data-testid="table-count"]');
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="table-count"]')?.textContent.includes(n),
      expected.kpis.customers.toLocaleString("en-US"),
    );
    const firstCells = () =>
      page.$$eval('[data-testid="customer-table"] .vspace .vrow', (rows) =>
        rows
          .map((r) => ({ top: parseFloat(r.style.top), cells: [...r.children].map((c) => c.textContent) }))
          .sort((a, b) => a.top - b.top)
          .map((r) => r.cells),
      );
    const top = [...expected.customers].sort((a, b) => b.revenue - a.revenue)[0];
    let rows = await firstCells();
    assert.equal(rows[0][0], top.customer_id, "largest spender first");
    await page.locator('[data-testid="sort-revenue"]').click();
    await page.waitForFunction((id) => {
      const rows = [...document.querySelectorAll('[data-testid="customer-table"] .vspace .vrow')];
      rows.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
      return rows[0] && rows[0].children[0].textContent !== id;
    }, top.customer_id);
    const bottom = [...expected.customers].sort((a, b) => a.revenue - b.revenue)[0];
    rows = await firstCells();
    assert.equal(Number(rows[0][2].replace(/[^\d.-]/g, "")), Math.round(bottom.revenue * 100) / 100, "smallest first");
    // Scrolling to the end asks the worker for the last rows.
    // The table is one box that scrolls both ways (sticky header and customer column).
    await page.locator('[data-testid="customer-table"]').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.waitForFunction((n) => {
      const rows = document.querySelectorAll('[data-testid="customer-table"] .vspace .vrow');
      return [...rows].some((r) => r.getAttribute("aria-rowindex") === String(n + 1));
    }, expected.kpis.customers);
    const needle = top.customer_id.slice(0, 8).toUpperCase();
    await page.locator('[data-testid="table-search"]').fill(needle);
    await page.waitForFunction(
      (n) => {
        const t = document.querySelector('[data-testid="table-count"]')?.textContent || "";
        return !t.includes(n);
      },
      expected.kpis.customers.toLocaleString("en-US"),
    );
    const matching = expected.customers.filter((c) => c.customer_id.toLowerCase().includes(needle.toLowerCase())).length;
    assert.match(await count.innerText(), new RegExp(`\\b${matching.toLocaleString("en-US")}\\b`));
    const csv = await download(page, "export-customers");
    assert.equal(csv.name, "customers.csv");
    const parsed = parseCsv(csv.text);
    assert.equal(parsed[0][0], "Customer", "headers in the reader's words (clv keeps customer_id)");
    assert.equal(parsed.length - 1, matching, "the CSV has the customers shown");
    await page.locator('[data-testid="table-search"]').fill("");
    await page.screenshot({ path: join(SHOTS, "section-customers.png"), fullPage: true });

    // RFM: the grid and segment bars are drawn; clicking a grid cell filters the table.
    await openSection(page, "rfm");
    assert.ok((await inkPixels(page, "rfm-grid")) > 5000, "the R×F grid is drawn");
    assert.ok((await inkPixels(page, "rfm-segments")) > 2000, "the segment bars are drawn");
    const tip = await tooltipOver(page, "rfm-grid");
    assert.ok(tip, "a tooltip shows over the grid");
    assert.match(tip.text, /R \d.*F \d.*: \d/s);
    await page.screenshot({ path: join(SHOTS, "section-rfm.png"), fullPage: true });
    const box = await page.locator('[data-testid="chart-rfm-grid"] canvas').boundingBox();
    await page.mouse.click(box.x + box.width * tip.x, box.y + box.height * tip.y);
    await page.locator('[data-testid="panel-customers"]').waitFor();
    const chip = await page.locator('[data-testid="table-filter"]').innerText();
    const [, r, f] = chip.match(/R (\d) · F (\d)/);
    const inCell = expected.customers.filter((c) => c.r_score === Number(r) && c.f_score === Number(f)).length;
    await page.waitForFunction(
      (n) => (document.querySelector('[data-testid="table-count"]')?.textContent || "").match(new RegExp(`\\b${n}\\b`)),
      inCell.toLocaleString("en-US"),
    );
    await page.screenshot({ path: join(SHOTS, "section-customers-filtered.png"), fullPage: true });
    // The same from the keyboard: arrows walk the cells (with their tooltip), Enter filters.
    await openSection(page, "rfm");
    await page.locator('[data-testid="chart-rfm-grid"] canvas').focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    assert.match(await page.locator('[data-testid="chart-rfm-grid"] [data-testid="chart-tooltip"]').innerText(), /R \d.*F \d/s);
    await page.keyboard.press("Enter");
    await page.locator('[data-testid="panel-customers"]').waitFor();
    assert.match(await page.locator('[data-testid="table-filter"]').innerText(), /R \d · F \d/);
    await openSection(page, "rfm");
    const rfmCsv = parseCsv((await download(page, "export-rfm")).text);
    assert.equal(rfmCsv.length - 1, expected.rfm.segments.length);

    // Value: Lorenz, AOV buckets, spend histogram; the SVG export parses.
    await openSection(page, "value");
    for (const name of ["lorenz", "aov-buckets", "spend"]) {
      assert.ok((await inkPixels(page, name)) > 2000, `${name} is drawn`);
    }
    const svg = await download(page, "svg-lorenz");
    assert.equal(svg.name, "lorenz.svg");
    const parsedSvg = await page.evaluate(
      (text) => new DOMParser().parseFromString(text, "image/svg+xml").querySelector("parsererror") === null,
      svg.text,
    );
    assert.ok(parsedSvg && svg.text.startsWith("<svg"), "the SVG parses");
    const [pngFile] = await Promise.all([page.waitForEvent("download"), page.locator('[data-testid="png-spend"]').click()]);
    assert.equal(pngFile.suggestedFilename(), "spend.png");
    const pngBytes = readFileSync(await pngFile.path());
    assert.equal(pngBytes.subarray(1, 4).toString(), "PNG");
    await page.screenshot({ path: join(SHOTS, "section-value.png"), fullPage: true });

    // Channels: CLV vs CAC bars. The sample opens with a CAC in every channel, so every row
    // shows CLV:CAC as `clv report --cac` computes it; a CAC typed in changes its ratio.
    await openSection(page, "channels");
    assert.ok((await inkPixels(page, "channels")) > 2000, "the channel bars are drawn");
    const table = expected.segments[0];
    assert.equal(table.column, "channel");
    assert.match(await page.locator('[data-testid="sample-cac"]').innerText(), /made-up CACs/);
    const cacs = [];
    for (const v of table.values) {
      const cac = await page.locator(`[data-testid="cac-${v.value}"]`).inputValue();
      assert.match(cac, /^\d+(\.\d+)?$/, `a CAC is filled in for ${v.value}`);
      cacs.push(`${v.value}=${cac}`);
    }
    const withCac = cliReport(join(ROOT, "public", "sample-orders.csv"), ["--cac", cacs.join(",")]);
    const shown = await page.$$eval('[data-testid="clv-to-cac"]', (tds) => tds.map((td) => td.textContent));
    assert.deepEqual(
      shown,
      withCac.segments[0].values.map((v) => v.clv_to_cac.toFixed(1)),
      "CLV:CAC of every channel",
    );
    const value = table.values[0];
    await page.locator(`[data-testid="cac-${value.value}"]`).fill("12.5");
    await page.locator(`[data-testid="cac-${value.value}"]`).press("Enter");
    const ratio = (value.historical_clv / 12.5).toFixed(1);
    await page.waitForFunction(
      (r) => document.querySelector('[data-testid="clv-to-cac"]')?.textContent === r,
      ratio,
    );
    // The other channels keep their CACs.
    cacs[0] = `${value.value}=12.5`;
    const changed = cliReport(join(ROOT, "public", "sample-orders.csv"), ["--cac", cacs.join(","), "--segment-by", "channel"]);
    assert.deepEqual(
      await page.$$eval('[data-testid="clv-to-cac"]', (tds) => tds.map((td) => td.textContent)),
      changed.segments[0].values.map((v) => v.clv_to_cac.toFixed(1)),
    );
    const seg = parseCsv((await download(page, "export-channels")).text);
    assert.equal(seg.length - 1, table.values.length);
    await page.screenshot({ path: join(SHOTS, "section-channels.png"), fullPage: true });

    // Cohorts: retention heatmap and LTV curves.
    await openSection(page, "cohorts");
    assert.ok((await inkPixels(page, "cohort-retention")) > 5000, "the retention heatmap is drawn");
    assert.ok((await inkPixels(page, "cohort-ltv")) > 2000, "the LTV curves are drawn");
    const cohorts = parseCsv((await download(page, "export-cohorts")).text);
    assert.equal(cohorts.length - 1, expected.cohorts.length);
    await page.screenshot({ path: join(SHOTS, "section-cohorts.png"), fullPage: true });

    // Predictions: P(alive), predicted CLV, the matrix and the hold-out check.
    await openSection(page, "predictions");
    for (const name of ["p-alive", "predicted-clv", "fr-matrix"]) {
      assert.ok((await inkPixels(page, name)) > 2000, `${name} is drawn`);
    }
    await page.locator('[data-testid="validation-verdict"]').waitFor({ timeout: 30_000 });
    assert.ok((await inkPixels(page, "tracking")) > 2000, "the tracking chart is drawn");
    await page.screenshot({ path: join(SHOTS, "section-predictions.png"), fullPage: true });

    // Win-back: the list and its export, formula-safe.
    await openSection(page, "win-back");
    const wb = await download(page, "export-winback");
    const wbRows = parseCsv(wb.text);
    assert.equal(wbRows.length - 1, expected.win_back.customers.length);
    assert.ok(wbRows.slice(1).every((r) => !/^[=+\-@\t\r]/.test(r[0])), "no cell starts a formula");
    await page.screenshot({ path: join(SHOTS, "section-win-back.png"), fullPage: true });

    // Print: the report without the controls.
    await openSection(page, "overview");
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator('[data-testid="settings-bar"]').isVisible(), false, "no settings in print");
    assert.equal(await page.locator('[data-testid="try-sample"]').isVisible(), false, "no drop zone in print");
    assert.ok(await page.locator('[data-testid="kpi-customers"]').isVisible());
    await page.screenshot({ path: join(SHOTS, "print-overview.png"), fullPage: true });
    await page.emulateMedia({ media: "screen" });

    assert.deepEqual(offHostRequests(requests), [], "no request may leave 127.0.0.1");
    assert.deepEqual(consoleErrors, [], "no console error");
  } finally {
    await close();
  }
});

test("exports neutralise cells that a spreadsheet would run as formulas", async () => {
  const file = join(ROOT, "tests", "data", "formula-ids.csv");
  const { page, consoleErrors, close } = await openPage(server.url);
  try {
    await page.locator('[data-testid="file-input"]').setInputFiles(file);
    await openSection(page, "customers");
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="table-count"]')?.textContent || ""));
    const rows = parseCsv((await download(page, "export-customers")).text);
    const ids = rows.slice(1).map((r) => r[0]).sort();
    // Ids as written (only e-mails are lower-cased), each formula neutralised by a leading quote.
    assert.deepEqual(ids, ["'+SUM(1;2)", "'-2+3", "'=HYPERLINK(\"http://x\")", "'@cmd", "plain@shop.lv"]);
    assert.deepEqual(consoleErrors, []);
  } finally {
    await close();
  }
});

test("the sections are reachable at phone width", async () => {
  const { page, close, consoleErrors } = await openPage(server.url);
  try {
    await page.setViewportSize({ width: 360, height: 800 });
    await page.locator('[data-testid="try-sample"]').click();
    await waitForResults(page);
    for (const key of SECTIONS) {
      await openSection(page, key);
    }
    await openSection(page, "rfm");
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 362, `no sideways scrolling of the page at 360 px (${width})`);
    await page.screenshot({ path: join(SHOTS, "section-rfm-phone.png"), fullPage: true });
    assert.deepEqual(consoleErrors, []);
  } finally {
    await close();
  }
});
