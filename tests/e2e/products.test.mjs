// End-to-end: the Products section on the bundled sample (issue 15, item 2) — customers by the
// product of their first order, the table checked cell by cell against
// `clv report public/sample-orders.csv --format json` (its `first_products`), the repeat-rate
// chart drawn under a visible title, the table inside its panel; in English and Latvian at
// 1280 px and 390 px, with screenshots under target/e2e/products-<lang>-<width>.png (and -panel.png, the section alone). A file
// without a product column says how to get the section.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT, SHOTS, serveDist, openPage, offHostRequests, cliReport, pageNumber, openSection, waitForResults } from "./harness.mjs";

let server;
before(async () => {
  server = await serveDist();
});
after(() => server?.stop());

/** Number of non-background pixels of a chart's canvas. */
async function inkPixels(page, name) {
  const canvas = page.locator(`[data-testid="chart-${name}"] canvas`);
  await canvas.waitFor();
  return canvas.evaluate((c) => {
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) n++;
    return n;
  });
}

const TITLES = { en: "Share who ordered again, by first product", lv: "Vēlreiz pasūtījušo klientu daļa pēc pirmā produkta" };

test("the Products section shows the report's first products, in English and Latvian, wide and narrow", async () => {
  const expected = cliReport(join(ROOT, "public", "sample-orders.csv")).first_products;
  assert.ok(expected && expected.products.length > 0, "the sample has a product column");
  for (const lang of ["en", "lv"]) {
    const percent = new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 1 });
    const days = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
    for (const width of [1280, 390]) {
      const { page, requests, consoleErrors, close } = await openPage(`${server.url}?lang=${lang}`);
      try {
        await page.setViewportSize({ width, height: 900 });
        await page.locator('[data-testid="try-sample"]').click();
        await waitForResults(page);
        await openSection(page, "products");
        const panel = page.locator('[data-testid="panel-products"]');
        const table = page.locator('[data-testid="products-table"]');
        await table.waitFor();

        // Every row as the report has it: product, customers, repeat rate, median days, 12-month
        // CLV, customers with 12 months, the second order's product with its share.
        const rows = await table.locator('tbody tr[data-testid="product-row"]').evaluateAll((trs) =>
          trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())),
        );
        const want = [...expected.products, ...(expected.other ? [expected.other] : [])];
        assert.equal(rows.length, want.length, `${lang}: one row per product`);
        rows.forEach((cells, i) => {
          const r = want[i];
          if (i < expected.products.length) assert.equal(cells[0], r.product);
          assert.equal(pageNumber(cells[1]), r.customers, `${r.product}: customers`);
          assert.equal(cells[2], percent.format(r.repeat_rate), `${r.product}: repeat rate`);
          assert.equal(cells[3], r.median_days_to_second_order == null ? "—" : days.format(r.median_days_to_second_order));
          assert.equal(pageNumber(cells[4]), Number(r.twelve_month_clv.toFixed(2)), `${r.product}: 12-month CLV`);
          assert.equal(pageNumber(cells[5]), r.clv_customers, `${r.product}: customers with 12 months`);
          assert.equal(cells[6], `${r.second_order_product} (${percent.format(r.second_order_product_share)})`);
        });

        // How to read it, the shop-wide repeat rate and how many customers the CLV counts.
        const text = await panel.evaluate((e) => e.textContent);
        assert.match(text, new RegExp(expected.column), `${lang}: names the product column`);
        assert.ok(text.includes(new Intl.NumberFormat(lang).format(expected.customers_with_clv_history)), `${lang}: the CLV's customers`);
        assert.doesNotMatch(text, /\{[a-z_]+\}/, `${lang}: a placeholder left unfilled`);

        // The chart, under its own visible title.
        assert.ok((await inkPixels(page, "first-products")) > 2000, "the repeat-rate chart is drawn");
        const title = panel.locator(".chart-title", { hasText: TITLES[lang] });
        assert.ok(await title.isVisible(), `${lang}: the chart's title is shown`);

        await page.screenshot({ path: join(SHOTS, `products-${lang}-${width}.png`), fullPage: true });
        await panel.screenshot({ path: join(SHOTS, `products-${lang}-${width}-panel.png`) });
        if (width === 390) {
          // Scrolled sideways in its box, the product column stays in view.
          await table.evaluate((t) => (t.parentElement.scrollLeft = t.parentElement.scrollWidth));
          const [first, box] = await table.evaluate((t) => [
            t.querySelector("tbody th").getBoundingClientRect().left,
            t.parentElement.getBoundingClientRect().left,
          ]);
          assert.ok(Math.abs(first - box) < 2, `${lang}: the product column sticks (${first} vs ${box})`);
          await panel.screenshot({ path: join(SHOTS, `products-${lang}-${width}-scrolled.png`) });
        }
        // Fits: no header cut off; at 1280 px the table fits its panel, at 390 px the page does
        // not scroll sideways (the table scrolls in its own box).
        const clipped = await table.locator("th").evaluateAll((ths) =>
          ths.filter((th) => th.scrollWidth > th.clientWidth + 1).map((th) => th.textContent),
        );
        assert.deepEqual(clipped, [], `${lang} ${width}: no header is cut off`);
        if (width === 1280) {
          const [tableWidth, boxWidth] = await table.evaluate((t) => [t.scrollWidth, t.parentElement.clientWidth]);
          assert.ok(tableWidth <= boxWidth, `${lang}: the table (${tableWidth}) fits its panel (${boxWidth})`);
        }
        const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(pageWidth <= width + 2, `${lang} ${width}: no sideways scrolling of the page (${pageWidth})`);
        assert.deepEqual(offHostRequests(requests), [], "no request may leave 127.0.0.1");
        assert.deepEqual(consoleErrors, [], "no console error");
      } finally {
        await close();
      }
    }
  }
});

test("without a product column the section says how to get one", async () => {
  const { page, consoleErrors, close } = await openPage(server.url);
  try {
    await page.locator('[data-testid="file-input"]').setInputFiles(join(ROOT, "tests", "data", "orders-small.csv"));
    await waitForResults(page);
    await openSection(page, "products");
    const none = await page.locator('[data-testid="products-none"]').innerText();
    assert.match(none, /no product column/);
    assert.match(none, /“product”/, "names the role to give");
    assert.equal(await page.locator('[data-testid="products-table"]').count(), 0);
    assert.deepEqual(consoleErrors, []);
  } finally {
    await close();
  }
});
