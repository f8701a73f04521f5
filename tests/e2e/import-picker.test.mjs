// End-to-end: no readable text file is a dead end. Five files whose columns the engine cannot
// find — a Finnish header, a made-up language, Latvian words the synonym table does not have, a
// file without a header whose amount cannot be guessed, and a Windows-1251 file whose header is
// garbled until the right encoding is picked — each reach the analysis by picking the encoding
// and the columns' roles in the page (the numbers checked against `clv report` with the same
// choices). After a reload, a second file of the same kind is read without asking.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SHOTS, serveDist, openPage, offHostRequests, cliReport, waitForKpis } from "./harness.mjs";

let server;
let dir;
before(async () => {
  server = await serveDist();
  dir = mkdtempSync(join(tmpdir(), "clv-picker-"));
});
after(() => {
  server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Windows-1251 bytes of `text` (ASCII and the Russian alphabet are all it needs). */
function windows1251(text) {
  return Buffer.from(
    [...text].map((ch) => {
      const c = ch.codePointAt(0);
      if (c < 0x80) return c;
      if (c >= 0x410 && c <= 0x44f) return c - 0x350;
      if (c === 0x401) return 0xa8;
      if (c === 0x451) return 0xb8;
      throw new Error(`not in windows-1251: ${ch}`);
    }),
  );
}

/** `n` order rows from a small deterministic generator: [customer, day, month, amount]. */
function orders(seed, n) {
  let x = seed;
  const next = (m) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return Math.floor(x / 65536) % m;
  };
  return Array.from({ length: n }, (_, i) => [
    1000 + next(30),
    1 + next(28),
    1 + ((i * 11) % 12),
    10 + next(400),
    next(100),
  ]);
}

const pad = (v) => String(v).padStart(2, "0");

// Each case: the file's text for a seed, how the user reads it in the page (an encoding, then a
// role per column label), and the same choice as `clv` flags.
const CASES = [
  {
    label: "finnish",
    make: (seed) =>
      ["Asiakas;Päivämäärä;Loppusumma"]
        .concat(orders(seed, 80).map(([c, d, m, a, ct]) => `K${c};${pad(d)}.${pad(m)}.2024;${a},${pad(ct)}`))
        .join("\n") + "\n",
    picks: [["Asiakas", "customer"], ["Päivämäärä", "date"], ["Loppusumma", "amount"]],
    flags: ["--map", "customer=Asiakas,date=Päivämäärä,amount=Loppusumma"],
  },
  {
    label: "made-up-language",
    make: (seed) =>
      ["Zorblat,Quindex,Varnu,Plimsk"]
        .concat(orders(seed, 80).map(([c, d, m, a, ct]) => `zx-${c},2024-${pad(m)}-${pad(d)},${a}.${pad(ct)},glob`))
        .join("\n") + "\n",
    picks: [["Zorblat", "customer"], ["Quindex", "date"], ["Varnu", "amount"]],
    flags: ["--map", "customer=Zorblat,date=Quindex,amount=Varnu"],
  },
  {
    label: "latvian-words",
    make: (seed) =>
      ["Kas pirka;Kad pirka;Cik samaksāja"]
        .concat(orders(seed, 80).map(([c, d, m, a, ct]) => `Pircējs ${c};${pad(d)}.${pad(m)}.2024;${a},${pad(ct)}`))
        .join("\n") + "\n",
    picks: [["Kas pirka", "customer"], ["Kad pirka", "date"], ["Cik samaksāja", "amount"]],
    flags: ["--map", "customer=Kas pirka,date=Kad pirka,amount=Cik samaksāja"],
  },
  {
    // No header; whole-number amounts look like quantities, so the amount cannot be guessed.
    label: "no-header",
    make: (seed) =>
      orders(seed, 80)
        .map(([c, d, m, a]) => `C${c};${pad(d)}.${pad(m)}.2024;${a}`)
        .join("\n") + "\n",
    picks: [["3", "amount"]],
    flags: ["--no-header", "--map", "customer=1,date=2,amount=3"],
  },
  {
    // Cyrillic only in the header and a one-letter prefix of the document numbers: detected as
    // another code page (windows-1252 by chardetng), so the header shows garbled until
    // windows-1251 is picked. (Should detection learn to read it, picking the encoding it
    // already shows re-reads the file the same way, and the test still holds.)
    label: "windows-1251",
    encoding: "windows-1251",
    bytes: true,
    make: (seed) =>
      windows1251(
        ["Кто купил;Когда;Сколько"]
          .concat(orders(seed, 80).map(([c, d, m, a, ct]) => `Д${c};${pad(d)}.${pad(m)}.2024;${a},${pad(ct)}`))
          .join("\n") + "\n",
      ),
    picks: [["Кто купил", "customer"], ["Когда", "date"], ["Сколько", "amount"]],
    flags: ["--encoding", "windows-1251", "--map", "customer=Кто купил,date=Когда,amount=Сколько"],
  },
];

function write(c, seed) {
  const path = join(dir, `${c.label}-${seed}.csv`);
  writeFileSync(path, c.make(seed));
  return path;
}

for (const c of CASES) {
  test(`${c.label}: the page asks for what it could not find, then analyses; the next file of that kind is read without asking`, async () => {
    const first = write(c, 7);
    const second = write(c, 8);
    const expected = cliReport(first, c.flags);
    const expectedNext = cliReport(second, c.flags);
    const { page, requests, consoleErrors, close } = await openPage(server.url);
    try {
      await page.locator('[data-testid="file-input"]').setInputFiles(first);
      // Not a dead end: the import check opens with what is missing, every column and a picker.
      const missing = page.locator('[data-testid="missing-roles"]');
      await missing.waitFor({ timeout: 30_000 });
      assert.ok(await page.locator('[data-testid="import-check"]').evaluate((d) => d.open), "the check is open");
      assert.ok((await page.locator('[data-testid="column-role"]').count()) >= 3, "a picker per column");
      assert.ok((await page.locator('[data-testid="preview-rows"] tbody tr').count()) >= 20, "the first rows");
      await page.screenshot({ path: join(SHOTS, `picker-${c.label}-1280.png`), fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.locator('[data-testid="import-check"]').screenshot({ path: join(SHOTS, `picker-${c.label}-390.png`) });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page does not scroll sideways at 390 px (${overflow} px)`);
      await page.setViewportSize({ width: 1280, height: 900 });
      if (c.encoding) {
        const detected = await page.locator('[data-testid="encoding"]').inputValue();
        const header = await page.locator('[data-testid="column-role"]').first().evaluate((s) => s.labels[0].textContent);
        console.log(`${c.label}: detected ${detected}, first header ${header}`);
        await page.locator('[data-testid="encoding"]').selectOption(c.encoding);
        await page.getByLabel(c.picks[0][0], { exact: true }).waitFor({ timeout: 30_000 });
        assert.equal(await page.locator('[data-testid="encoding"]').inputValue(), c.encoding);
      }
      for (const [i, [column, role]] of c.picks.entries()) {
        if (i > 0) {
          // Until every needed column is picked, the page says what is still to pick.
          await page.waitForFunction(() => document.querySelector('[data-testid="still-needed"]')?.textContent.length > 0);
        }
        await page.getByLabel(column, { exact: true }).selectOption(role);
      }
      await waitForKpis(page, expected);
      assert.equal(await missing.count(), 0, "nothing missing once picked");
      await page.screenshot({ path: join(SHOTS, `picker-${c.label}-analysed.png`), fullPage: true });

      // After a reload, the same kind of export is read the way the user chose, without asking.
      await page.goto(server.url);
      await page.locator('[data-testid="file-input"]').setInputFiles(second);
      await waitForKpis(page, expectedNext);
      assert.equal(await missing.count(), 0, "not asked again");
      if (c.encoding) {
        assert.equal(await page.locator('[data-testid="encoding"]').inputValue(), c.encoding);
      }
      assert.deepEqual(offHostRequests(requests), [], "no request may leave 127.0.0.1");
      assert.deepEqual(consoleErrors, [], "no console error");
    } finally {
      await close();
    }
  });
}
