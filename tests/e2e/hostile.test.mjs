// End-to-end: the representative cases of the hostile corpus (tests/hostile/generate.py, those
// marked `page`) dropped into the page. The page's worker must reach what `clv report` reaches
// on the same file — the same customers when it reads the file, a plain message when it
// refuses it — with no console error, no request off 127.0.0.1, no dialog and no markup from
// the file turned into elements.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, SHOTS, serveDist, openPage, offHostRequests, cliReport, kpi } from "./harness.mjs";

const CORPUS = join(ROOT, "target", "hostile-e2e");
execFileSync("python3", [join(ROOT, "tests", "hostile", "generate.py"), CORPUS]);
const CASES = JSON.parse(readFileSync(join(CORPUS, "manifest.json"), "utf8")).filter((c) => c.page);

let server;
before(async () => {
  server = await serveDist();
});
after(() => server?.stop());

test("the corpus has at least 20 representative cases for the page", () => {
  assert.ok(CASES.length >= 20, `${CASES.length} cases`);
});

/** `clv report` on the case: its report, or null when clv refuses the file. */
function expected(file, args) {
  try {
    return cliReport(file, args);
  } catch {
    return null;
  }
}

for (const c of CASES) {
  test(`hostile ${c.name}: the page reaches what clv reaches`, async () => {
    const file = join(CORPUS, c.file);
    const report = expected(file, c.args);
    if (c.expect === "ok") assert.ok(report, "clv reads this file");
    if (c.expect === "refused") assert.equal(report, null, "clv refuses this file");
    const { page, requests, consoleErrors, close } = await openPage(server.url);
    const dialogs = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      d.dismiss().catch(() => {});
    });
    try {
      await page.locator('[data-testid="file-input"]').setInputFiles(file);
      await page.waitForFunction(
        () => document.querySelector('[data-testid="kpi-customers"]') || document.querySelector('[role="alert"]'),
        null,
        { timeout: 30_000 },
      );
      await page.screenshot({ path: join(SHOTS, `hostile-${c.name}.png`), fullPage: true });
      if (report) {
        await page.waitForSelector('[data-testid="kpi-customers"]', { timeout: 30_000 });
        assert.equal(await kpi(page, "kpi-customers"), report.kpis.customers, "customers as clv counts them");
      } else {
        const alert = (await page.locator('[role="alert"]').first().textContent()).trim();
        assert.ok(alert.length > 10, `a plain message, got "${alert}"`);
        assert.equal(await page.locator('[data-testid="kpi-customers"]').count(), 0, "no results for a refused file");
      }
      const injected = await page.evaluate(() => document.querySelectorAll('img[src="x"], b:not([class])').length);
      assert.equal(injected, 0, "markup in the file is shown as text");
      assert.deepEqual(dialogs, [], "no dialog");
      assert.deepEqual(offHostRequests(requests), [], "no request may leave 127.0.0.1");
      assert.deepEqual(consoleErrors, [], "no console error");
    } finally {
      await close();
    }
  });
}
