// Search and directory-filter latency in headless Chromium (issue 5 targets:
// first results < 50 ms after a keystroke, filtering < 50 ms), plus the
// index size. Uses playwright-core from tests/browser (run `npm ci` there).
//
//   python3 ../shared/bench/gen_corpus.py --creators 6000 --campaigns 3000 --terms 1000 \
//       --seed 1 --format native --out /dev/shm/c10k --force
//   cargo run --release -- build --root /dev/shm/c10k --output /dev/shm/o10k
//   node bench/search_bench.mjs /dev/shm/o10k
//
// Each timing is performance.now() in the page, from just before the input
// event is dispatched to the end of the next animation frame (so style and
// layout of the new results are included).
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const { chromium } = require(resolve(import.meta.dirname, "../tests/browser/node_modules/playwright-core"));
const out = resolve(process.argv[2] || "/dev/shm/o10k");
const base = pathToFileURL(out).href + "/";

const index = readFileSync(join(out, "search/index.js"));
const kb = (n) => (n / 1024).toFixed(0) + " KB";
console.log(`search/index.js: ${kb(index.length)} raw, ${kb(gzipSync(index, { level: 6 }).length)} gzip -6, ${kb(gzipSync(index, { level: 9 }).length)} gzip -9`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${q(0.5).toFixed(1)} ms, p90 ${q(0.9).toFixed(1)} ms, max ${s[s.length - 1].toFixed(1)} ms (n=${s.length})`;
}

// Time from a dispatched event to the end of the next frame, in the page.
const TIMED = `window.__timed = (el, type, value) => new Promise((done) => {
  const t0 = performance.now();
  if (value !== undefined) el.value = value;
  el.dispatchEvent(new Event(type, { bubbles: true }));
  const sync = performance.now() - t0;
  requestAnimationFrame(() => setTimeout(() => done([sync, performance.now() - t0]), 0));
});`;

// ---- search page ----
let t = Date.now();
await page.goto(base + "search/index.html");
await page.waitForFunction(() => document.getElementById("search-status").textContent.startsWith("Type"));
console.log(`search page: index loaded and ready in ${Date.now() - t} ms (navigation included)`);
await page.evaluate(TIMED);
const queries = ["lea", "martin", "beauty", "engagement rate", "spring glow", "creee", "paris skincare", "zzz"];
const first = [], frame = [], syncs = [];
for (const q of queries) {
  await page.evaluate(() => { const i = document.getElementById("search-q"); i.value = ""; i.dispatchEvent(new Event("input", { bubbles: true })); });
  for (let k = 1; k <= q.length; k++) {
    const [sync, total] = await page.evaluate(([v]) => window.__timed(document.getElementById("search-q"), "input", v), [q.slice(0, k)]);
    syncs.push(sync);
    frame.push(total);
    if (k === 1) first.push(total);
  }
}
console.log(`search, first keystroke to painted results: ${stats(first)} [${first.map((x, i) => queries[i][0] + " " + x.toFixed(0)).join(", ")}]`);
console.log(`search, every keystroke to painted results: ${stats(frame)}`);
console.log(`search, every keystroke, script only: ${stats(syncs)}`);

// ---- creator directory ----
t = Date.now();
await page.goto(base + "creators/index.html");
await page.waitForFunction(() => window.creatorkbFilters);
console.log(`directory: ${await page.locator(".filters__count").textContent()}, ready in ${Date.now() - t} ms (navigation included)`);
await page.evaluate(TIMED);
const steps = [["f-network", "tiktok"], ["f-fmin", "100000"], ["f-country", "france"], ["f-ontime", "0.8"], ["f-sort", "followers"],
  ["f-sort", "engagement"], ["f-country", ""], ["f-network", ""], ["f-fmin", ""], ["f-ontime", ""], ["f-sort", ""]];
const filt = [];
for (let round = 0; round < 3; round++) {
  for (const [id, v] of steps) {
    const [, total] = await page.evaluate(([id, v]) => window.__timed(document.getElementById(id), "change", v), [id, v]);
    filt.push(total);
  }
}
console.log(`directory, filter or sort change to painted table: ${stats(filt)}`);
await browser.close();
