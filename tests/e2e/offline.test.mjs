// End-to-end: after one visit the service worker keeps the app and the widget working with the
// server stopped — served from a sub-path, as on GitHub Pages (https://user.github.io/clv-lens/).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, SHOTS, serveDist, openPage, offHostRequests } from "./harness.mjs";

test("after one visit, a reload works with the server stopped (service worker, sub-path)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "clv-pages-"));
  writeFileSync(join(dir, "index.html"), "<!DOCTYPE html><title>user.github.io</title>");
  symlinkSync(join(ROOT, "dist"), join(dir, "clv-lens"));
  const server = await serveDist(dir);
  const base = `${server.url}clv-lens/`;
  const { page, requests, consoleErrors, close } = await openPage(`${base}?view=calc&lang=ru`);
  try {
    await page.locator('[data-testid="calc-clv"]').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    assert.equal(scope, base, "the service worker is scoped to the sub-path");

    server.stop();
    await new Promise((r) => setTimeout(r, 300));
    const down = await fetch(base).then(() => "up", () => "down");
    assert.equal(down, "down", "the server is stopped");

    await page.reload();
    await page.locator('[data-testid="calc-clv"]').waitFor({ timeout: 30_000 });
    const expected = new Intl.NumberFormat("ru", { style: "currency", currency: "EUR", minimumFractionDigits: 2 }).format(52.8);
    assert.equal(await page.locator('[data-testid="calc-clv"]').innerText(), expected);
    await page.screenshot({ path: join(SHOTS, "offline-calculator.png"), fullPage: true });

    // The analyzer and the sample data, and the widget, offline too.
    await page.goto(base);
    await page.locator('[data-testid="try-sample"]').click();
    await page.locator('[data-testid="kpi-customers"]').waitFor({ timeout: 60_000 });
    await page.goto(`${base}embed.html?lang=pl`);
    await page.locator('[data-testid="calc-clv"]').waitFor({ timeout: 30_000 });

    assert.deepEqual(offHostRequests(requests), [], "no request may leave 127.0.0.1");
    assert.deepEqual(consoleErrors, [], "no console error");
  } finally {
    server.stop();
    await close();
  }
});
