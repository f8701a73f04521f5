// Browser benchmark: a generated order export (1 M rows by default) uploaded through the release
// build in headless Chromium. Prints the worker's read speed (MB/s), the analysis time, the time
// until the results are on screen (the descriptive report, shown first: as this script sees it,
// polling every 50 ms, and on the page's clock from the file input's change to the first frame
// painted with them) and until the models' figures are, the longest task the page's own thread ran meanwhile
// (PerformanceObserver "longtask") and the peak of the summed resident memory of all Chromium
// processes (sampled every 50 ms; also their proportional set size, which counts a page shared
// by several processes once). Then, in the same page, the peers on the same file:
// PapaParse parsing it (in chunks, rows counted) and DuckDB-wasm computing only the
// per-customer summary (`read_csv` + `GROUP BY` customer: orders, revenue, first and last
// date), both from npm at the versions package.json pins. Each round opens a fresh browser;
// medians of the rounds and the ratios come last.
// Run after `scripts/build.sh`:
//   node scripts/bench-browser.mjs [ROWS] [--runs N] [--no-peers] [--sections] [--dist DIR]
//                                  [--trace] [--shopify] [--newest-first] [--settle MS]
// --settle MS waits MS milliseconds after the page has loaded before dropping the file.
// --shopify reads a wide export shaped like Shopify's instead (79 columns, a row per line item,
// ROWS orders of ≈ 1.9 line items: 1,030,000 make 1 GB), from the same generator.
// --newest-first reads the same rows in the opposite order (the newest order first, as many
// shops export them).
// --dist serves another build (e.g. a copy of dist/ from another commit, to compare builds in
// alternating runs).
// --sections also opens every section and scrolls the customer table (first round), reporting
// the longest task of each.
// --trace records a Chromium trace of the first round, from the drop until the models' figures
// are shown, into target/bench/trace.json, and prints what each task over 50 ms on the page's
// thread spent its time on (the trace opens in Chromium's Performance panel).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, serveDist, openPage } from "../tests/e2e/harness.mjs";

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const rows = Number(argv.find((a, i) => /^\d+$/.test(a) && argv[i - 1] !== "--runs") ?? 1_000_000);
const distIndex = argv.indexOf("--dist");
const distDir = distIndex >= 0 ? argv[distIndex + 1] : undefined;
const runs = option("--runs", 3);
const peers = !flag("--no-peers");
const dir = join(process.env.CARGO_TARGET_DIR || join(ROOT, "target"), "bench");
mkdirSync(dir, { recursive: true });
const shopify = flag("--shopify");
const newestFirst = flag("--newest-first");
const file = join(dir, `${shopify ? "shopify" : "orders"}${newestFirst ? "-newest-first" : ""}-${rows}.csv`);
if (!existsSync(file)) {
  const kind = [...(shopify ? ["--shopify"] : []), ...(newestFirst ? ["--newest-first"] : [])];
  execFileSync("cargo", ["run", "--quiet", "--release", "-p", "clv-engine", "--example", "generate_export", "--", ...kind, String(rows), file], {
    stdio: "inherit",
    cwd: ROOT,
  });
}
const size = statSync(file).size;
const modules = join(ROOT, "node_modules");

/** Summed resident memory (bytes) of every process below this one whose name is Chromium's;
 * with `proportional`, their proportional set size instead (each shared page split between the
 * processes sharing it: Chromium's processes share most of their libraries, so the plain sum
 * counts an idle browser's ≈ 0.3 GB about three times). */
function chromiumRss(proportional = false) {
  const parent = new Map();
  const names = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      names.set(entry, stat.slice(stat.indexOf("(") + 1, close));
      parent.set(entry, stat.slice(close + 2).split(" ")[1]);
    } catch {}
  }
  const mine = (pid) => {
    for (let p = pid, depth = 0; p && p !== "0" && depth < 20; p = parent.get(p), depth++) {
      if (p === String(process.pid)) return true;
    }
    return false;
  };
  let total = 0;
  for (const [pid, name] of names) {
    if (pid === String(process.pid) || !/chrom/i.test(name) || !mine(pid)) continue;
    try {
      if (proportional) {
        const pss = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8").match(/^Pss:\s+(\d+)/m);
        total += pss ? Number(pss[1]) * 1024 : 0;
      } else {
        total += Number(readFileSync(`/proc/${pid}/statm`, "utf8").split(" ")[1]) * 4096;
      }
    } catch {}
  }
  return total;
}

