// End-to-end: the rough edges a shop owner found on the sample and on a Shopify-shaped export
// (issue 15, item 5), one test per edge: tables that fit or scroll with their first column in
// view, Channels on the channel column, input refused with why, rule editing, Cancel, search
// of RFM cells and segment names, exports, big orders and dollar signs, keyboard. Screenshots
// of every section at 1280 and 390 px in English and Latvian under target/e2e/edges-*.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT, SHOTS, serveDist, openPage, offHostRequests, download, openSection, waitForResults } from "./harness.mjs";

const SHOPIFY = join(ROOT, "tests", "fixtures", "shopify-orders.csv");
const SECTIONS = ["overview", "customers", "rfm", "value", "channels", "products", "cohorts", "predictions", "win-back"];

let server;
before(async () => {
  server = await serveDist();
});
after(() => server?.stop());

const testId = (id) => `[data-testid="${id}"]`;

/** Opens the page in `lang` at `width` px and analyses the sample (or `file`). */
async function analysed(lang = "en", { width = 1280, file } = {}) {
  const opened = await openPage(`${server.url}?lang=${lang}`, { viewport: { width, height: 900 } });
  const { page } = opened;
  if (file) await page.locator(testId("file-input")).setInputFiles(file);
  else await page.locator(testId("try-sample")).click();
  await waitForResults(page);
  return opened;
}

const tableCount = (page) => page.locator(testId("table-count")).innerText();

/** Waits until the customer table's count line differs from `before`; returns it. */
async function countChangedFrom(page, before) {
  await page.waitForFunction(
    (b) => (document.querySelector('[data-testid="table-count"]')?.textContent || b) !== b,
    before,
  );
  return tableCount(page);
}

/** The customer table's visible rows, top first, as arrays of cell texts. */
const tableRows = (page) =>
  page.$$eval('[data-testid="customer-table"] .vspace .vrow', (rows) =>
    rows
      .map((r) => ({ top: parseFloat(r.style.top), cells: [...r.children].map((c) => c.textContent) }))
      .sort((a, b) => a.top - b.top)
      .map((r) => r.cells),
  );

