// End-to-end: the release build in headless Chromium, checked against the native engine.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createWriteStream, readFileSync, rmSync } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import { ROOT, SHOTS, serveDist, openPage, offHostRequests, cliReport, kpi, waitForResults } from "./harness.mjs";

let server;
before(async () => {
  server = await serveDist();
});
after(() => server?.stop());

async function expectKpis(page, expected) {
  await page.locator('[data-testid="kpi-customers"]').waitFor({ timeout: 30_000 });
  assert.equal(await kpi(page, "kpi-customers"), expected.kpis.customers, "customers");
  assert.equal(await kpi(page, "kpi-orders"), expected.kpis.orders, "orders");
  assert.equal(await kpi(page, "kpi-revenue"), Math.round(expected.kpis.revenue * 100) / 100, "revenue");
  assert.equal(await kpi(page, "kpi-aov"), Math.round(expected.kpis.aov * 100) / 100, "aov");
}

test("an uploaded CSV gives the engine's KPIs, the same JSON report, and stays private", async () => {
  const file = join(ROOT, "tests", "data", "orders-small.csv");
  const expected = cliReport(file);
  const { page, requests, consoleErrors, close } = await openPage(server.url);
  try {
    await page.locator('[data-testid="file-input"]').setInputFiles(file);
    await expectKpis(page, expected);
    await waitForResults(page);
    await page.screenshot({ path: join(SHOTS, "upload.png"), fullPage: true });

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator('[data-testid="download-report-json"]').click(),
    ]);
    assert.equal(download.suggestedFilename(), "clv-report.json");
    const saved = JSON.parse(readFileSync(await download.path(), "utf8"));
    assert.deepEqual(saved, expected, "the downloaded report equals `clv report --format json`");

    // The skipped rows download as CSV, one line each after the header.
    assert.ok(expected.rows.skipped > 0);
    const [skipped] = await Promise.all([
      page.waitForEvent("download"),
      page.locator('[data-testid="export-skipped"]').click(),
    ]);
    assert.equal(skipped.suggestedFilename(), "skipped-rows.csv");
    const lines = readFileSync(await skipped.path(), "utf8").trimEnd().split("\r\n");
    assert.equal(lines[0], "Line in the file,Column,Why", "the reader's words for line, column, reason");
    assert.equal(lines.length - 1, expected.rows.skipped);

    assert.deepEqual(offHostRequests(requests), [], "no request may leave 127.0.0.1");
    assert.deepEqual(consoleErrors, [], "no console error");
  } finally {
    await close();
  }
});

test("the sample data button analyses the bundled sample", async () => {
  const expected = cliReport(join(ROOT, "public", "sample-orders.csv"));
  const { page, requests, consoleErrors, close } = await openPage(server.url);
  try {
    await page.getByRole("button", { name: "Try it with sample data" }).click();
    await expectKpis(page, expected);
    await page.screenshot({ path: join(SHOTS, "sample.png"), fullPage: true });
    // Above the numbers, only the notes on the refunds the sample was made with (notes on the
    // models live in "How these numbers were made").
    const codes = await page.$$eval('[data-testid="import-summary"] .warnings li', (lis) =>
      lis.map((li) => li.dataset.code),
    );
    assert.deepEqual(codes, ["orders_left_out", "partial_refunds"]);
    // The spend histogram is drawn: its canvas holds bar-coloured pixels.
    await page.locator('[data-testid="section-value"]').click();
    const bars = await page.locator('[data-testid="chart-spend"] canvas').evaluate((c) => {
      const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] === 0 && d[i + 1] === 0x72 && d[i + 2] === 0xb2) n++;
      return n;
    });
    assert.ok(bars > 1000, `the revenue chart shows bars (${bars} bar pixels)`);
    assert.deepEqual(offHostRequests(requests), [], "no request may leave 127.0.0.1");
    assert.deepEqual(consoleErrors, [], "no console error");
  } finally {
    await close();
  }
});

test("a second file replaces the first, and Cancel stops a long analysis", async () => {
  const big = join(ROOT, "target", "e2e-big.csv");
  const small = join(ROOT, "tests", "data", "orders-small.csv");
  const expected = cliReport(small);
  const { page, consoleErrors, close } = await openPage(server.url);
  try {
    await page.locator('[data-testid="try-sample"]').click();
    await waitForResults(page);
    await page.locator('[data-testid="section-customers"]').click();
    await page.locator('[data-testid="file-input"]').setInputFiles(small);
    await expectKpis(page, expected);
    // Nothing of the sample is left: the table counts the new file's customers, and the
    // sample's CACs are not applied to it (its report is `clv report`'s, with no CAC).
    await page.locator('[data-testid="section-customers"]').click();
    await page.waitForFunction(
      (n) => (document.querySelector('[data-testid="table-count"]')?.textContent || "").startsWith(`${n} `),
      expected.kpis.customers,
    );
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator('[data-testid="download-report-json"]').click(),
    ]);
    assert.deepEqual(JSON.parse(readFileSync(await download.path(), "utf8")), expected);

    // A generated export big enough to take seconds to read (6 M rows, 140 MB: a 1.5 M-row
    // file is read and summarised in well under a second, before a click can land); written
    // to disk so the browser reads it from there. Cancel stops it.
    const out = createWriteStream(big);
    out.write("customer,date,amount\n");
    for (let i = 0; i < 6_000_000; i += 100_000) {
      const lines = [];
      for (let j = i; j < i + 100_000; j++) {
        lines.push(`c${j % 90_000},2024-${String((j % 12) + 1).padStart(2, "0")}-${String((j % 28) + 1).padStart(2, "0")},${(j % 500) + 0.5}\n`);
      }
      if (!out.write(lines.join(""))) await once(out, "drain");
    }
    out.end();
    await once(out, "finish");
    await page.locator('[data-testid="file-input"]').setInputFiles(big);
    await page.locator('[data-testid="cancel"]').click({ timeout: 10_000 });
    await page.getByText("The analysis was stopped.").waitFor();
    assert.equal(await page.locator('[data-testid="kpi-customers"]').count(), 0, "no results of the cancelled file");
    await page.screenshot({ path: join(SHOTS, "cancelled.png"), fullPage: true });
    assert.deepEqual(consoleErrors, [], "no console error");
  } finally {
    await close();
    rmSync(big, { force: true });
  }
});

test("a file that is not an order export gets a plain message", async () => {
  const { page, consoleErrors, close } = await openPage(server.url);
  try {
    await page.locator('[data-testid="file-input"]').setInputFiles({
      name: "notes.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("name,when\nx,y\n"),
    });
    const alert = page.getByRole("alert");
    await alert.waitFor();
    const text = await alert.innerText();
    assert.match(text, /^notes\.csv: Line 1: no customer column was found/);
    await page.screenshot({ path: join(SHOTS, "bad-file.png"), fullPage: true });
    assert.deepEqual(consoleErrors, [], "no console error");
  } finally {
    await close();
  }
});

test("the served page carries the privacy Content-Security-Policy", async () => {
  const html = readFileSync(join(ROOT, "dist", "index.html"), "utf8");
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/)?.[1] ?? "";
  for (const part of [
    "default-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
  ]) {
    assert.ok(csp.includes(part), `CSP has ${part}: ${csp}`);
  }
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'( 'sha256-[A-Za-z0-9+/=]+')*;/);
  assert.doesNotMatch(html, /https?:\/\/(?!127\.0\.0\.1)/, "no third-party URL in the page");
});
