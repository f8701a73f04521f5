// End-to-end: the limit of orders a tab keeps (each customer counting as
// `clv_engine::limits::CUSTOMER_IN_ORDERS` orders more, read from engine/src/limits.rs). The
// page's address lowers it for a test (`?max_orders=N`; the worker keeps the smaller of that and
// its own), so a generated file of 600,000 one-row orders of 50,000 customers (≈ 44 MB) crosses
// a limit of 500,000 + CUSTOMER_IN_ORDERS × 50,000: the progress bar moves while the file is
// read, then reading stops at the 500,001st order with a message, in the reader's language, that
// says how many orders and customers were read and how much of the file, and points to the
// command line.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, serveDist, openPage, offHostRequests } from "./harness.mjs";

/** `CUSTOMER_IN_ORDERS` as the engine computes it: BYTES_PER_CUSTOMER / BYTES_PER_ORDER. */
function customerInOrders() {
  const source = readFileSync(join(ROOT, "engine", "src", "limits.rs"), "utf8");
  const constant = (name) => {
    const m = source.match(new RegExp(`pub const ${name}: u64 = (\\d+);`));
    assert.ok(m, `${name} is in engine/src/limits.rs`);
    return Number(m[1]);
  };
  return Math.floor(constant("BYTES_PER_CUSTOMER") / constant("BYTES_PER_ORDER"));
}

const ORDERS = 600_000;
const LIMIT = 500_000 + customerInOrders() * 50_000;
const dir = join(ROOT, "target", "e2e-limits");
mkdirSync(dir, { recursive: true });
const file = join(dir, `orders-${ORDERS}.csv`);
{
  const rows = ["order_id,email,created_at,total"];
  for (let i = 0; i < ORDERS; i++) {
    const day = String(1 + (i % 28)).padStart(2, "0");
    const month = String(1 + (Math.floor(i / 28) % 12)).padStart(2, "0");
    rows.push(`#${1000 + i},customer${i % 50_000}@example.com,2024-${month}-${day},${(10 + (i % 90)).toFixed(2)}`);
  }
  writeFileSync(file, rows.join("\n") + "\n");
}

let server;
before(async () => {
  server = await serveDist();
});
after(() => server?.stop());

/** Drops the file on the page in `lang` with the lowered limit; returns the alert's text and
 * the progress bar's values seen while the file was read. */
async function dropWithLimit(lang) {
  const { page, requests, consoleErrors, close } = await openPage(`${server.url}/?lang=${lang}&max_orders=${LIMIT}`);
  try {
    await page.evaluate(() => {
      window.__progress = [];
      setInterval(() => {
        const bar = document.querySelector('[data-testid="progress"]');
        if (bar) window.__progress.push(Number(bar.value));
      }, 10);
    });
    await page.locator('[data-testid="file-input"]').setInputFiles(file);
    const alert = page.locator('[role="alert"]').first();
    await alert.waitFor({ timeout: 120_000 });
    const text = (await alert.textContent()).trim();
    const progress = await page.evaluate(() => window.__progress);
    assert.equal(await page.locator('[data-testid="kpi-customers"]').count(), 0, "no report of part of the orders");
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(offHostRequests(requests), []);
    return { text, progress };
  } finally {
    await close();
  }
}

test("past the limit of orders kept, reading stops with how many were read and what to do", async () => {
  const { text, progress } = await dropWithLimit("en");
  assert.ok(
    progress.some((v) => v > 0 && v < 1),
    `the progress bar moved while the file was read: ${JSON.stringify(progress.slice(0, 20))}`,
  );
  // The row of order 500,001 (line 1 is the header).
  assert.match(
    text,
    /^orders-600000\.csv: Line 500,002: the file holds more orders than this page can keep: 500,001 orders of 50,000 customers were read \(\d+ ?% of the file\), and reading stopped at this row\./,
  );
  assert.match(text, /`clv report`/);
  assert.match(text, /`clv sql`/);
});

test("the limit's message is in the reader's language", async () => {
  const { text } = await dropWithLimit("ru");
  assert.match(text, /прочитано заказов — 500\s001, клиентов — 50\s000 \(\d+\s?% файла\)/u);
  assert.match(text, /`clv sql`/);
});