test("tables fit or scroll with the first column in view, headers wrap; every section at 1280 and 390 px in en and lv", async () => {
  for (const lang of ["en", "lv"]) {
    for (const width of [1280, 390]) {
      const { page, consoleErrors, requests, close } = await analysed(lang, { width });
      try {
        for (const section of SECTIONS) {
          await openSection(page, section);
          if (section === "customers") {
            await page.waitForFunction(() => document.querySelectorAll('[data-testid="customer-table"] .vspace .vrow').length > 5);
          }
          await page.waitForTimeout(300);
          await page.screenshot({ path: join(SHOTS, `edges-${section}-${lang}-${width}.png`), fullPage: true });

          // Every table's header text fits its cell (wrapped, never cut), and a table wider
          // than its box scrolls with the first column sticky.
          const tables = await page.$$eval("table.data", (tables) =>
            tables
              .filter((t) => t.checkVisibility())
              .map((t) => {
                const box = t.closest(".table-scroll") || t.parentElement;
                const first = t.querySelector("tr > :first-child");
                return {
                  id: t.dataset.testid || "",
                  cut: [...t.querySelectorAll("thead th")].filter((th) => th.scrollWidth > th.clientWidth + 1).map((th) => th.textContent),
                  fits: t.getBoundingClientRect().width <= box.getBoundingClientRect().width + 1,
                  scrolls: box.scrollWidth > box.clientWidth && getComputedStyle(box).overflowX === "auto",
                  sticky: first ? getComputedStyle(first).position : "",
                };
              }),
          );
          for (const t of tables) {
            assert.deepEqual(t.cut, [], `${lang} ${width} ${section} ${t.id}: header cut`);
            assert.ok(t.fits || t.scrolls, `${lang} ${width} ${section} ${t.id}: neither fits nor scrolls`);
            assert.equal(t.sticky, "sticky", `${lang} ${width} ${section} ${t.id}: first column not sticky`);
          }
        }

        // Channels' CLV : CAC and Win-back's value column: on screen, or reachable by scrolling
        // the table sideways (at 1280 px they fit).
        for (const [section, table, column] of [
          ["channels", "channels-table", 8],
          ["win-back", "winback-table", 9],
        ]) {
          await openSection(page, section);
          const th = page.locator(`${testId(table)} thead th`).nth(column);
          await th.scrollIntoViewIfNeeded();
          const box = await th.evaluate((el) => {
            const r = el.getBoundingClientRect();
            const s = el.closest(".table-scroll").getBoundingClientRect();
            return { right: r.right, left: r.left, boxRight: s.right, boxLeft: s.left, text: el.textContent };
          });
          assert.ok(box.right <= box.boxRight + 1 && box.left >= box.boxLeft - 1, `${lang} ${width} ${table}: ${JSON.stringify(box)}`);
          if (width === 1280 && lang === "en") {
            const fits = await page.locator(testId(table)).evaluate((t) => t.scrollWidth <= t.closest(".table-scroll").clientWidth + 1);
            assert.ok(fits, `${table} fits at 1280 px`);
          }
        }

        // Customers: headers wrap; on a phone the table scrolls sideways under a sticky
        // customer column, and more than one column shows.
        await openSection(page, "customers");
        const heads = await page.$$eval('[data-testid="customer-table"] .vrow.head > div', (cells) =>
          cells.filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.textContent),
        );
        assert.deepEqual(heads, [], `${lang} ${width}: customer headers cut`);
        const table = page.locator(testId("customer-table"));
        const shown = () =>
          table.evaluate((t) => {
            const box = t.getBoundingClientRect();
            return [...t.querySelectorAll(".vrow.head > div")].filter((c) => {
              const r = c.getBoundingClientRect();
              return r.right > box.left + 20 && r.left < box.right - 20;
            }).length;
          });
        assert.ok((await shown()) >= 2, `${lang} ${width}: at least two columns in view`);
        if (width === 390) {
          await table.evaluate((t) => (t.scrollLeft = 400));
          const after = await table.evaluate((t) => {
            const first = t.querySelector(".vspace .vrow > div").getBoundingClientRect();
            return { scrolled: t.scrollLeft, firstLeft: first.left, boxLeft: t.getBoundingClientRect().left };
          });
          assert.ok(after.scrolled > 0, "the table scrolls sideways");
          assert.ok(Math.abs(after.firstLeft - after.boxLeft) < 3, `the customer column stays: ${JSON.stringify(after)}`);
          assert.ok((await shown()) >= 2, "scrolled: the customer column and others");
          await page.screenshot({ path: join(SHOTS, `edges-customers-scrolled-${lang}-${width}.png`) });
        }
        assert.deepEqual(offHostRequests(requests), []);
        assert.deepEqual(consoleErrors, []);
      } finally {
        await close();
      }
    }
  }
});

test("Channels opens on a Shopify export's channel column (Source), not its one-value Fulfillment Status", async () => {
  const { page, consoleErrors, close } = await analysed("en", { file: SHOPIFY });
  try {
    await openSection(page, "channels");
    assert.equal(await page.locator(testId("channel-column")).inputValue(), "Source");
    assert.equal(await page.locator(`${testId("channels-table")} thead th`).first().innerText(), "Source");
    assert.ok((await page.locator(`${testId("channels-table")} tbody tr`).count()) > 1, "several sources");
    await page.screenshot({ path: join(SHOTS, "edges-shopify-channels-en-1280.png"), fullPage: true });
    assert.deepEqual(consoleErrors, []);
  } finally {
    await close();
  }
});

