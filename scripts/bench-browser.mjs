// Browser benchmark: a generated order export (1 M rows by default) uploaded through the release
// build in headless Chromium. Prints the worker's read speed (MB/s), the analysis time and the
// longest task the page's own thread ran meanwhile (PerformanceObserver "longtask").
// Run after `scripts/build.sh`:  node scripts/bench-browser.mjs [ROWS]
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ROOT, serveDist, openPage } from "../tests/e2e/harness.mjs";

const rows = Number(process.argv[2] ?? 1_000_000);
const dir = join(process.env.CARGO_TARGET_DIR || join(ROOT, "target"), "bench");
mkdirSync(dir, { recursive: true });
const file = join(dir, `orders-${rows}.csv`);
if (!existsSync(file)) {
  execFileSync("cargo", ["run", "--quiet", "--release", "-p", "clv-engine", "--example", "generate_export", "--", String(rows), file], {
    stdio: "inherit",
    cwd: ROOT,
  });
}
const server = await serveDist();
const { page, consoleErrors, close } = await openPage(server.url);
try {
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(e.duration);
    }).observe({ type: "longtask", buffered: true });
  });
  await page.evaluate(() => (window.__longTasks.length = 0));
  const t0 = Date.now();
  await page.locator('[data-testid="file-input"]').setInputFiles(file);
  const timings = page.locator('[data-testid="timings"]');
  await timings.waitFor({ timeout: 600_000 });
  const wall = (Date.now() - t0) / 1000;
  const bytes = Number(await timings.getAttribute("data-bytes"));
  const readMs = Number(await timings.getAttribute("data-read-ms"));
  const analyseMs = Number(await timings.getAttribute("data-analyse-ms"));
  const longTasks = await page.evaluate(() => window.__longTasks);
  const customers = await page.locator('[data-testid="kpi-customers"]').innerText();
  // Then every section, and a scroll through the customer table: the longest task each takes.
  const sections = {};
  for (const key of ["customers", "rfm", "value", "channels", "cohorts", "predictions", "win-back", "overview"]) {
    await page.evaluate(() => (window.__longTasks.length = 0));
    await page.locator(`[data-testid="section-${key}"]`).click();
    await page.locator(`[data-testid="panel-${key}"]`).waitFor();
    if (key === "customers") {
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="customer-table"] .vspace .vrow').length > 0);
      for (let i = 1; i <= 20; i++) {
        await page.locator('[data-testid="customer-table"] .vbody').evaluate((el, f) => (el.scrollTop = el.scrollHeight * f), i / 20);
        await page.waitForTimeout(50);
      }
    }
    if (key === "predictions") {
      await page.locator('[data-testid="validation-verdict"]').waitFor({ timeout: 120_000 }).catch(() => {});
    }
    await page.waitForTimeout(500);
    const tasks = await page.evaluate(() => window.__longTasks);
    sections[key] = Math.round(Math.max(0, ...tasks));
  }
  console.log(
    JSON.stringify(
      {
        rows,
        megabytes: +(statSync(file).size / 1e6).toFixed(1),
        bytes_read: bytes,
        read_seconds: +(readMs / 1000).toFixed(2),
        read_mb_per_s: +(bytes / 1e3 / readMs).toFixed(1),
        analyse_seconds: +(analyseMs / 1000).toFixed(2),
        wall_seconds_until_results: +wall.toFixed(2),
        customers,
        ui_long_tasks: longTasks.length,
        ui_longest_task_ms: Math.round(Math.max(0, ...longTasks)),
        ui_longest_task_ms_per_section: sections,
        console_errors: consoleErrors,
      },
      null,
      2,
    ),
  );
} finally {
  await close();
  server.stop();
}
