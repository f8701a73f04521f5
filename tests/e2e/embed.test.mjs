// End-to-end: the embed dialog's snippet pasted into a host page on ANOTHER 127.0.0.1 port
// shows the widget in a sandboxed iframe (scripts only) that grows to the height it reports;
// the widget stays within its size budget.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SHOTS, serveDist, openPage, offHostRequests } from "./harness.mjs";
import { widgetSize, BUDGET } from "../../scripts/widget-size.mjs";

let app;
let host;
before(async () => {
  app = await serveDist();
});
after(() => {
  app?.stop();
  host?.stop();
});

test("the widget's first load stays within 150 KB gzipped", () => {
  const { total, rows } = widgetSize();
  assert.ok(rows.some((r) => r.file.endsWith(".wasm")), "embed.html loads a wasm");
  assert.ok(total <= BUDGET, `widget is ${total} B gzipped, budget ${BUDGET}`);
});

test("the embed dialog's snippet works in a sandboxed iframe on another origin and resizes", async () => {
  const { page, requests, consoleErrors, close } = await openPage(`${app.url}?view=calc&aov=100&lang=lv`);
  try {
    await page.locator('[data-testid="embed-open"]').click();
    const snippet = await page.locator('[data-testid="embed-snippet"]').inputValue();
    await page.locator('[data-testid="embed-dialog"]').screenshot({ path: join(SHOTS, "embed-dialog.png") });
    assert.match(snippet, /sandbox="allow-scripts"/);
    assert.ok(snippet.includes(`${app.url}embed.html?aov=100&amp;`), snippet);
    assert.match(snippet, /lang=lv/);

    const dir = mkdtempSync(join(tmpdir(), "clv-host-"));
    writeFileSync(
      join(dir, "index.html"),
      `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>A blog post</title>
<link rel="icon" href="data:,"></head><body style="font-family:sans-serif;max-width:48rem;margin:1rem auto">
<h1>What is a customer worth?</h1><p>Try it with your own numbers:</p>
${snippet}
<p id="after">The end.</p></body></html>`,
    );
    host = await serveDist(dir);
    assert.notEqual(new URL(host.url).port, new URL(app.url).port, "the host page is another origin");

    await page.goto(host.url);
    const iframe = page.locator("iframe[data-clv-lens]");
    assert.equal(await iframe.getAttribute("sandbox"), "allow-scripts");
    const widget = page.frameLocator("iframe[data-clv-lens]");
    // AOV 100: (300 − 6) × 0.2 = 58.80, in Latvian euros.
    const expected = new Intl.NumberFormat("lv", { style: "currency", currency: "EUR", minimumFractionDigits: 2 }).format(58.8);
    await widget.locator('[data-testid="calc-clv"]').waitFor({ timeout: 30_000 });
    assert.equal(await widget.locator('[data-testid="calc-clv"]').innerText(), expected);

    // The host script sets the iframe's height from the widget's postMessage.
    await page.waitForFunction(() => document.querySelector("iframe[data-clv-lens]").style.height !== "");
    const first = await iframe.evaluate((f) => parseFloat(f.style.height));
    assert.ok(first > 200, `reported height ${first}`);
    // A margin of 200 % cannot be computed: the results give way to a short message, the widget
    // shrinks and the iframe follows; back to 20 % it grows again.
    const height = () => iframe.evaluate((f) => parseFloat(f.style.height));
    await widget.locator('[data-testid="calc-margin"]').fill("200");
    await widget.locator('[data-testid="calc-error"]').waitFor();
    await page.waitForFunction((h) => parseFloat(document.querySelector("iframe[data-clv-lens]").style.height) < h, first);
    const shrunk = await height();
    await widget.locator('[data-testid="calc-margin"]').fill("20");
    await widget.locator('[data-testid="calc-clv"]').waitFor();
    await page.waitForFunction((h) => parseFloat(document.querySelector("iframe[data-clv-lens]").style.height) > h, shrunk);
    assert.ok(Math.abs((await height()) - first) < 2, "back to the first height");
    const box = await iframe.boundingBox();
    const inner = await iframe.evaluate((f) => parseFloat(f.style.height));
    assert.ok(Math.abs(box.height - inner) < 2, `iframe is ${box.height}px tall, style says ${inner}`);
    // Let the out-of-process frame paint before the screenshot.
    await widget.locator('[data-testid="calc-levers"]').waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(SHOTS, "embed-host.png") });

    assert.deepEqual(offHostRequests(requests), [], "no request may leave 127.0.0.1");
    assert.deepEqual(consoleErrors, [], "no console error");
  } finally {
    await close();
  }
});

test("the widget takes theme, accent and fields from its query", async () => {
  const url = `${app.url}embed.html?aov=90&n=3&cac=6&margin=0.2&cur=USD&lang=zh-TW&theme=dark&accent=d55e00&fields=aov,n,cac,margin`;
  const { page, consoleErrors, close } = await openPage(url);
  try {
    await page.locator('[data-testid="calc-clv"]').waitFor({ timeout: 30_000 });
    const expected = new Intl.NumberFormat("zh-TW", { style: "currency", currency: "USD", minimumFractionDigits: 2 }).format(52.8);
    assert.equal(await page.locator('[data-testid="calc-clv"]').innerText(), expected);
    assert.equal(await page.locator('[data-testid="calc-life"]').count(), 0, "only the chosen fields");
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains("theme-dark")), true);
    const accent = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--accent").trim());
    assert.equal(accent, "#d55e00");
    await page.screenshot({ path: join(SHOTS, "widget-zh-TW-dark.png"), fullPage: true });
    assert.deepEqual(consoleErrors, []);
  } finally {
    await close();
  }
});
