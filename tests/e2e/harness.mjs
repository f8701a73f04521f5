// Shared set-up for the end-to-end tests: serve dist/ on 127.0.0.1 with a server process we kill
// by PID, drive Debian's Chromium with playwright-core, and record every request and console
// error so a test can assert the page stayed private and quiet.
import { spawn, execFileSync } from "node:child_process";
import { createServer } from "node:net";
import { mkdirSync, existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const SHOTS = join(ROOT, "target", "e2e");
mkdirSync(SHOTS, { recursive: true });

async function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

/** Serves dist/ (or `dir`) on 127.0.0.1 with scripts/serve_dist.py; returns { url, stop }. */
export async function serveDist(dir = join(ROOT, "dist")) {
  const dist = dir;
  if (!existsSync(join(dist, "index.html"))) {
    throw new Error(`${dist}/index.html is missing: run scripts/build.sh first`);
  }
  const port = await freePort();
  const server = spawn("python3", [join(ROOT, "scripts", "serve_dist.py"), String(port), dist], {
    stdio: "ignore",
  });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(url);
      if (r.ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    stop: () => {
      try {
        process.kill(server.pid, "SIGTERM");
      } catch {}
    },
  };
}

/** Starts Chromium; returns { browser, context, page, requests, consoleErrors, close }.
 * `contextOptions` go to the browser context (the browser benchmark passes `bypassCSP` to load
 * the peer libraries it compares with into the same page). */
export async function openPage(url, contextOptions = {}) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 }, ...contextOptions });
  const requests = [];
  const consoleErrors = [];
  context.on("request", (r) => requests.push(r.url()));
  const page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  await page.goto(url);
  return { browser, context, page, requests, consoleErrors, close: () => browser.close() };
}

/** Requests that went anywhere but 127.0.0.1 (data: and blob: URLs stay in the page). */
export function offHostRequests(requests) {
  return requests.filter((u) => {
    if (u.startsWith("data:") || u.startsWith("blob:")) return false;
    try {
      return new URL(u).hostname !== "127.0.0.1";
    } catch {
      return true;
    }
  });
}

/** The engine's report for a file, from the native `clv` binary (built by scripts/test.sh). */
export function cliReport(file, args = []) {
  const target = process.env.CARGO_TARGET_DIR || join(ROOT, "target");
  const bin = process.env.CLV_BIN || join(target, "release", "clv");
  const out = execFileSync(bin, ["report", file, "--format", "json", ...args], { maxBuffer: 1 << 28 });
  return JSON.parse(out.toString("utf8"));
}

/** Reads a number as the page writes it in any of its languages ("16,322.42", "16 322,42",
 * "3,000" → 16322.42, 16322.42, 3000): a `.` or `,` followed by one or two last digits is the
 * decimal separator; every other separator groups digits. */
export function pageNumber(text) {
  const t = text.replace(/[^\d.,-]/g, "");
  const decimal = t.match(/[.,](\d{1,2})$/);
  const whole = (decimal ? t.slice(0, decimal.index) : t).replace(/[.,]/g, "");
  return Number(decimal ? `${whole}.${decimal[1]}` : whole);
}

/** Reads a KPI tile as a number. */
export async function kpi(page, id) {
  return pageNumber(await page.locator(`[data-testid="${id}"]`).innerText());
}

/** Waits for the results with their models: the page shows the descriptive report as soon as it
 * is made and the models' figures when they are fitted; the timings line says which is shown. */
export async function waitForResults(page, timeout = 60_000) {
  await page.locator('[data-testid="panel-overview"]').waitFor({ timeout });
  await page.locator('[data-testid="timings"][data-models-pending="false"]').waitFor({ timeout });
}

/** Waits for the KPI tiles to show `expected` (a `clv report` JSON): customers, orders, revenue. */
export async function waitForKpis(page, expected) {
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid="kpi-customers"]')?.textContent.replace(/\D/g, "") === String(n),
    expected.kpis.customers,
    { timeout: 30_000 },
  );
  await waitForResults(page, 30_000);
  assert.equal(await kpi(page, "kpi-customers"), expected.kpis.customers, "customers");
  assert.equal(await kpi(page, "kpi-orders"), expected.kpis.orders, "orders");
  assert.equal(await kpi(page, "kpi-revenue"), Math.round(expected.kpis.revenue * 100) / 100, "revenue");
}

/** Parses CSV text (quoted fields, CRLF) into rows of cells. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  if (cell !== "" || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** Clicks `testId` and returns the file it downloads: its suggested name, text and CSV rows. */
export async function download(page, testId) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.locator(`[data-testid="${testId}"]`).click()]);
  const text = readFileSync(await file.path(), "utf8");
  return { name: file.suggestedFilename(), text, rows: parseCsv(text) };
}

/** Opens the analysis section `key` (`rfm`, `win-back`…) and waits for its panel. */
export async function openSection(page, key) {
  await page.locator(`[data-testid="section-${key}"]`).click();
  await page.locator(`[data-testid="panel-${key}"]`).waitFor();
}
