// After the two Trunk builds (scripts/build.sh): moves the widget's build (target/dist-embed)
// into dist/ as embed.html beside index.html, and writes dist/sw.js from public/sw.js with the
// list of files to keep for offline use (hashed names change with every build, so the list and
// the cache version are computed here).
import { createHash } from "node:crypto";
import { copyFileSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const embedDist = join(root, "target", "dist-embed");

for (const name of readdirSync(embedDist)) {
  const target = name === "index.html" ? "embed.html" : name;
  copyFileSync(join(embedDist, name), join(dist, target));
}

const shell = readdirSync(dist)
  .filter((name) => name !== "sw.js" && statSync(join(dist, name)).isFile())
  .sort();
const hash = createHash("sha256");
for (const name of shell) hash.update(name).update(readFileSync(join(dist, name)));
const version = hash.digest("hex").slice(0, 16);
const template = readFileSync(join(root, "public", "sw.js"), "utf8");
const files = ["./", ...shell.map((n) => `./${n}`)];
writeFileSync(
  join(dist, "sw.js"),
  template.replace("__VERSION__", version).replace("__SHELL__", JSON.stringify(files)),
);
console.log(`finish-dist: embed.html added; sw.js caches ${files.length} files (version ${version})`);
