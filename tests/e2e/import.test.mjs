// End-to-end: real exports through the page — a Shopify export with line items and refunds, a
// Windows-1251 semicolon file from 1C, and the one-click day/month switch — checked against
// `clv report` on the same files.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT, SHOTS, serveDist, openPage, offHostRequests, cliReport, waitForKpis } from "./harness.mjs";

const DATA = join(ROOT, "engine", "tests", "data");
let server;
before(async () => {
  server = await serveDist();
});
after(() => server?.stop());

for (const [file, label, expectLine] of [
  ["shopify_orders.csv", "shopify", /Shopify export/],
  ["windows1251_semicolon.csv", "windows-1251", /windows-1251 text, fields separated by ;/],
]) {
  test(`${file} uploads through the page with the engine's numbers`, async () => {
    const path = join(DATA, file);
    const expected = cliReport(path);
    const { page, requests, consoleErrors, close } = await openPage(server.url);
    try {
      await page.locator('[data-testid="file-input"]').setInputFiles(path);
      await waitForKpis(page, expected);
      const line = await page.locator('[data-testid="import-line"]').textContent();
      assert.match(line, expectLine);
      await page.locator('[data-testid="import-check"] summary').click();
      await page.screenshot({ path: join(SHOTS, `import-${label}.png`), fullPage: true });
      assert.deepEqual(offHostRequests(requests), [], "no request may leave 127.0.0.1");
      assert.deepEqual(consoleErrors, [], "no console error");
    } finally {
      await close();
    }
  });
}

test("ambiguous dates: the switch re-reads them month first, as clv --date-order does", async () => {
  const path = join(DATA, "latvian_title_quotes.csv");
  const dayFirst = cliReport(path);
  const monthFirst = cliReport(path, ["--date-order", "month-first"]);
  assert.notEqual(dayFirst.kpis.first_order_date, monthFirst.kpis.first_order_date, "the fixture is ambiguous");
  const { page, consoleErrors, close } = await openPage(server.url);
  try {
    await page.locator('[data-testid="file-input"]').setInputFiles(path);
    await waitForKpis(page, dayFirst);
    await page.locator('[data-testid="switch-date-order"]').click();
    await page.waitForFunction(() => /month first/.test(document.querySelector('[data-testid="import-check"]')?.textContent ?? ""));
    await waitForKpis(page, monthFirst);
    await page.screenshot({ path: join(SHOTS, "import-date-switch.png"), fullPage: true });
    assert.deepEqual(consoleErrors, [], "no console error");
  } finally {
    await close();
  }
});

test("a column remapped in the import check re-reads the file, and is remembered for that kind of export", async () => {
  const path = join(ROOT, "tests", "data", "two-amounts.csv");
  const detected = cliReport(path);
  const remapped = cliReport(path, ["--map", "amount=net"]);
  assert.notEqual(detected.kpis.revenue, remapped.kpis.revenue);
  const { page, consoleErrors, close } = await openPage(server.url);
  try {
    await page.locator('[data-testid="file-input"]').setInputFiles(path);
    await waitForKpis(page, detected);
    await page.locator('[data-testid="import-check"] summary').click();
    await page.getByLabel("net", { exact: true }).selectOption("amount");
    await page.waitForFunction(
      (r) => Number(document.querySelector('[data-testid="kpi-revenue"]')?.textContent.replace(/[^\d.-]/g, "")) === r,
      Math.round(remapped.kpis.revenue * 100) / 100,
      { timeout: 30_000 },
    );
    await page.screenshot({ path: join(SHOTS, "import-remap.png"), fullPage: true });
    // The next file with the same header row is read the same way, without asking again.
    await page.goto(server.url);
    await page.locator('[data-testid="file-input"]').setInputFiles(path);
    await page.waitForFunction(
      (r) => Number(document.querySelector('[data-testid="kpi-revenue"]')?.textContent.replace(/[^\d.-]/g, "")) === r,
      Math.round(remapped.kpis.revenue * 100) / 100,
      { timeout: 30_000 },
    );
    assert.deepEqual(consoleErrors, [], "no console error");
  } finally {
    await close();
  }
});