/** Samples chromiumRss every 50 ms; `peak()` gives the highest since the last `reset()`. */
function sampler() {
  let peak = 0;
  let peakPss = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, chromiumRss());
    peakPss = Math.max(peakPss, chromiumRss(true));
  }, 50);
  return {
    reset: () => {
      peak = chromiumRss();
      peakPss = chromiumRss(true);
    },
    peak: () => Math.max(peak, chromiumRss()),
    peakPss: () => Math.max(peakPss, chromiumRss(true)),
    stop: () => clearInterval(timer),
  };
}

/** The peers' files, served to the page under /bench-lib/ from node_modules. */
const LIBS = {
  "papaparse.min.js": join(modules, "papaparse", "papaparse.min.js"),
  "arrow.js": join(modules, "apache-arrow", "Arrow.es2015.min.js"),
  "duckdb-browser.mjs": join(modules, "@duckdb", "duckdb-wasm", "dist", "duckdb-browser.mjs"),
  "duckdb-browser-eh.worker.js": join(modules, "@duckdb", "duckdb-wasm", "dist", "duckdb-browser-eh.worker.js"),
  "duckdb-eh.wasm": join(modules, "@duckdb", "duckdb-wasm", "dist", "duckdb-eh.wasm"),
};

/** The tasks over 50 ms on the page's main thread in a Chromium trace, each with the events
 * inside it that took 3 ms or more (name, milliseconds, and the script or function when
 * the trace names one). */
