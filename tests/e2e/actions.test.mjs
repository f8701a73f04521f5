// End-to-end: actions per segment on the bundled sample — each RFM segment and the win-back
// list show their recommendation and what acting is worth (the report's own figures), and one
// click downloads the segment as a contact list for Klaviyo, Mailchimp or Shopify, in that
// tool's documented header layout, one row per customer with an e-mail. Screenshots of the RFM
// section and Win-back at 1280 px and 390 px, in English and Latvian, land in target/e2e/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, SHOTS, serveDist, openPage, cliReport, pageNumber, download, openSection, waitForResults } from "./harness.mjs";

let server;
before(async () => {
  server = await serveDist();
});
after(() => server?.stop());

// The documented import headers, as engine/tests/actions.rs cites them: Klaviyo
// (help.klaviyo.com/hc/en-us/articles/115005078967: first column Email, properties First Name,
// Last Name, then custom properties), Mailchimp (mailchimp.com/help/format-guidelines-for-
// your-import-file/: Email Address, First Name, Last Name, Tags, then text fields), Shopify
// (help.shopify.com/en/manual/customers/import-export-customers: the customer CSV template).
const HEADERS = {
  klaviyo: "Email,First Name,Last Name,CLV Segment,Predicted CLV,P(alive),Accepts Marketing",
  mailchimp: "Email Address,First Name,Last Name,Tags,Predicted CLV,P(alive),Accepts Marketing",
  shopify:
    "First Name,Last Name,Email,Company,Address1,Address2,City,Province,Province Code,Country," +
    "Country Code,Zip,Phone,Accepts Email Marketing,Accepts SMS Marketing,Tags,Note,Tax Exempt",
};

const slug = (name) => name.toLowerCase().replace(/ /g, "-");

/** Whether anything inside `selector` sticks out of the page's width. */
async function overflows(page, selector) {
  return page.locator(selector).evaluate((el) => {
    const width = document.documentElement.clientWidth;
    return [...el.querySelectorAll("*")].some((x) => x.getBoundingClientRect().right > width + 1);
  });
}