test("invalid input is refused with why, in the reader's language, and no stale result stays", async () => {
  // The analysis's margin: out of range, not a number, negative.
  let { page, consoleErrors, close } = await analysed("en");
  try {
    const margin = page.locator(testId("setting-margin"));
    const refused = page.locator(testId("margin-refused"));
    for (const [text, why] of [
      ["150", /0 to 100/],
      ["abc", /“abc” is not a number/],
      ["-10", /0 to 100/],
    ]) {
      await margin.fill(text);
      await margin.press("Enter");
      await refused.waitFor();
      const message = await refused.innerText();
      assert.match(message, why, text);
      assert.match(message, /still use no margin/, `${text}: says which figures are shown`);
      assert.equal(await margin.getAttribute("aria-invalid"), "true");
    }
    await margin.fill("30");
    await margin.press("Enter");
    await refused.waitFor({ state: "detached" });
    await page.waitForFunction(() => /30/.test(document.querySelector('[data-testid="clv-simple"]')?.textContent || ""));

    // A segment rule whose range is reversed ("R 4–2") is refused, not applied.
    await openSection(page, "rfm");
    const before = await page.locator(`${testId("rfm-table")} tbody tr`).allInnerTexts();
    await page.locator(`${testId("rfm-rules")} summary`).click();
    const loyal = page.locator(`${testId("rfm-rules")} tbody tr`).nth(1).locator('input[type="number"]');
    await loyal.nth(0).fill("4");
    await loyal.nth(0).dispatchEvent("change");
    await loyal.nth(1).fill("2");
    await loyal.nth(1).dispatchEvent("change");
    const rules = page.locator(testId("rfm-rules-refused"));
    await rules.waitFor();
    assert.match(await rules.innerText(), /“Loyal”: R from 4 to 2 holds no score/);
    assert.equal(await loyal.nth(1).getAttribute("aria-invalid"), "true");
    await page.locator(testId("rfm-rules-apply")).click();
    await page.waitForTimeout(500);
    assert.deepEqual(await page.locator(`${testId("rfm-table")} tbody tr`).allInnerTexts(), before, "not applied");
    await page.screenshot({ path: join(SHOTS, "edges-refused-rule-en-1280.png"), fullPage: true });
    assert.deepEqual(consoleErrors, []);
  } finally {
    await close();
  }

  // Latvian: a decimal comma and space thousands are read; the margin refused in Latvian.
  ({ page, consoleErrors, close } = await analysed("lv"));
  try {
    const margin = page.locator(testId("setting-margin"));
    await margin.fill("abc");
    await margin.press("Enter");
    assert.match(await page.locator(testId("margin-refused")).innerText(), /„abc” nav skaitlis/);
    await margin.fill("32,5");
    await margin.press("Enter");
    await page.locator(testId("margin-refused")).waitFor({ state: "detached" });
    assert.deepEqual(consoleErrors, []);
  } finally {
    await close();
  }

  // The calculator: "abc" hides the result and says why; "1 234,50" is read in Latvian;
  // "1.234" is ambiguous for a Latvian reader and refused, never guessed.
  ({ page, consoleErrors, close } = await openPage(`${server.url}?view=calc&lang=en`));
  try {
    await page.locator(testId("calc-clv")).waitFor({ timeout: 30_000 });
    await page.locator(testId("calc-aov")).fill("abc");
    await page.locator(testId("calc-refused")).waitFor();
    assert.match(await page.locator(testId("calc-refused")).innerText(), /Average order value: “abc” is not a number/);
    assert.equal(await page.locator(testId("calc-clv")).count(), 0, "no stale result");
    assert.equal(await page.locator(testId("tornado-chart")).isVisible(), false, "no stale chart");
    assert.equal(await page.locator(testId("calc-aov")).getAttribute("aria-invalid"), "true");
    await page.screenshot({ path: join(SHOTS, "edges-calculator-refused-en-1280.png"), fullPage: true });
    await page.locator(testId("calc-aov")).fill("");
    assert.match(await page.locator(testId("calc-refused")).innerText(), /Average order value: type a number/);
    await page.locator(testId("calc-aov")).fill("100");
    await page.waitForFunction(() => document.querySelector('[data-testid="calc-clv"]')?.textContent === "€58.80");
    assert.equal(await page.locator(testId("calc-refused")).count(), 0);
    assert.deepEqual(consoleErrors, []);
  } finally {
    await close();
  }
  ({ page, consoleErrors, close } = await openPage(`${server.url}?view=calc&lang=lv`));
  try {
    await page.locator(testId("calc-clv")).waitFor({ timeout: 30_000 });
    // (1234.50 × 3 − 6) × 0.2 = 739.50
    await page.locator(testId("calc-aov")).fill("1 234,50");
    await page.waitForFunction(() => /739,50/.test(document.querySelector('[data-testid="calc-clv"]')?.textContent || ""));
    await page.locator(testId("calc-aov")).fill("1.234");
    await page.locator(testId("calc-refused")).waitFor();
    const why = await page.locator(testId("calc-refused")).innerText();
    assert.match(why, /„1\.234” var nozīmēt gan 1,234, gan 1\s?234/, why);
    assert.equal(await page.locator(testId("calc-clv")).count(), 0);
    await page.screenshot({ path: join(SHOTS, "edges-calculator-refused-lv-1280.png"), fullPage: true });
    assert.deepEqual(consoleErrors, []);
  } finally {
    await close();
  }
});

