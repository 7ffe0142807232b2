// Sizes of the sharded search index and the bytes a query loads (issue 14
// item 3: a typical one-word query loads < 300 KB at 100k pages, no file over
// 1 MB). Opens the built site's search page from file:// in headless
// Chromium (playwright-core from tests/browser: run `npm ci` there), types
// each query, and adds up the files of the index scripts the page loaded.
//
//   python3 ../shared/bench/gen_corpus.py --creators 60000 --campaigns 30000 --terms 10000 \
//       --seed 7 --format native --out /dev/shm/c100k --force
//   cargo build --release
//   target/release/creatorkb build --root /dev/shm/c100k --output /dev/shm/o100k
//   node bench/search_shards.mjs /dev/shm/o100k [query …]
import { createRequire } from "node:module";
import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const { chromium } = require(resolve(import.meta.dirname, "../tests/browser/node_modules/playwright-core"));
const out = resolve(process.argv[2] || "/dev/shm/o100k");
const queries = process.argv.length > 3 ? process.argv.slice(3)
  : ["lyon", "skincare", "engagement", "martin", "beauty", "campaign", "m", "zz"];
const dir = join(out, "search");
const kb = (n) => (n / 1024).toFixed(1) + " KB";

/** Every file under `d`, with its size. */
function files(d, prefix = "") {
  return readdirSync(d).flatMap((name) => {
    const p = join(d, name), s = statSync(p);
    return s.isDirectory() ? files(p, prefix + name + "/") : [[prefix + name, s.size]];
  });
}
const all = files(dir).filter(([n]) => n.endsWith(".js"));
const size = Object.fromEntries(all);
const group = (g) => all.filter(([n]) => n.startsWith(g));
const largest = (l) => l.reduce((a, b) => (b[1] > a[1] ? b : a), ["-", 0]);
console.log(`| file | count | total | largest |`);
console.log(`|---|---|---|---|`);
console.log(`| manifest \`search/index.js\` | 1 | ${kb(size["index.js"])} | |`);
for (const [label, g] of [["word shards `search/w/`", "w/"], ["document shards `search/d/`", "d/"], ["initials `search/i/`", "i/"]]) {
  const l = group(g);
  const [name, big] = largest(l);
  console.log(`| ${label} | ${l.length} | ${kb(l.reduce((s, [, n]) => s + n, 0))} | ${kb(big)} (${name}) |`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
console.log(`\n| query | results | files loaded | bytes loaded (manifest included) | first results after |`);
console.log(`|---|---|---|---|---|`);
for (const q of queries) {
  // A fresh page per query: nothing cached from the one before.
  const page = await browser.newPage();
  await page.goto(pathToFileURL(join(out, "search/index.html")).href);
  await page.waitForFunction(() => /\d/.test(document.getElementById("search-status").textContent));
  const t0 = Date.now();
  await page.locator("#search-q").fill(q);
  await page.waitForFunction((q) => document.getElementById("search-status").textContent.includes("“" + q + "”"), q);
  const ms = Date.now() - t0;
  const status = await page.locator("#search-status").textContent();
  const loaded = await page.evaluate(() => [...new Set(Array.from(document.querySelectorAll("script[src*='search/']"), (s) => s.getAttribute("src").replace(/^.*search\//, "")))]);
  const bytes = loaded.reduce((s, f) => s + (size[f] || 0), 0);
  const n = (status.match(/[\d,]+(?= results?)/) || ["0"])[0];
  console.log(`| \`${q}\` | ${n} | ${loaded.length} | ${kb(bytes)} | ${ms} ms |`);
  await page.close();
}
await browser.close();