test("each segment and the win-back list say what to do, what it is worth, and download as a contact list", async () => {
  const expected = cliReport(join(ROOT, "public", "sample-orders.csv"));
  const { page, consoleErrors, close } = await openPage(server.url);
  try {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.locator('[data-testid="try-sample"]').click();
    await waitForResults(page);
    await openSection(page, "rfm");
    const segments = expected.rfm.segments.filter((s) => s.customers > 0);
    assert.ok(segments.length >= 5, "the sample fills most segments");
    for (const s of segments) {
      const card = page.locator(`[data-testid="action-${slug(s.segment)}"]`);
      const text = await card.locator('[data-testid="action-text"]').innerText();
      assert.ok(text.length > 30, `${s.segment}: ${text}`);
      assert.doesNotMatch(text, /\{[a-z_]+\}/, `${s.segment}: a placeholder left unfilled`);
      const worth = await card.locator('[data-testid="action-worth"]').innerText();
      // "Worth: 41 customers × their predicted CLV = 12,345.67 (revenue)."
      const figure = worth.match(/= ([\d,.]+)/);
      assert.ok(figure, worth);
      assert.equal(pageNumber(figure[1]), Math.round(s.worth * 100) / 100, `${s.segment}: ${worth}`);
      assert.ok(worth.includes(`${s.customers.toLocaleString("en-US")} customer`), worth);
      const basis = s.worth_basis === "predicted_clv" ? /predicted CLV/ : /expected to take away/;
      assert.match(worth, basis, s.segment);
      // The sample is keyed by e-mail: nobody is left out, so no such note.
      assert.equal(await card.locator('[data-testid="action-no-email"]').count(), 0);
    }
    assert.match(
      await page.locator('[data-testid="action-champions"] [data-testid="action-text"]').innerText(),
      /early access/,
    );
    assert.match(
      await page.locator('[data-testid="action-at-risk"] [data-testid="action-text"]').innerText(),
      /15% off for 14 days/,
    );
    await page.locator('[data-testid="segment-actions"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, "actions-rfm-en-1280.png"), fullPage: true });

    // One segment for each tool: the documented header and one row per customer.
    const champions = segments.find((s) => s.segment === "Champions");
    for (const tool of ["klaviyo", "mailchimp", "shopify"]) {
      await page.locator('[data-testid="action-tool"]').selectOption(tool);
      const file = await download(page, "action-champions-download");
      assert.equal(file.name, `champions-${tool}.csv`);
      const lines = file.text.split("\r\n");
      assert.equal(lines[0], HEADERS[tool], tool);
      assert.equal(lines.at(-1), "", "the last line ends with CRLF");
      assert.equal(lines.length - 2, champions.customers, `${tool}: one row per champion`);
    }

    // Win-back: the recommendation above the list, its worth, its contact list.
    await openSection(page, "win-back");
    const w = expected.win_back;
    const card = page.locator('[data-testid="action-win-back"]');
    assert.match(await card.locator('[data-testid="action-text"]').innerText(), /three e-mails over three weeks/);
    const worth = await card.locator('[data-testid="action-worth"]').innerText();
    assert.equal(pageNumber(worth.match(/= ([\d,.]+)/)[1]), Math.round(w.worth * 100) / 100, worth);
    const action = await card.boundingBox();
    const list = await page.locator('[data-testid="winback-table"]').boundingBox();
    assert.ok(action.y < list.y, "the recommendation is above the list");
    await page.locator('[data-testid="winback-tool"]').selectOption("mailchimp");
    const file = await download(page, "action-win-back-download");
    assert.equal(file.name, "win-back-mailchimp.csv");
    const lines = file.text.split("\r\n");
    assert.equal(lines[0], HEADERS.mailchimp);
    assert.equal(lines.length - 2, w.one_time_customers + w.lapsed_repeat_customers, "everyone who qualifies");
    await page.screenshot({ path: join(SHOTS, "actions-winback-en-1280.png"), fullPage: true });

    // A phone: the cards fit the width.
    await page.setViewportSize({ width: 390, height: 844 });
    assert.equal(await overflows(page, '[data-testid="winback-action"]'), false, "win-back card at 390 px");
    await page.screenshot({ path: join(SHOTS, "actions-winback-en-390.png"), fullPage: true });
    await openSection(page, "rfm");
    assert.equal(await overflows(page, '[data-testid="segment-actions"]'), false, "segment cards at 390 px");
    await page.screenshot({ path: join(SHOTS, "actions-rfm-en-390.png"), fullPage: true });
    assert.deepEqual(consoleErrors, []);
  } finally {
    await close();
  }
});

test("the recommendations in Latvian, at both widths", async () => {
  const { page, consoleErrors, close } = await openPage(`${server.url}/?lang=lv`);
  try {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.locator('[data-testid="try-sample"]').click();
    await waitForResults(page);
    await openSection(page, "rfm");
    const text = await page.locator('[data-testid="segment-actions"]').innerText();
    assert.match(text, /Ko darīt ar katru segmentu/);
    assert.match(text, /Lejupielādēt rīkam Klaviyo/);
    assert.doesNotMatch(text, /\{[a-z_]+\}/, "a placeholder left unfilled");
    assert.match(
      await page.locator('[data-testid="action-at-risk"] [data-testid="action-text"]').innerText(),
      /15\s?% atlaidi/,
    );
    await page.screenshot({ path: join(SHOTS, "actions-rfm-lv-1280.png"), fullPage: true });
    await openSection(page, "win-back");
    assert.match(await page.locator('[data-testid="winback-action"]').innerText(), /Atgūstiet viņus/);
    await page.screenshot({ path: join(SHOTS, "actions-winback-lv-1280.png"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    assert.equal(await overflows(page, '[data-testid="winback-action"]'), false);
    await page.screenshot({ path: join(SHOTS, "actions-winback-lv-390.png"), fullPage: true });
    await openSection(page, "rfm");
    assert.equal(await overflows(page, '[data-testid="segment-actions"]'), false);
    await page.screenshot({ path: join(SHOTS, "actions-rfm-lv-390.png"), fullPage: true });
    assert.deepEqual(consoleErrors, []);
  } finally {
    await close();
  }
});

/** A shop keyed by customer id whose export lacks some e-mails (every fourth customer), with
 * first and last names: the actions say how many are left out and the lists hold the rest. */
function idKeyedShopWithoutSomeEmails() {
  const lines = ["Customer ID,Email,First Name,Last Name,Created at,Total"];
  let state = 7;
  const next = (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  for (let c = 1; c <= 160; c++) {
    const id = `C${String(c).padStart(4, "0")}`;
    const email = c % 4 === 0 ? "" : `buyer${c}@shop.example`;
    const orders = 1 + next(6);
    let day = next(500);
    for (let o = 0; o < orders && day < 730; o++) {
      const date = new Date(Date.UTC(2024, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
      lines.push(`${id},${email},Anna,Bērziņa ${c},${date},${(20 + next(180)).toFixed(2)}`);
      day += 10 + next(120);
    }
  }
  const dir = mkdtempSync(join(tmpdir(), "clv-actions-"));
  const path = join(dir, "orders-by-id.csv");
  writeFileSync(path, lines.join("\n") + "\n");
  return path;
}

test("customers without an e-mail are counted on each card and left out of its contact list", async () => {
  const file = idKeyedShopWithoutSomeEmails();
  const expected = cliReport(file);
  const short = expected.rfm.segments.filter((s) => s.customers > s.customers_with_email);
  assert.ok(short.length >= 2, "the fixture leaves customers without an e-mail in several segments");
  const { page, consoleErrors, close } = await openPage(`${server.url}?lang=en`);
  try {
    await page.locator('[data-testid="file-input"]').setInputFiles(file);
    await waitForResults(page);
    await openSection(page, "rfm");
    for (const s of expected.rfm.segments.filter((s) => s.customers > 0)) {
      const card = page.locator(`[data-testid="action-${slug(s.segment)}"]`);
      const missing = s.customers - s.customers_with_email;
      const note = card.locator('[data-testid="action-no-email"]');
      if (missing === 0) {
        assert.equal(await note.count(), 0, s.segment);
        continue;
      }
      const text = await note.innerText();
      assert.match(text, new RegExp(`^${missing} customers? `), `${s.segment}: ${text}`);
      const list = await download(page, `action-${slug(s.segment)}-download`);
      const rows = list.text.trimEnd().split(/\r?\n/);
      assert.equal(rows[0], HEADERS.klaviyo, s.segment);
      assert.equal(rows.length - 1, s.customers_with_email, `${s.segment}: one row per customer with an e-mail`);
      assert.ok(rows.slice(1).every((r) => /^buyer\d+@shop\.example,Anna,Bērziņa \d+,/.test(r)), rows.slice(1, 3).join(" | "));
    }
    await page.locator('[data-testid="segment-actions"]').screenshot({ path: join(SHOTS, "actions-no-email-en.png") });
    assert.deepEqual(consoleErrors, []);
  } finally {
    await close();
  }
});
