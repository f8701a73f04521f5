// Measures the widget's first load: embed.html and every script, wasm and stylesheet it pulls
// in, each gzipped (level 9, as a static host would serve them). Fails above the budget of the
// issue: 150 KB gzipped. Prints one line (recorded in BENCHMARKS.md); `--json` prints JSON.
// `firstLoad` and `report` are shared with scripts/app-size.mjs (the analyzer page's budget).
import { gzipSync } from "node:zlib";
import { readFileSync, existsSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

export const BUDGET = 150 * 1024;
export const DIST = join(resolve(dirname(fileURLToPath(import.meta.url)), ".."), "dist");

/** A file of dist/ with its raw and gzipped (level 9) size. */
export function measure(file) {
  const bytes = readFileSync(join(DIST, file));
  return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

/** The first load of the page `html` in dist/: the page and every script, wasm and stylesheet it
 * names (attributes and the inline loader's quoted paths), less those `skip` matches. */
export function firstLoad(html, skip = () => false) {
  const text = readFileSync(join(DIST, html), "utf8");
  const files = new Set([html]);
  for (const m of text.matchAll(/(?:href|src)="(?:\.\/|\/)?([^"?#:]+\.(?:js|wasm|css))"/g)) files.add(m[1]);
  for (const m of text.matchAll(/['"](?:\.\/|\/)?([\w.-]+\.(?:js|wasm))['"]/g)) files.add(m[1]);
  const rows = [...files].filter((f) => !skip(f) && existsSync(join(DIST, f))).map(measure);
  const total = rows.reduce((s, r) => s + r.gzip, 0);
  return { rows, total, raw: rows.reduce((s, r) => s + r.raw, 0) };
}

export function widgetSize() {
  return firstLoad("embed.html");
}

/** Prints a first load (`name`: the script's prefix) and exits non-zero without a wasm or above
 * `budget`. */
export function report(name, { rows, total, raw }, budget) {
  if (process.argv.includes("--json")) console.log(JSON.stringify({ rows, total, raw }, null, 2));
  for (const r of rows) console.log(`${name}: ${r.file} ${r.raw} B, ${r.gzip} B gzipped`);
  console.log(`${name}: first load ${(total / 1024).toFixed(1)} KB gzipped (${(raw / 1024).toFixed(1)} KB raw), budget ${budget / 1024} KB`);
  if (!rows.some((r) => r.file.endsWith(".wasm"))) {
    console.error(`${name}: no wasm found in the page`);
    process.exitCode = 1;
  } else if (total > budget) {
    console.error(`${name}: over budget`);
    process.exitCode = 1;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  report("widget-size", widgetSize(), BUDGET);
}
