// End-to-end: the analyzer page's first load stays within issue 16's 500 KB gzipped
// (scripts/app-size.mjs), which it does because only English of the analyzer's texts is compiled
// in: another language's table is fetched before the page is first shown in it. Shown here: a
// Latvian first visit shows no English before the Latvian page; choosing a language later
// fetches its table and then switches; a table that cannot be fetched leaves a readable page in
// English that says so, without a console error.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { SHOTS, serveDist, openPage } from "./harness.mjs";
import { appSize, localeTables, APP_BUDGET } from "../../scripts/app-size.mjs";

let server;
before(async () => {
  server = await serveDist();
});
after(() => server?.stop());

const ENGLISH_TAGLINE = "What your customers are worth";

test("the app's first load stays within 500 KB gzipped, and leaves out the worker and the other languages", () => {
  const { total, rows } = appSize();
  assert.ok(rows.some((r) => r.file.endsWith(".wasm")), "index.html loads a wasm");
  assert.ok(rows.every((r) => !r.file.startsWith("worker")), rows.map((r) => r.file).join(", "));
  assert.ok(total <= APP_BUDGET, `the app's first load is ${total} B gzipped, budget ${APP_BUDGET}`);
  const tables = localeTables().map((r) => r.file);
  assert.deepEqual(tables, ["lv", "pl", "ru", "zh-TW"].map((l) => `locales/analyzer/${l}.txt`));
});

test("a first visit in Latvian fetches its texts and shows no English before them", async () => {
  const { page, consoleErrors, close } = await openPage("about:blank");
  // The page's own requests (the service worker's, which keep every table for offline use, are
  // not the page's).
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  try {
    // The first text the page ever shows, recorded as it appears.
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        const text = document.body?.innerText.trim();
        if (text) {
          window.firstText = text;
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true, characterData: true });
    });
    await page.goto(`${server.url}?lang=lv`);
    await page.locator('[data-testid="try-sample"]').waitFor({ timeout: 30_000 });
    const first = await page.evaluate(() => window.firstText);
    assert.ok(first.includes("Cik vērti ir jūsu klienti"), `Latvian first: ${first}`);
    assert.ok(!first.includes(ENGLISH_TAGLINE), `English shown first: ${first}`);
    assert.ok(!first.includes("app.tagline"), `a key shown: ${first}`);
    assert.ok(requests.some((u) => /\/locales\/analyzer\/lv\.txt\?v=[0-9a-f]{16}$/.test(u)), requests.join("\n"));
    assert.ok(!requests.some((u) => /locales\/analyzer\/(pl|ru|zh-TW|en)\.txt/.test(u)), "the page fetches only the table it shows");
    await page.screenshot({ path: join(SHOTS, "first-load-lv.png"), fullPage: true });

    // Choosing Polish later fetches its table, then the page switches and remembers it.
    await page.locator('[data-testid="lang-select"]').selectOption("pl");
    await page.waitForFunction(() => document.documentElement.lang === "pl", null, { timeout: 30_000 });
    assert.match(await page.locator(".tagline").innerText(), /przeglądar/);
    assert.match(page.url(), /[?&]lang=pl(&|$)/);
    assert.ok(requests.some((u) => /\/locales\/analyzer\/pl\.txt\?v=/.test(u)));
    assert.deepEqual(consoleErrors, []);
  } finally {
    await close();
  }
});

test("when a language's texts cannot be fetched, the page is in English and says so", async () => {
  // No service worker: its cache would answer what the test makes fail.
  const { page, context, consoleErrors, close } = await openPage("about:blank", { serviceWorkers: "block" });
  try {
    await context.route("**/locales/analyzer/**", (route) => route.abort());
    await page.goto(`${server.url}?lang=ru`);
    const alert = page.locator('[data-testid="texts-failed"]');
    await alert.waitFor({ timeout: 30_000 });
    assert.match(await alert.innerText(), /Русский/);
    assert.match(await page.locator(".tagline").innerText(), new RegExp(ENGLISH_TAGLINE));
    assert.equal(await page.locator('[data-testid="lang-select"]').inputValue(), "en");
    // The analyzer works in English.
    await page.locator('[data-testid="try-sample"]').click();
    await page.locator('[data-testid="kpi-customers"]').waitFor({ timeout: 30_000 });
    // A later choice that fails leaves the page, and the switcher, in the language it is in.
    await page.locator('[data-testid="lang-select"]').selectOption("lv");
    await page.waitForFunction(() => /Latviešu/.test(document.querySelector('[data-testid="texts-failed"]')?.textContent || ""));
    assert.equal(await page.locator('[data-testid="lang-select"]').inputValue(), "en");
    assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
    await page.screenshot({ path: join(SHOTS, "first-load-failed.png"), fullPage: true });
    // Tables served again: choosing the language again switches.
    await context.unroute("**/locales/analyzer/**");
    await page.locator('[data-testid="lang-select"]').selectOption("lv");
    await page.waitForFunction(() => document.documentElement.lang === "lv", null, { timeout: 30_000 });
    assert.equal(await page.locator('[data-testid="texts-failed"]').count(), 0);
    assert.deepEqual(consoleErrors.filter((e) => !/net::ERR_FAILED|Failed to fetch|Failed to load resource/.test(e)), []);
  } finally {
    await close();
  }
});

test("a browser without WebAssembly SIMD gets a sentence in its language, not a blank page", async () => {
  for (const [path, locale, words] of [
    ["", "lv-LV", "pārlūkprogramma ir par vecu"],
    ["embed.html", "en-US", "This browser is too old"],
  ]) {
    const { page, close } = await openPage("about:blank", { locale });
    try {
      // What such a browser answers when asked whether it can run a SIMD instruction.
      await page.addInitScript(() => {
        WebAssembly.validate = () => false;
      });
      await page.goto(`${server.url}/${path}`);
      const alert = page.locator('p[role="alert"]');
      await alert.waitFor({ timeout: 30_000 });
      assert.ok((await alert.innerText()).includes(words), await alert.innerText());
      await page.screenshot({ path: join(SHOTS, `unsupported-${path || "app"}.png`) });
    } finally {
      await close();
    }
  }
});
