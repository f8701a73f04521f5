// End-to-end: every section of the bundled sample's analysis, read in lv, pl, ru and zh-TW, as the
// page writes it: no doubled full stop after an abbreviated date ("2024 г.."), no placeholder
// left unfilled, counts that agree with their nouns (Intl.PluralRules decides which form), lists
// in zh-TW joined the Chinese way, no 客戶 where the glossary says 顧客. Screenshots of the Overview
// and Win-back land in target/e2e/translations-<lang>-<section>.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { SHOTS, serveDist, openPage, waitForResults } from "./harness.mjs";

let server;
before(async () => {
  server = await serveDist();
});
after(() => server?.stop());

const SECTIONS = ["overview", "customers", "rfm", "value", "channels", "products", "cohorts", "predictions", "win-back"];

/** The Russian noun form Intl.PluralRules asks for after `n`: one / few / many. */
function ruForm(n, forms) {
  return forms[new Intl.PluralRules("ru").select(n)];
}

test("the analysis reads right in lv, pl, ru and zh-TW", async () => {
  for (const lang of ["lv", "pl", "ru", "zh-TW"]) {
    const { page, consoleErrors, close } = await openPage(`${server.url}/?lang=${lang}`);
    try {
      await page.locator('[data-testid="try-sample"]').click();
      await page.waitForFunction(
        () => /\d/.test(document.querySelector('[data-testid="kpi-customers"]')?.textContent || ""),
        null,
        { timeout: 30_000 },
      );
      await waitForResults(page);
      const texts = {};
      for (const key of SECTIONS) {
        await page.locator(`[data-testid="section-${key}"]`).click();
        const panel = page.locator(`[data-testid="panel-${key}"]`);
        await panel.waitFor();
        texts[key] = await panel.evaluate((e) => e.textContent);
        if (key === "overview" || key === "win-back") {
          await page.screenshot({ path: join(SHOTS, `translations-${lang}-${key}.png`), fullPage: true });
        }
      }
      texts.import = await page.locator('[data-testid="import-summary"]').evaluate((e) => e.textContent);
      for (const [where, text] of Object.entries(texts)) {
        assert.doesNotMatch(text, /\p{L}\.\.(?!\.)/u, `${lang} ${where}: a doubled full stop`);
        assert.doesNotMatch(text, /\{[a-z_]+\}/, `${lang} ${where}: a placeholder left unfilled`);
      }
      if (lang === "ru") {
        // "Не делали заказов дольше 90 дней: 3 разовых клиента и 5 повторных клиентов."
        const summary = await page.locator('[data-testid="winback-summary"]').innerText();
        const [, oneTime, oneTimeNoun] = summary.match(/([\d\s\u00a0]+) разов\S+ (клиент\S*)/) || [];
        assert.ok(oneTime, summary);
        const n = Number(oneTime.replace(/\D/g, ""));
        assert.equal(oneTimeNoun, ruForm(n, { one: "клиент", few: "клиента", many: "клиентов", other: "клиента" }), summary);
        // The Overview's period ends on an abbreviated date ("… 2024 г.") and one full stop.
        assert.match(texts.overview, /г\.(?!\.)/, "ru: the period shows an abbreviated date");
      }
      if (lang === "zh-TW") {
        const all = Object.values(texts).join("\n");
        assert.doesNotMatch(all, /客戶/, "zh-TW says 顧客");
        assert.doesNotMatch(all, /\d %/, "zh-TW writes 10%, as Intl does");
      }
      assert.deepEqual(consoleErrors, [], lang);
    } finally {
      await close();
    }
  }
});