test("segment rules show their names in the reader's language and move up and down by keyboard", async () => {
  const { page, consoleErrors, close } = await analysed("lv");
  try {
    await openSection(page, "rfm");
    await page.locator(`${testId("rfm-rules")} summary`).click();
    const names = () => page.locator(`${testId("rfm-rules")} tbody tr input[type="text"]`).evaluateAll((inputs) => inputs.map((i) => i.value));
    const shown = await names();
    assert.equal(shown[0], "Čempioni");
    assert.ok(!shown.includes("Champions") && !shown.includes("Loyal"), shown.join(", "));
    // A new rule, moved up twice with the keyboard: the focus follows it.
    await page.locator(testId("rfm-rules-add")).click();
    const last = shown.length;
    assert.equal((await names()).length, last + 1);
    const added = (await names())[last];
    await page.locator(testId(`rule-up-${last}`)).focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction((id) => document.activeElement?.dataset.testid === id, `rule-up-${last - 1}`);
    await page.keyboard.press("Enter");
    await page.waitForFunction((id) => document.activeElement?.dataset.testid === id, `rule-up-${last - 2}`);
    const moved = await names();
    assert.equal(moved[last - 2], added);
    assert.equal(moved[last], shown[last - 1]);
    // Down again, then apply: the engine keeps its own names for the rules left as shown.
    await page.locator(testId(`rule-down-${last - 2}`)).focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction((id) => document.activeElement?.dataset.testid === id, `rule-down-${last - 1}`);
    assert.equal((await names())[last - 1], added);
    await page.locator(testId("rfm-rules-apply")).click();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="rfm-table"] tbody th')].some((th) => th.textContent === "Čempioni"));
    assert.equal(await page.locator(`${testId("rfm-rules")} tbody tr input[type="text"]`).first().inputValue(), "Čempioni");
    await page.screenshot({ path: join(SHOTS, "edges-rules-lv-1280.png"), fullPage: true });
    assert.deepEqual(consoleErrors, []);
  } finally {
    await close();
  }
});

test("Cancel stops the analysis and shows nothing of it, or is gone once the result shows: never 'stopped' above results", async () => {
  const { page, consoleErrors, close } = await openPage(`${server.url}?lang=en`);
  try {
    for (const wait of [0, 20, 60, 150, 400]) {
      await page.locator(testId("try-sample")).click();
      const cancel = page.locator(testId("cancel"));
      await cancel.waitFor({ timeout: 10_000 }).catch(() => {});
      await page.waitForTimeout(wait);
      await cancel.click({ timeout: 500 }).catch(() => {});
      await page.waitForTimeout(1500);
      const stopped = await page.locator(".error", { hasText: "The analysis was stopped." }).count();
      const results = await page.locator(testId("panel-overview")).count();
      assert.ok(stopped + results === 1, `after ${wait} ms: stopped ${stopped}, results ${results}`);
      if (results) assert.equal(await cancel.count(), 0, "no Cancel beside a result");
    }
    assert.deepEqual(consoleErrors, []);
  } finally {
    await close();
  }
});

test("the customer search finds RFM cells and segment names as shown; one click filters the top RFM score", async () => {
  const { page, consoleErrors, close } = await analysed("lv");
  try {
    await openSection(page, "customers");
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="table-count"]')?.textContent || ""));
    const all = await tableCount(page);
    // Show the RFM column.
    await page.locator(testId("table-columns")).click();
    await page.locator(".column-list label", { hasText: "RFM" }).locator("input").check();
    await page.locator(testId("table-columns")).click();
    const rfmAt = (await page.$$eval('[data-testid="customer-table"] .vrow.head > div', (c) => c.map((x) => x.textContent))).indexOf("RFM");
    assert.ok(rfmAt > 0);

    await page.locator(testId("table-search")).fill("555");
    const found = await countChangedFrom(page, all);
    assert.notEqual(found, all);
    let rows = await tableRows(page);
    assert.ok(rows.length > 0);
    assert.ok(rows.every((r) => r[rfmAt] === "555" || r[0].includes("555")), JSON.stringify(rows.slice(0, 3)));

    // A segment name as the Latvian reader sees it.
    const segmentAt = (await page.$$eval('[data-testid="customer-table"] .vrow.head > div', (c) => c.map((x) => x.textContent))).indexOf("Segments");
    await page.locator(testId("table-search")).fill("čempi");
    await countChangedFrom(page, found);
    rows = await tableRows(page);
    assert.ok(rows.length > 0);
    assert.ok(rows.every((r) => r[segmentAt] === "Čempioni"), JSON.stringify(rows.slice(0, 3)));

    // One click: the top score.
    await page.locator(testId("table-search")).fill("");
    await page.waitForFunction((n) => document.querySelector('[data-testid="table-count"]')?.textContent === n, all);
    await page.locator(testId("filter-top-rfm")).click();
    await page.locator(testId("table-filter")).waitFor();
    assert.match(await page.locator(testId("table-filter")).innerText(), /RFM 555/);
    await countChangedFrom(page, all);
    rows = await tableRows(page);
    assert.ok(rows.length > 0 && rows.every((r) => r[rfmAt] === "555"));
    await page.screenshot({ path: join(SHOTS, "edges-customers-top-rfm-lv-1280.png"), fullPage: true });
    assert.deepEqual(consoleErrors, []);
  } finally {
    await close();
  }
});

