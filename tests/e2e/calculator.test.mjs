// End-to-end: the calculator page in headless Chromium — the reference example, the URL as
// the state, "use my data", and every language rendered with no untranslated key.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { SHOTS, serveDist, openPage, offHostRequests, kpi, waitForResults } from "./harness.mjs";

let server;
before(async () => {
  server = await serveDist();
});
after(() => server?.stop());

const LANGS = ["en", "lv", "pl", "ru", "zh-TW"];
/** A translation key showing on the page instead of its text. */
const KEY = /\b(app|drop|progress|import|kpi|download|chart|table|calc|lever|tornado|embed|widget|section|settings|overview|rfm|segment|value|channels|cohorts|predictions|winback|export|warning)\.[a-z_0-9]+(\.[a-z_0-9]+)*\b/;

const euro = (lang, value) =>
  new Intl.NumberFormat(lang, { style: "currency", currency: "EUR", minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
const clvText = (page) => page.locator('[data-testid="calc-clv"]').innerText();

test("the reference example, then an input changes the result and the URL, and the URL restores it", async () => {
  const { browser, page, requests, consoleErrors, close } = await openPage(`${server.url}?view=calc`);
  try {
    await page.locator('[data-testid="calc-clv"]').waitFor({ timeout: 30_000 });
    assert.equal(await clvText(page), euro("en", 52.8), "AOV 90, 3 purchases, CAC 6, margin 20 % → 52.80");
    assert.equal(await clvText(page), "€52.80");
    await page.locator('[data-testid="tornado-chart"]').waitFor();

    // AOV 100: (300 − 6) × 0.2 = 58.80
    await page.locator('[data-testid="calc-aov"]').fill("100");
    await page.waitForFunction(() => document.querySelector('[data-testid="calc-clv"]')?.textContent === "€58.80");
    const shared = page.url();
    assert.match(shared, /[?&]aov=100(&|$)/, shared);
    assert.match(shared, /[?&]view=calc(&|$)/, shared);
    // Margin typed as a percentage is a fraction in the URL: 25 % → margin=0.25; (300 − 6) × 0.25 = 73.50
    await page.locator('[data-testid="calc-margin"]').fill("25");
    await page.waitForFunction(() => document.querySelector('[data-testid="calc-clv"]')?.textContent === "€73.50");
    const link = page.url();
    assert.match(link, /[?&]margin=0\.25(&|$)/, link);
    await page.screenshot({ path: join(SHOTS, "calculator.png"), fullPage: true });

    const second = await browser.newPage();
    await second.goto(link);
    await second.locator('[data-testid="calc-clv"]').waitFor({ timeout: 30_000 });
    assert.equal(await clvText(second), "€73.50", "opening the link restores the state");
    assert.equal(await second.locator('[data-testid="calc-aov"]').inputValue(), "100");
    assert.equal(await second.locator('[data-testid="calc-margin"]').inputValue(), "25");

    assert.deepEqual(offHostRequests(requests), [], "no request may leave 127.0.0.1");
    assert.deepEqual(consoleErrors, [], "no console error");
  } finally {
    await close();
  }
});

test("use my data fills the calculator from the analysed sample", async () => {
  const { page, consoleErrors, close } = await openPage(server.url);
  try {
    await page.locator('[data-testid="try-sample"]').click();
    await page.locator('[data-testid="kpi-aov"]').waitFor({ timeout: 60_000 });
    const aov = await kpi(page, "kpi-aov");
    await page.locator('[data-testid="tab-calculator"]').click();
    await page.locator('[data-testid="calc-use-data"]').click();
    assert.equal(Number(await page.locator('[data-testid="calc-aov"]').inputValue()), aov);
    assert.match(page.url(), new RegExp(`[?&]aov=${aov}(&|$)`));
    assert.deepEqual(consoleErrors, []);
  } finally {
    await close();
  }
});

test("each language renders the calculator with no untranslated key, with Intl numbers and plurals", async () => {
  const { page, requests, consoleErrors, close } = await openPage(server.url);
  try {
    for (const lang of LANGS) {
      await page.goto(`${server.url}?view=calc&aov=90&n=3&cac=6&margin=0.2&cur=EUR&lang=${lang}`);
      await page.locator('[data-testid="calc-clv"]').waitFor({ timeout: 30_000 });
      assert.equal(await page.getAttribute("html", "lang"), lang);
      assert.equal(await clvText(page), euro(lang, 52.8), `${lang}: 52.80 in euros`);
      const text = await page.locator("body").innerText();
      assert.doesNotMatch(text, KEY, `${lang}: an untranslated key shows`);
      await page.locator('[data-testid="tornado-chart"]').waitFor();
      await page.screenshot({ path: join(SHOTS, `calculator-${lang}.png`), fullPage: true });
    }
    // Plural forms from Intl.PluralRules: payback 3 months (6 / (270 × 0.2 / 24) = 2.7 → 3).
    const payback = async (query) => {
      await page.goto(`${server.url}?view=calc&${query}`);
      return page.locator('[data-testid="calc-payback"]').innerText();
    };
    assert.equal(await payback("lang=ru"), "3 месяца");
    assert.equal(await payback("lang=ru&cac=20"), "9 месяцев");
    assert.equal(await payback("lang=pl"), "3 miesiące");
    assert.equal(await payback("lang=lv&cac=0"), "0 mēnešu", "Latvian zero form");
    assert.equal(await payback("lang=lv&cac=1"), "1 mēnesis");
    // The switcher changes the language in place and remembers it.
    await page.goto(`${server.url}?view=calc`);
    await page.locator('[data-testid="lang-select"]').selectOption("pl");
    await page.waitForFunction(() => document.documentElement.lang === "pl");
    assert.equal(await clvText(page), euro("pl", 52.8));
    assert.match(page.url(), /[?&]lang=pl(&|$)/);
    await page.goto(`${server.url}?view=calc`.replace("?view=calc", ""));
    await page.waitForFunction(() => document.documentElement.lang === "pl");

    assert.deepEqual(offHostRequests(requests), [], "no request may leave 127.0.0.1");
    assert.deepEqual(consoleErrors, [], "no console error");
  } finally {
    await close();
  }
});

test("the analyzer's own strings are translated too (sample data in Russian and Latvian)", async () => {
  const { page, consoleErrors, close } = await openPage(`${server.url}?lang=ru`);
  try {
    for (const lang of ["ru", "lv"]) {
      await page.goto(`${server.url}?lang=${lang}`);
      await page.locator('[data-testid="try-sample"]').click();
      await waitForResults(page);
      for (const key of ["overview", "customers", "rfm", "value", "channels", "cohorts", "predictions", "win-back"]) {
        await page.locator(`[data-testid="section-${key}"]`).click();
        await page.locator(`[data-testid="panel-${key}"]`).waitFor();
        if (key === "predictions") await page.locator('[data-testid="validation-verdict"]').waitFor({ timeout: 30_000 });
        const text = await page.locator("body").innerText();
        assert.doesNotMatch(text, KEY, `${lang} ${key}: an untranslated key shows`);
        assert.doesNotMatch(
          text,
          /(?<!\p{L})(Customers|Revenue|Download report|Segment|Champions|Predicted|Share of|Win-back)(?!\p{L})/u,
          `${lang} ${key}: English left on the page`,
        );
        if (["overview", "rfm", "predictions"].includes(key)) {
          await page.screenshot({ path: join(SHOTS, `analyzer-${lang}-${key}.png`), fullPage: true });
        }
      }
    }
    assert.deepEqual(consoleErrors, []);
  } finally {
    await close();
  }
});

test("purchases can be entered per year × years, and the link keeps that way", async () => {
  const { browser, page, consoleErrors, close } = await openPage(`${server.url}?view=calc&lang=en`);
  try {
    await page.locator('[data-testid="calc-clv"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="calc-way-year"]').check();
    // 1.5 a year for 2 years = 3 purchases: the reference example again, 52.80.
    await page.locator('[data-testid="calc-py"]').fill("1.5");
    await page.locator('[data-testid="calc-years"]').fill("2");
    await page.waitForFunction(() => document.querySelector('[data-testid="calc-clv"]')?.textContent === "€52.80");
    const link = page.url();
    assert.match(link, /[?&]py=1\.5(&|$)/, link);
    assert.match(link, /[?&]years=2(&|$)/, link);
    // Four years at 1.5 a year: (90 × 6 − 6) × 0.2 = 106.80
    await page.locator('[data-testid="calc-years"]').fill("4");
    await page.waitForFunction(() => document.querySelector('[data-testid="calc-clv"]')?.textContent === "€106.80");
    await page.screenshot({ path: join(SHOTS, "calculator-per-year.png"), fullPage: true });
    const second = await browser.newPage();
    await second.goto(page.url());
    await second.locator('[data-testid="calc-clv"]').waitFor({ timeout: 30_000 });
    assert.equal(await clvText(second), "€106.80");
    assert.equal(await second.locator('[data-testid="calc-years"]').inputValue(), "4");
    assert.deepEqual(consoleErrors, []);
  } finally {
    await close();
  }
});
