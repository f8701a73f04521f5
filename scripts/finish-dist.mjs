// After the two Trunk builds (scripts/build.sh): moves the widget's build (target/dist-embed)
// into dist/ as embed.html beside index.html, and writes dist/sw.js from public/sw.js with the
// list of files to keep for offline use (hashed names change with every build, so the list and
// the cache version are computed here). The list holds the analyzer's texts in the languages
// other than English (dist/locales/analyzer/, fetched by the page) under the URL the page asks
// for: with `?v=` and the FNV-1a hash of the text, as src/i18n/tables.rs computes it.
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const embedDist = join(root, "target", "dist-embed");

for (const name of readdirSync(embedDist)) {
  const target = name === "index.html" ? "embed.html" : name;
  copyFileSync(join(embedDist, name), join(dist, target));
}

/** FNV-1a, 64 bits, as 16 hex digits (src/i18n/tables.rs: `fnv1a`). */
export function fnv1a(bytes) {
  let hash = 0xcbf29ce484222325n;
  for (const byte of bytes) hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
  return hash.toString(16).padStart(16, "0");
}

const localeDir = join("locales", "analyzer");
const locales = existsSync(join(dist, localeDir))
  ? readdirSync(join(dist, localeDir))
      .filter((name) => name.endsWith(".txt"))
      .sort()
      .map((name) => join(localeDir, name))
  : [];
const shell = readdirSync(dist)
  .filter((name) => name !== "sw.js" && statSync(join(dist, name)).isFile())
  .sort();
const hash = createHash("sha256");
for (const name of [...shell, ...locales]) hash.update(name).update(readFileSync(join(dist, name)));
const version = hash.digest("hex").slice(0, 16);
const template = readFileSync(join(root, "public", "sw.js"), "utf8");
const files = [
  "./",
  ...shell.map((n) => `./${n}`),
  ...locales.map((n) => `./${n}?v=${fnv1a(readFileSync(join(dist, n)))}`),
];
writeFileSync(
  join(dist, "sw.js"),
  template.replace("__VERSION__", version).replace("__SHELL__", JSON.stringify(files)),
);
console.log(`finish-dist: embed.html added; sw.js caches ${files.length} files (version ${version})`);