function longTasksOf(trace) {
  const events = trace.traceEvents ?? trace;
  const main = new Set(
    events
      .filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain")
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const on = (e) => main.has(`${e.pid}:${e.tid}`) && e.ph === "X" && typeof e.dur === "number";
  const tasks = events.filter((e) => on(e) && e.name === "RunTask" && e.dur > 50_000);
  let start = Infinity;
  for (const e of events) if (e.ts > 0 && e.ts < start) start = e.ts;
  return tasks.map((task) => {
    const inside = events
      .filter(
        (e) =>
          on(e) && e !== task && e.pid === task.pid && e.tid === task.tid && e.ts >= task.ts &&
          e.ts + e.dur <= task.ts + task.dur && e.dur >= 3_000,
      )
      .sort((a, b) => a.ts - b.ts)
      .map((e) => {
        const data = e.args?.data ?? {};
        const what = data.functionName || data.url || data.type || "";
        return `${e.name}${what ? ` (${String(what).slice(-60)})` : ""} ${(e.dur / 1000).toFixed(1)} ms at +${((e.ts - task.ts) / 1000).toFixed(1)}`;
      });
    return {
      ms: +(task.dur / 1000).toFixed(1),
      at_seconds: +((task.ts - start) / 1e6).toFixed(2),
      inside,
      functions: functionsIn(events, task),
    };
  });
}

/** Where a task's time went by function, from the V8 CPU profile of the trace (its samples
 * within the task): the functions on the stack in most samples ("inclusive", names shortened;
 * WebAssembly functions are named only in a build whose name section is kept, e.g. with
 * `data-wasm-opt="0"`). */
function functionsIn(events, task) {
  const profiles = new Map();
  for (const e of events) {
    if (e.pid !== task.pid || (e.name !== "Profile" && e.name !== "ProfileChunk")) continue;
    const key = e.id;
    if (!profiles.has(key)) profiles.set(key, { tid: null, time: 0, nodes: new Map(), samples: [] });
    const p = profiles.get(key);
    const data = e.args?.data ?? {};
    if (e.name === "Profile") {
      p.tid = e.tid;
      p.time = data.startTime ?? 0;
      continue;
    }
    for (const n of data.cpuProfile?.nodes ?? []) p.nodes.set(n.id, n);
    const ids = data.cpuProfile?.samples ?? [];
    const deltas = data.timeDeltas ?? [];
    for (let k = 0; k < ids.length; k++) {
      p.time += deltas[k] ?? 0;
      p.samples.push([p.time, ids[k]]);
    }
  }
  const profile = [...profiles.values()].find((p) => p.tid === task.tid);
  if (!profile) return [];
  const counts = new Map();
  let total = 0;
  for (const [time, id] of profile.samples) {
    if (time < task.ts || time > task.ts + task.dur) continue;
    total++;
    const seen = new Set();
    for (let n = profile.nodes.get(id); n; n = profile.nodes.get(n.parent)) {
      const name = (n.callFrame?.functionName || "(anonymous)").replace(/::h[0-9a-f]{16}$/, "").slice(-90);
      if (seen.has(name)) continue;
      seen.add(name);
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 40)
    .map(([name, n]) => `${Math.round((100 * n) / Math.max(total, 1))} % ${name}`);
}

async function round(server, first) {
  const { browser, page, context, consoleErrors, close } = await openPage(server.url, { bypassCSP: true });
  const tracing = first && flag("--trace");
  await context.route("**/bench-lib/*", (route) => {
    const name = new URL(route.request().url()).pathname.split("/").pop();
    const type = name.endsWith(".wasm") ? "application/wasm" : "text/javascript";
    return route.fulfill({ path: LIBS[name], contentType: type });
  });
  const memory = sampler();
  const out = {};
  try {
    await page.evaluate(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push(e.duration);
      }).observe({ type: "longtask", buffered: true });
    });
    // --settle MS drops the file that long after the page has loaded (a visitor picks a file
    // seconds after, when the page's worker has started); by default at once, as the figures
    // of BENCHMARKS.md were measured.
    await page.waitForTimeout(option("--settle", 0));
    await page.evaluate(() => (window.__longTasks.length = 0));
    memory.reset();
    const before = Math.round(chromiumRss() / 1e6);
    const beforePss = Math.round(chromiumRss(true) / 1e6);
    if (tracing) {
      await browser.startTracing(page, {
        categories: [
          "devtools.timeline",
          "disabled-by-default-devtools.timeline",
          "v8",
          "v8.execute",
          "blink",
          "toplevel",
          "disabled-by-default-v8.cpu_profiler",
        ],
      });
    }
    // In the page: when the file input changed (the drop) and when the results were first
    // painted (the first animation frame that finds them), on the page's own clock; no round
    // trip to this script and no polling interval in between.
    await page.evaluate(() => {
      window.__dropAt = null;
      window.__resultsAt = null;
      const input = document.querySelector('[data-testid="file-input"]');
      input.addEventListener("change", () => (window.__dropAt ??= performance.now()), { capture: true, once: true });
      const seen = () => document.querySelector('[data-testid="timings"]') || document.querySelector('[role="alert"]');
      // Checked once a frame: the first frame that paints the results.
      const frame = () => (seen() ? (window.__resultsAt = performance.now()) : requestAnimationFrame(frame));
      requestAnimationFrame(frame);
    });
    const t0 = Date.now();
    await page.locator('[data-testid="file-input"]').setInputFiles(file);
    const timings = page.locator('[data-testid="timings"]');
    // The results, or the message of a file the tab does not keep (more orders than its limit).
    await page.waitForFunction(
      () => document.querySelector('[data-testid="timings"]') || document.querySelector('[role="alert"]'),
      null,
      { timeout: 600_000, polling: 50 },
    );
    out.wall_seconds_until_results = (Date.now() - t0) / 1000;
    const inPage = await page.waitForFunction(() => window.__resultsAt != null && [window.__dropAt, window.__resultsAt], null, { timeout: 10_000 });
    const [dropAt, resultsAt] = await inPage.jsonValue();
    out.page_seconds_until_results = dropAt == null ? null : (resultsAt - dropAt) / 1000;
    out.peak_memory_mb = Math.round(memory.peak() / 1e6);
    out.memory_before_drop_mb = before;
    out.peak_pss_mb = Math.round(memory.peakPss() / 1e6);
    out.pss_before_drop_mb = beforePss;
    if ((await timings.count()) === 0) {
      out.stopped = (await page.locator('[role="alert"]').first().textContent()).trim();
      out.console_errors = consoleErrors;
      return out;
    }
    // The descriptive report is on screen first; the models' figures follow.
    out.summary_seconds = Number(await timings.getAttribute("data-summary-ms")) / 1000;
    await page.locator('[data-testid="timings"][data-models-pending="false"]').waitFor({ timeout: 600_000 });
    out.wall_seconds_until_models = (Date.now() - t0) / 1000;
    out.pareto_nbd_in_helper = (await timings.getAttribute("data-helper")) === "true";
    out.peak_memory_mb = Math.round(memory.peak() / 1e6);
    out.peak_pss_mb = Math.round(memory.peakPss() / 1e6);
    const bytes = Number(await timings.getAttribute("data-bytes"));
    out.read_seconds = Number(await timings.getAttribute("data-read-ms")) / 1000;
    out.read_mb_per_s = bytes / 1e6 / out.read_seconds;
    out.analyse_seconds = Number(await timings.getAttribute("data-analyse-ms")) / 1000;
    // The worker's wasm memory once the file was read and once the report was built (it
    // never shrinks: the high-water mark), and all Chromium's memory before the drop.
    out.worker_memory_read_mb = Math.round(Number(await timings.getAttribute("data-memory-read")) / 1e6);
    out.worker_memory_analysed_mb = Math.round(Number(await timings.getAttribute("data-memory-analysed")) / 1e6);
    const longTasks = await page.evaluate(() => window.__longTasks);
    if (tracing) {
      const trace = await browser.stopTracing();
      const path = join(dir, "trace.json");
      writeFileSync(path, trace);
      out.trace = path;
      out.traced_long_tasks = longTasksOf(JSON.parse(trace.toString("utf8")));
    }
    out.customers = await page.locator('[data-testid="kpi-customers"]').innerText();
    out.ui_longest_task_ms = Math.round(Math.max(0, ...longTasks));
    if (first && flag("--sections")) {
      // Every section, and a scroll through the customer table: the longest task each takes.
      out.ui_longest_task_ms_per_section = {};
      for (const key of ["customers", "rfm", "value", "channels", "cohorts", "predictions", "win-back", "overview"]) {
        await page.evaluate(() => (window.__longTasks.length = 0));
        await page.locator(`[data-testid="section-${key}"]`).click();
        await page.locator(`[data-testid="panel-${key}"]`).waitFor();
        if (key === "customers") {
          await page.waitForFunction(() => document.querySelectorAll('[data-testid="customer-table"] .vspace .vrow').length > 0);
          for (let i = 1; i <= 20; i++) {
            await page.locator('[data-testid="customer-table"] .vbody').evaluate((el, f) => (el.scrollTop = el.scrollHeight * f), i / 20);
            await page.waitForTimeout(50);
          }
        }
        if (key === "predictions") {
          await page.locator('[data-testid="validation-verdict"]').waitFor({ timeout: 120_000 }).catch(() => {});
        }
        await page.waitForTimeout(500);
        const tasks = await page.evaluate(() => window.__longTasks);
        out.ui_longest_task_ms_per_section[key] = Math.round(Math.max(0, ...tasks));
      }
    }
    if (peers) {
      // The same file in a file input of the same page.
      await page.evaluate(() => {
        const input = document.createElement("input");
        input.type = "file";
        input.id = "bench-file";
        input.style.display = "none";
        document.body.appendChild(input);
      });
      await page.locator("#bench-file").setInputFiles(file);
      await page.addScriptTag({ url: "/bench-lib/papaparse.min.js" });
      memory.reset();
      const papa = await page.evaluate(
        () =>
          new Promise((done) => {
            const file = document.getElementById("bench-file").files[0];
            const t0 = performance.now();
            let rows = 0;
            window.Papa.parse(file, {
              chunkSize: 1 << 20,
              skipEmptyLines: true,
              chunk: (result) => (rows += result.data.length),
              complete: () => done({ ms: performance.now() - t0, rows }),
            });
          }),
      );
      out.papaparse_seconds = papa.ms / 1000;
      out.papaparse_rows = papa.rows;
      out.papaparse_mb_per_s = size / 1e6 / out.papaparse_seconds;
      out.papaparse_peak_memory_mb = Math.round(memory.peak() / 1e6);
      // DuckDB-wasm: its module imports "apache-arrow", which a page cannot resolve by that
      // name, so Arrow's browser build is loaded first and the import pointed at a module made
      // from it.
      await page.addScriptTag({ url: "/bench-lib/arrow.js" });
      memory.reset();
      // Shopify's export: one row per line item, the order's total on its first row only.
      const sql = shopify
        ? 'SELECT lower("Email") AS customer, count(DISTINCT "Name") AS orders, sum("Total") AS revenue, ' +
          'min("Created at") AS first_order, max("Created at") AS last_order ' +
          "FROM read_csv('orders.csv') GROUP BY customer"
        : "SELECT lower(email) AS customer, count(*) AS orders, sum(total) AS revenue, " +
          "min(created_at) AS first_order, max(created_at) AS last_order " +
          "FROM read_csv('orders.csv') GROUP BY customer";
      const duck = await page.evaluate(async (sql) => {
        const arrow = window.Arrow;
        const names = Object.keys(arrow).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k));
        const shim = `const A = globalThis.Arrow;\n${names.map((k) => `export const ${k} = A.${k};`).join("\n")}\nexport default A;`;
        const shimUrl = URL.createObjectURL(new Blob([shim], { type: "text/javascript" }));
        const source = await (await fetch("/bench-lib/duckdb-browser.mjs")).text();
        const patched = source.replaceAll('"apache-arrow"', JSON.stringify(shimUrl));
        const duckdb = await import(URL.createObjectURL(new Blob([patched], { type: "text/javascript" })));
        const t0 = performance.now();
        const worker = new Worker(new URL("/bench-lib/duckdb-browser-eh.worker.js", location.href));
        const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
        await db.instantiate(new URL("/bench-lib/duckdb-eh.wasm", location.href).href);
        const conn = await db.connect();
        const t1 = performance.now();
        const file = document.getElementById("bench-file").files[0];
        await db.registerFileHandle("orders.csv", file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
        const result = await conn.query(sql);
        const t2 = performance.now();
        return { start_ms: t1 - t0, query_ms: t2 - t1, customers: result.numRows };
      }, sql);
      out.duckdb_start_seconds = duck.start_ms / 1000;
      out.duckdb_summary_seconds = duck.query_ms / 1000;
      out.duckdb_customers = duck.customers;
      out.duckdb_peak_memory_mb = Math.round(memory.peak() / 1e6);
    }
    out.console_errors = consoleErrors;
  } finally {
    memory.stop();
    await close();
  }
  return out;
}

