// End-to-end: the Overview of the bundled sample leads with the headline sentence (what a new
// customer is worth, with its range, on the basis its label says), shows no model warning on
// the first screen, keeps the model notes in "How these numbers were made", and puts every CLV
// on the margin's basis once a margin is set. Screenshots of the Overview in the five languages
// land in target/e2e/overview-<lang>.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT, SHOTS, serveDist, openPage, offHostRequests, cliReport, waitForKpis } from "./harness.mjs";

let server;
before(async () => {
  server = await serveDist();
});
after(() => server?.stop());

const SAMPLE = join(ROOT, "public", "sample-orders.csv");
/** The money amounts written in `text` ("€1,234.50" → 1234.5), in order. */
function amounts(text) {
  return [...text.matchAll(/\d[\d,.\s\u00a0\u202f]*\d|\d/g)].map((m) => m[0]);
}

test("the sample's Overview leads with what a new customer is worth, in five languages", async () => {
  const expected = cliReport(SAMPLE);
  const headline = expected.models.headline;
  assert.ok(headline.model, "the sample is rich enough for a model");
  assert.ok(headline.new_customer_clv.low < headline.new_customer_clv.value);
  assert.equal(headline.wide_range, false);
  const codes = expected.warnings.map((w) => w.code).sort();

  for (const lang of ["en", "lv", "pl", "ru", "zh-TW"]) {
    const { page, requests, consoleErrors, close } = await openPage(`${server.url}/?lang=${lang}`);
    try {
      await page.locator('[data-testid="try-sample"]').click();
      await waitForKpis(page, expected);
      const sentence = await page.locator('[data-testid="headline-sentence"]').innerText();
      // The new customer's value, its range and the average so far, in the reader's format.
      assert.ok(amounts(sentence).length >= 4, `${lang}: ${sentence}`);
      assert.doesNotMatch(sentence, /\{|\}|headline\./, `${lang}: untranslated ${sentence}`);
      // Every warning is shown once: above the numbers, or (a note on the models' fit) in "How
      // these numbers were made". On the sample the models fit without a problem: the only note
      // is the time unit they count in; no "trouble" line, no wide-range line.
      const codesOf = (selector) =>
        page.locator(selector).evaluateAll((li) => li.map((e) => e.dataset.code));
      const shown = await codesOf('[data-testid="import-summary"] .warnings li');
      const notes = await codesOf('[data-testid="how-notes"] li');
      assert.deepEqual([...shown, ...notes].sort(), codes, lang);
      assert.deepEqual(notes, ["model_time_unit"], lang);
      assert.equal(await page.locator('[data-testid="headline-plain"]').count(), 0, lang);
      // Which model, in one sentence; the others one click away.
      const choice = await page.locator('[data-testid="headline-choice"]').innerText();
      assert.match(choice, headline.model === "mbg_nbd" ? /MBG\/NBD/ : /Pareto\/NBD/);
      await page.locator('[data-testid="how-made"] summary').click();
      assert.equal(await page.locator('[data-testid="how-models"] tbody tr').count(), 4, lang);
      // Payback months per channel with a CAC (the sample comes with CACs).
      if (expected.segments.some((s) => s.values.some((v) => v.payback_months != null))) {
        assert.ok((await page.locator('[data-testid="payback"] li').count()) > 0, lang);
      }
      await page.screenshot({ path: join(SHOTS, `overview-${lang}.png`), fullPage: true });
      assert.deepEqual(consoleErrors, [], lang);
      assert.deepEqual(offHostRequests(requests), [], lang);
    } finally {
      await close();
    }
  }
});

test("a margin puts every CLV of the page on profit, and the labels say so", async () => {
  const revenue = cliReport(SAMPLE);
  const profit = cliReport(SAMPLE, ["--margin", "0.3"]);
  const { page, consoleErrors, close } = await openPage(`${server.url}/?lang=en`);
  try {
    await page.locator('[data-testid="try-sample"]').click();
    await waitForKpis(page, revenue);
    const before = await page.locator('[data-testid="headline-sentence"]').innerText();
    assert.match(before, /\(revenue\)/);
    await page.locator('[data-testid="setting-margin"]').fill("30");
    await page.locator('[data-testid="setting-margin"]').press("Enter");
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="headline-sentence"]')?.innerText.includes("profit"),
    );
    const after = await page.locator('[data-testid="headline-sentence"]').innerText();
    assert.match(after, /profit at a 30% margin/);
    const value = (text) => Number(amounts(text)[0].replace(/[^\d.]/g, ""));
    const expectedValue = profit.models.headline.new_customer_clv.value;
    assert.ok(Math.abs(value(after) - expectedValue) < 0.01, `${after} vs ${expectedValue}`);
    // Both CLV cards and the channels' CLV columns say profit.
    for (const id of ["clv-simple", "clv-predicted"]) {
      assert.match(await page.locator(`[data-testid="${id}"] h3`).innerText(), /profit/);
    }
    await page.locator('[data-testid="section-channels"]').click();
    const headers = await page.locator('[data-testid="channels-table"] thead th').allInnerTexts();
    assert.ok(headers.filter((h) => /CLV.*profit/.test(h)).length >= 2, headers.join(" | "));
    await page.locator('[data-testid="section-win-back"]').click();
    const winHeaders = await page.locator('[data-testid="winback-table"] thead th').allInnerTexts();
    assert.ok(winHeaders.some((h) => /profit/.test(h)), winHeaders.join(" | "));
    assert.deepEqual(consoleErrors, []);
  } finally {
    await close();
  }
});
