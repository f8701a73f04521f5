// End-to-end: the results come in two steps. The descriptive report is on screen as soon as the
// file is read, saying the predictions are on their way; the models follow, Pareto/NBD fitted in
// a second worker beside the others (the file has more distinct histories than the worker fits
// by itself). The report the page ends with is `clv report`'s (to a millionth: the last digits
// of a fit may differ between the browser's arithmetic and the native one), and a download asked
// for while the models are fitted waits for them.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, SHOTS, serveDist, openPage, cliReport, waitForResults } from "./harness.mjs";

let server;
before(async () => {
  server = await serveDist();
});
after(() => server?.stop());

/** 40,000 customers who buy at their own rate and may drop out after each purchase (the BG/NBD
 * story, so the models have something to find), over two years; deterministic. */
function generated() {
  const dir = join(process.env.CARGO_TARGET_DIR || join(ROOT, "target"), "e2e-data");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "progressive.csv");
  let seed = 12345;
  // mulberry32: 32-bit integer steps, exact in JavaScript's numbers.
  const next = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 || 1e-9;
  };
  const start = Date.UTC(2023, 0, 1);
  const lines = ["customer,date,amount"];
  for (let c = 0; c < 40_000; c++) {
    const meanGap = 10 + 200 * next() * next();
    const dropout = 0.02 + 0.2 * next();
    // Each customer's own typical order (Gamma-Gamma's story), each order spread around it.
    const spend = 10 + 150 * next() * next();
    let day = Math.floor(next() * 600);
    while (day < 730) {
      const date = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
      lines.push(`c${c},${date},${(spend * (0.4 + 1.2 * next())).toFixed(2)}`);
      if (next() < dropout) break;
      day += 1 + Math.floor(-Math.log(next()) * meanGap);
    }
  }
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

/** `actual` is `expected` with every number within `tolerance` of it (relative, or absolute
 * near 0): the browser's WebAssembly computes ln and exp with its own routines, not the
 * native C library's, so the last digits of a fit may differ. */
function assertClose(actual, expected, path = "report", tolerance = 1e-6) {
  if (typeof expected === "number" && typeof actual === "number") {
    const scale = Math.max(1, Math.abs(expected));
    assert.ok(Math.abs(actual - expected) <= tolerance * scale, `${path}: ${actual} against ${expected}`);
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), path);
    assert.equal(actual.length, expected.length, `${path}: length`);
    expected.forEach((e, i) => assertClose(actual[i], e, `${path}[${i}]`, tolerance));
  } else if (expected && typeof expected === "object") {
    assert.deepEqual(Object.keys(actual ?? {}), Object.keys(expected), `${path}: fields`);
    for (const key of Object.keys(expected)) assertClose(actual[key], expected[key], `${path}.${key}`, tolerance);
  } else {
    assert.deepEqual(actual, expected, path);
  }
}

test("the descriptive report comes first, then the models, with clv report's numbers", async () => {
  const file = generated();
  const expected = cliReport(file);
  assert.ok(expected.models.pareto_nbd?.converged, "Pareto/NBD is fitted on this file");
  for (const model of ["bg_nbd", "mbg_nbd", "gamma_gamma"]) {
    assert.ok(expected.models[model]?.converged, `so is ${model}`);
  }
  const { page, consoleErrors, close } = await openPage(server.url);
  try {
    // Whether the page ever showed the descriptive report with the models on their way.
    await page.addInitScript(() => {
      window.sawPending = false;
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="timings"][data-models-pending="true"]')) {
          window.sawPending ||= Boolean(document.querySelector('[data-testid="models-pending"]'));
        }
      }).observe(document, { childList: true, subtree: true, attributes: true });
    });
    await page.reload();
    await page.locator('[data-testid="file-input"]').setInputFiles(file);
    await page.locator('[data-testid="kpi-customers"]').waitFor({ timeout: 60_000 });
    // Asked for at once: the download waits for the models and is the full report.
    const [download] = await Promise.all([
      page.waitForEvent("download", { timeout: 120_000 }),
      page.locator('[data-testid="download-report-json"]').click(),
    ]);
    await waitForResults(page, 120_000);
    assert.ok(await page.evaluate(() => window.sawPending), "the descriptive report was shown first");
    const helper = await page.locator('[data-testid="timings"]').getAttribute("data-helper");
    assert.equal(helper, "true", "Pareto/NBD was fitted in the second worker");
    assertClose(JSON.parse(readFileSync(await download.path(), "utf8")), expected);
    await page.screenshot({ path: join(SHOTS, "progressive-done.png"), fullPage: false });
    assert.equal(await page.locator('[data-testid="models-pending"]').count(), 0);
    assert.deepEqual(consoleErrors, [], "no console error");
  } finally {
    await close();
  }
});
