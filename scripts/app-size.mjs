// Measures the analyzer page's first load: index.html and every script, wasm and stylesheet it
// pulls in, each gzipped at level 9 (scripts/widget-size.mjs measures the same way). Not counted:
// the analysis worker (worker*.js, worker_bg.wasm: its own thread, spawned by the page) and the
// analyzer's texts in a language other than English (locales/analyzer/*.txt, fetched before the
// page is first shown in that language); their gzipped sizes are printed beside it. Fails above
// issue 16's budget: 500 KB gzipped. `--json` prints JSON.
import { readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DIST, firstLoad, measure, report } from "./widget-size.mjs";

export const APP_BUDGET = 500 * 1024;

const isWorker = (file) => /^worker[\w.-]*\.(?:js|wasm)$/.test(file);

export function appSize() {
  return firstLoad("index.html", isWorker);
}

/** The analyzer tables fetched later, one row per language other than English. */
export function localeTables() {
  const dir = join(DIST, "locales", "analyzer");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => measure(`locales/analyzer/${f}`));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  report("app-size", appSize(), APP_BUDGET);
  for (const r of localeTables()) console.log(`app-size: later, ${r.file} ${r.raw} B, ${r.gzip} B gzipped`);
}
