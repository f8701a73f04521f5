// Trunk post_build hook: adds a sha256 hash of every inline <script> of the built index.html to
// the Content-Security-Policy's script-src, so the policy can stay 'self'-only without
// 'unsafe-inline'. Runs on the staged file (TRUNK_STAGING_DIR) before Trunk moves it to dist/.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("csp-hashes: TRUNK_STAGING_DIR is not set (run me as a Trunk hook)");
  process.exit(1);
}
const file = join(dir, "index.html");
let html = readFileSync(file, "utf8");
const hashes = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
  (m) => `'sha256-${createHash("sha256").update(m[1], "utf8").digest("base64")}'`,
);
const csp = /(<meta http-equiv="Content-Security-Policy" content="[^"]*script-src 'self' 'wasm-unsafe-eval')([^;"]*)/;
if (!csp.test(html)) {
  console.error("csp-hashes: no Content-Security-Policy with script-src 'self' 'wasm-unsafe-eval' in index.html");
  process.exit(1);
}
html = html.replace(csp, (_, head) => [head, ...hashes].join(" "));
writeFileSync(file, html);
console.log(`csp-hashes: ${hashes.length} inline script hash(es) added`);