const server = await serveDist(distDir);
const results = [];
try {
  for (let i = 0; i < runs; i++) {
    const r = await round(server, i === 0);
    console.error(`round ${i + 1}: ${JSON.stringify(r)}`);
    results.push(r);
  }
} finally {
  server.stop();
}
const median = (key) => {
  const v = results.map((r) => r[key]).filter((x) => typeof x === "number").sort((a, b) => a - b);
  return v.length ? v[Math.floor(v.length / 2)] : null;
};
const round2 = (x) => (x == null ? null : +x.toFixed(2));
const summary = {
  rows,
  megabytes: +(size / 1e6).toFixed(1),
  rounds: runs,
  load_average: readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" "),
  customers: results[0].customers,
  stopped: results[0].stopped,
  read_seconds: round2(median("read_seconds")),
  read_mb_per_s: round2(median("read_mb_per_s")),
  summary_seconds: round2(median("summary_seconds")),
  analyse_seconds: round2(median("analyse_seconds")),
  wall_seconds_until_results: round2(median("wall_seconds_until_results")),
  page_seconds_until_results: round2(median("page_seconds_until_results")),
  wall_seconds_until_models: round2(median("wall_seconds_until_models")),
  peak_memory_mb: median("peak_memory_mb"),
  memory_before_drop_mb: median("memory_before_drop_mb"),
  peak_pss_mb: median("peak_pss_mb"),
  pss_before_drop_mb: median("pss_before_drop_mb"),
  worker_memory_read_mb: median("worker_memory_read_mb"),
  worker_memory_analysed_mb: median("worker_memory_analysed_mb"),
  ui_longest_task_ms: Math.max(...results.map((r) => r.ui_longest_task_ms)),
  ui_longest_task_ms_per_section: results[0].ui_longest_task_ms_per_section,
  traced_long_tasks: results[0].traced_long_tasks,
  console_errors: results.flatMap((r) => r.console_errors),
};
if (peers) {
  Object.assign(summary, {
    papaparse_seconds: round2(median("papaparse_seconds")),
    papaparse_mb_per_s: round2(median("papaparse_mb_per_s")),
    papaparse_rows: results[0].papaparse_rows,
    duckdb_start_seconds: round2(median("duckdb_start_seconds")),
    duckdb_summary_seconds: round2(median("duckdb_summary_seconds")),
    duckdb_customers: results[0].duckdb_customers,
    duckdb_peak_memory_mb: median("duckdb_peak_memory_mb"),
    // Ratios of the medians: above 1 means the page is faster.
    parse_ratio_vs_papaparse: round2(median("read_mb_per_s") / median("papaparse_mb_per_s")),
    analysis_ratio_vs_duckdb_summary: round2(
      median("duckdb_summary_seconds") / (median("read_seconds") + median("analyse_seconds")),
    ),
  });
}
console.log(JSON.stringify(summary, null, 2));
