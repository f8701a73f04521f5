// Measures the widget's first load: embed.html and every script, wasm and stylesheet it pulls
// in, each gzipped (level 9, as a static host would serve them). Fails above the budget of the
// issue: 150 KB gzipped. Prints one line (recorded in BENCHMARKS.md); `--json` prints JSON.
import { gzipSync } from "node:zlib";
import { readFileSync, existsSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

export const BUDGET = 150 * 1024;
const dist = join(resolve(dirname(fileURLToPath(import.meta.url)), ".."), "dist");

export function widgetSize() {
  const html = readFileSync(join(dist, "embed.html"), "utf8");
  const files = new Set(["embed.html"]);
  for (const m of html.matchAll(/(?:href|src)="(?:\.\/|\/)?([^"?#:]+\.(?:js|wasm|css))"/g)) files.add(m[1]);
  for (const m of html.matchAll(/['"](?:\.\/|\/)?([\w.-]+\.(?:js|wasm))['"]/g)) files.add(m[1]);
  const rows = [...files]
    .filter((f) => existsSync(join(dist, f)))
    .map((f) => {
      const bytes = readFileSync(join(dist, f));
      return { file: f, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    });
  const total = rows.reduce((s, r) => s + r.gzip, 0);
  return { rows, total, raw: rows.reduce((s, r) => s + r.raw, 0) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { rows, total, raw } = widgetSize();
  if (process.argv.includes("--json")) console.log(JSON.stringify({ rows, total, raw }, null, 2));
  for (const r of rows) console.log(`widget-size: ${r.file} ${r.raw} B, ${r.gzip} B gzipped`);
  console.log(`widget-size: first load ${(total / 1024).toFixed(1)} KB gzipped (${(raw / 1024).toFixed(1)} KB raw), budget ${BUDGET / 1024} KB`);
  if (!rows.some((r) => r.file.endsWith(".wasm"))) {
    console.error("widget-size: no wasm found in embed.html");
    process.exit(1);
  }
  if (total > BUDGET) {
    console.error("widget-size: over budget");
    process.exit(1);
  }
}