test("exports: money in cents, shares in four places, files named after what they hold, headers in the reader's language in one column order", async () => {
  const headers = {};
  for (const lang of ["en", "lv"]) {
    const { page, consoleErrors, close } = await analysed(lang);
    try {
      const files = {};
      await openSection(page, "channels");
      files.channels = await download(page, "export-channels");
      await openSection(page, "win-back");
      files.winback = await download(page, "export-winback");
      await openSection(page, "rfm");
      files.rfm = await download(page, "export-rfm");
      await openSection(page, "customers");
      await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="table-count"]')?.textContent || ""));
      files.customers = await download(page, "export-customers");
      await openSection(page, "cohorts");
      files.cohorts = await download(page, "export-cohorts");
      assert.equal(files.channels.name, "clv-by-channel.csv");
      assert.equal(files.winback.name, "win-back.csv");
      assert.equal(files.rfm.name, "rfm-segments.csv");
      assert.equal(files.customers.name, "customers.csv");
      assert.equal(files.cohorts.name, "cohorts.csv");
      for (const [what, file] of Object.entries(files)) {
        const [header, ...rows] = file.rows;
        const decimals = (cell) => (/^-?\d+\.(\d+)$/.exec(cell)?.[1].length ?? 0);
        for (const row of rows) {
          for (const cell of row) assert.ok(decimals(cell) <= 4, `${lang} ${what}: ${cell}`);
        }
        headers[`${what}-${lang}`] = header;
      }
      // Money columns in cents.
      const money = (file, name) => {
        const at = file.rows[0].indexOf(name);
        assert.ok(at >= 0, `${name} in ${file.rows[0]}`);
        return file.rows.slice(1).map((r) => r[at]);
      };
      const revenue = lang === "en" ? "Revenue" : "Ieņēmumi";
      for (const cell of money(files.customers, revenue)) assert.ok(!/\.\d{3}/.test(cell), cell);
      for (const cell of money(files.winback, revenue)) assert.ok(!/\.\d{3}/.test(cell), cell);
      assert.deepEqual(consoleErrors, []);
    } finally {
      await close();
    }
  }
  for (const what of ["channels", "winback", "rfm", "customers", "cohorts"]) {
    const [en, lv] = [headers[`${what}-en`], headers[`${what}-lv`]];
    assert.equal(lv.length, en.length, `${what}: same columns`);
    assert.ok(lv.some((h, i) => h !== en[i]), `${what}: translated ${lv}`);
    assert.ok(!en.some((h) => /^[a-z]+_[a-z_]+$/.test(h)), `${what}: no engine names in en ${en}`);
  }
  // The same order: the revenue column is in the same place in both.
  assert.equal(headers["customers-lv"].indexOf("Ieņēmumi"), headers["customers-en"].indexOf("Revenue"));
  assert.equal(headers["cohorts-en"][2], "Retention, month 0");
});

test("no big order is one line without an empty table; a dollar that is not the US one says which", async () => {
  let { page, consoleErrors, close } = await analysed("en", { file: SHOPIFY });
  try {
    await openSection(page, "value");
    const line = await page.locator(testId("big-orders-count")).innerText();
    assert.match(line, /^No order is unusually big \(none over [\d,.]+\)\.$/);
    assert.equal(await page.locator(testId("big-orders")).count(), 0, "no empty table");
    assert.equal(await page.locator(testId("export-big-orders")).count(), 0, "nothing to download");
    await page.screenshot({ path: join(SHOTS, "edges-no-big-orders-en-1280.png"), fullPage: true });
    assert.deepEqual(consoleErrors, []);
  } finally {
    await close();
  }
  ({ page, consoleErrors, close } = await analysed("zh-TW", { file: SHOPIFY }));
  try {
    await page.locator(testId("setting-currency")).selectOption("TWD");
    await page.waitForFunction(() => /NT\$/.test(document.querySelector('[data-testid="kpi-revenue"]')?.textContent || ""));
    const revenue = await page.locator(testId("kpi-revenue")).innerText();
    assert.match(revenue, /^NT\$[\d,]+\.\d\d$/, revenue);
    await page.locator(testId("setting-currency")).selectOption("USD");
    await page.waitForFunction(() => /US\$/.test(document.querySelector('[data-testid="kpi-revenue"]')?.textContent || ""));
    assert.deepEqual(consoleErrors, []);
  } finally {
    await close();
  }
  ({ page, consoleErrors, close } = await analysed("en"));
  try {
    await page.locator(testId("setting-currency")).selectOption("USD");
    await page.waitForFunction(() => /^\$[\d,]+\.\d\d$/.test(document.querySelector('[data-testid="kpi-revenue"]')?.textContent || ""));
    await page.locator(testId("setting-currency")).selectOption("TWD");
    await page.waitForFunction(() => /^NT\$/.test(document.querySelector('[data-testid="kpi-revenue"]')?.textContent || ""));
    assert.deepEqual(consoleErrors, []);
  } finally {
    await close();
  }
});

test("arrow keys move between section tabs (ARIA tabs) and across the RFM heat map by row and column", async () => {
  const { page, consoleErrors, close } = await analysed("en");
  try {
    const tabindex = () => page.$$eval('[role="tab"]', (tabs) => tabs.map((t) => t.getAttribute("tabindex")));
    assert.deepEqual(await tabindex(), ["0", "-1", "-1", "-1", "-1", "-1", "-1", "-1", "-1"]);
    await page.locator(testId("section-overview")).focus();
    const focused = () => page.evaluate(() => document.activeElement?.dataset.testid);
    await page.keyboard.press("ArrowRight");
    assert.equal(await focused(), "section-customers");
    await page.locator(testId("panel-customers")).waitFor();
    assert.equal(await page.locator(testId("section-customers")).getAttribute("aria-selected"), "true");
    assert.deepEqual(await tabindex(), ["-1", "0", "-1", "-1", "-1", "-1", "-1", "-1", "-1"]);
    await page.keyboard.press("End");
    assert.equal(await focused(), "section-win-back");
    await page.keyboard.press("ArrowRight");
    assert.equal(await focused(), "section-overview");
    await page.keyboard.press("ArrowLeft");
    assert.equal(await focused(), "section-win-back");
    await page.keyboard.press("Home");
    assert.equal(await focused(), "section-overview");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    assert.equal(await focused(), "section-rfm");
    await page.locator(testId("panel-rfm")).waitFor();

    // The heat map: rows R 5 … R 1 top down, columns F 1 … F 5.
    const canvas = page.locator(`${testId("chart-rfm-grid")} canvas`);
    await canvas.focus();
    const tip = page.locator(`${testId("chart-rfm-grid")} ${testId("chart-tooltip")}`);
    const place = async () => {
      const text = await tip.innerText();
      const m = /R (\d).*F (\d)/s.exec(text);
      assert.ok(m, text);
      return `R${m[1]} F${m[2]}`;
    };
    await page.keyboard.press("ArrowRight");
    assert.equal(await place(), "R5 F1");
    await page.keyboard.press("ArrowRight");
    assert.equal(await place(), "R5 F2");
    await page.keyboard.press("ArrowDown");
    assert.equal(await place(), "R4 F2");
    await page.keyboard.press("ArrowDown");
    assert.equal(await place(), "R3 F2");
    await page.keyboard.press("ArrowLeft");
    assert.equal(await place(), "R3 F1");
    await page.keyboard.press("ArrowUp");
    assert.equal(await place(), "R4 F1");
    await page.keyboard.press("ArrowLeft");
    assert.equal(await place(), "R4 F1", "the edge: stays");
    assert.deepEqual(consoleErrors, []);
  } finally {
    await close();
  }
});
