// Paginated listings, their filters and search on a generated 10k-page site
// (issue #14): bench/gen_corpus.py writes 6,000 creators, 3,000 campaigns
// and 1,000 glossary terms into a temp folder, built once with --offline and
// opened from file:// and from a static server. Expected answers are worked
// out here from the listing's data files, read in Node, independently of
// filters.js. GEN10K_SITE reuses an already generated site folder;
// CREATORKB_GEN10K_BIN builds it with that binary (.ci/run: a release one).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO, TARGET, buildSite, fileBase, launch, serve, watchedPage } from "./helpers.mjs";

let browser, corpus, out;
const sites = {};

before(async () => {
  corpus = process.env.GEN10K_SITE;
  if (!corpus) {
    corpus = mkdtempSync(join(tmpdir(), "creatorkb-10k-"));
    execFileSync("python3", [join(REPO, "bench/gen_corpus.py"), "--creators", "6000", "--campaigns", "3000",
      "--terms", "1000", "--seed", "1", "--format", "native", "--out", corpus, "--force"], { stdio: "ignore" });
  }
  // A debug build takes minutes on 10k pages: .ci/run passes a release binary.
  const bin = process.env.CREATORKB_GEN10K_BIN;
  if (bin) {
    out = join(TARGET, "browser", "gen10k");
    execFileSync(bin, ["build", "--root", corpus, "--output", out, "--offline"], { stdio: "inherit" });
  } else {
    out = buildSite("gen10k", ["--offline"], corpus);
  }
  sites.file = { base: fileBase(out) };
  sites.http = await serve(out);
  browser = await launch();
}, { timeout: 600_000 });

after(async () => {
  await browser?.close();
  await sites.http?.close();
  if (!process.env.GEN10K_SITE && corpus) rmSync(corpus, { recursive: true, force: true });
});

/** A column of a listing's data files, read as the browser would run them. */
function column(listing, name) {
  const dir = join(out, listing, "data");
  const chunks = [];
  const files = readdirSync(dir).filter((f) => f.startsWith(name + "-")).sort((a, b) => parseInt(a.slice(name.length + 1)) - parseInt(b.slice(name.length + 1)));
  for (const f of files) new Function("creatorkbData", readFileSync(join(dir, f), "utf8"))((n, k, values) => { chunks[k] = values; });
  return chunks.flat();
}

function number(text) {
  return +text.replace(/[^\d]/g, "");
}

async function open(site, path) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await watchedPage(context);
  await page.goto(site.base + path);
  await page.waitForFunction(() => window.creatorkbFilters);
  await page.evaluate(() => window.creatorkbFilters.ready);
  return { context, page };
}

const names = (page) => page.locator(".creator-table tbody .creator-cell__name").allTextContents();
const loaded = (page) => page.evaluate(() => Array.from(document.querySelectorAll("script[src*='/data/']"), (s) => s.getAttribute("src").replace(/^.*\/data\//, "")));

for (const mode of ["file", "http"]) {
  describe(`generated 10k site, ${mode === "file" ? "offline build from file://" : "served"}`, () => {
    test("the directory: page 1 of the whole roster, 50 by name, with page links", async () => {
      const text = column("creators", "text");
      const { context, page } = await open(sites[mode], "creators/index.html");
      const total = text.length;
      assert.ok(total > 5000, `${total} creators`);
      assert.equal(number(await page.locator(".filters__count").textContent()), total);
      const shown = await names(page);
      assert.equal(shown.length, 50);
      const pages = Math.ceil(total / 50);
      assert.equal((await page.locator("nav.pagination .pagination__label").textContent()).trim(), `Page 1 of ${pages}`);
      // Compact: 1, 2, 3, …, last.
      assert.deepEqual(await page.locator("nav.pagination li").allTextContents().then((l) => l.map((s) => s.trim())), ["1", "2", "3", "…", String(pages), "Next"]);
      // The rows are the first 50 of the data, in the data's order.
      const first = await page.locator(".creator-table tbody tr").evaluateAll((trs) => trs.map((tr) => tr.dataset.text));
      assert.deepEqual(first, text.slice(0, 50));
      // The last page holds the rest, and its previous link goes back.
      await page.locator(`nav.pagination a:text-is("${pages}")`).click();
      await page.waitForURL(/page\/\d+\//);
      assert.equal(await page.locator(".creator-table tbody tr").count(), total - (pages - 1) * 50);
      assert.equal(await page.locator("link[rel=prev]").count(), 1);
      assert.deepEqual(page.problems, []);
      // No data file loads without a query.
      assert.deepEqual(await loaded(page), []);
      await context.close();
    });

    test("a filtered and sorted directory URL answers over every creator, a page at a time", async () => {
      const network = column("creators", "network"), nets = column("creators", "nets");
      const rate = (s) => { const m = (" " + s).match(/ tiktok:(\d+)/); return m ? +m[1] : 0; };
      const expected = network.map((n, i) => i).filter((i) => (" " + network[i] + " ").includes(" tiktok ") && rate(nets[i]) >= 100000);
      const followers = column("creators", "followers");
      expected.sort((a, b) => followers[b] - followers[a] || a - b);
      const { context, page } = await open(sites[mode], "creators/index.html?network=tiktok&fmin=100000&sort=followers");
      assert.ok(expected.length > 50, `${expected.length} matches`);
      assert.equal(await page.locator(".filters__count").textContent(), `${expected.length.toLocaleString("en")} of ${followers.length.toLocaleString("en")} creators shown`);
      const text = column("creators", "text");
      const rows = () => page.locator(".creator-table tbody tr").evaluateAll((trs) => trs.map((tr) => [tr.dataset.text, +tr.dataset.followers]));
      assert.deepEqual((await rows()).map((r) => r[0]), expected.slice(0, 50).map((i) => text[i]));
      // Only the columns the query reads, and the rows shown.
      const files = await loaded(page);
      const columns = [...new Set(files.filter((f) => !f.startsWith("rows-")).map((f) => f.replace(/-\d+\.js$/, "")))].sort();
      assert.deepEqual(columns, ["followers", "nets", "network"]);
      assert.ok(files.filter((f) => f.startsWith("rows-")).length <= 50, files.join());
      // Page 2 continues the order; the URL says so.
      await page.locator("nav.pagination--results a[rel=next]").click();
      await page.waitForFunction(() => /page=2/.test(location.search));
      await page.waitForFunction(() => !document.getElementById("filters").hasAttribute("aria-busy"));
      assert.deepEqual((await rows()).map((r) => r[0]), expected.slice(50, 100).map((i) => text[i]));
      assert.match(await page.locator("nav.pagination--results .pagination__label").textContent(), /^Page 2 of \d+$/);
      // The same URL opened afresh gives the same page.
      await page.reload();
      await page.evaluate(() => window.creatorkbFilters.ready);
      assert.deepEqual((await rows()).map((r) => r[0]), expected.slice(50, 100).map((i) => text[i]));
      assert.deepEqual(page.problems, []);
      await context.close();
    });

    test("page 2 of a taxonomy term, static and sorted", async () => {
      // The niche with the most creators.
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await watchedPage(context);
      await page.goto(sites[mode].base + "niches/index.html");
      const terms = await page.locator(".tax-list a").evaluateAll((as) => as.map((a) => [a.getAttribute("href"), +a.querySelector(".num").textContent.replace(/\D/g, "")]));
      terms.sort((a, b) => b[1] - a[1]);
      const [href, count] = terms[0];
      assert.ok(count > 100, `${count} creators`);
      const term = href.replace(/^\.\.\//, "").replace(/index\.html$/, "");
      await page.goto(sites[mode].base + term + "page/2/index.html");
      await page.waitForFunction(() => window.creatorkbFilters);
      await page.evaluate(() => window.creatorkbFilters.ready);
      const value = await page.locator("#filters").getAttribute("data-fixed-value");
      const niche = column("creators", "niche"), text = column("creators", "text");
      const members = niche.map((n, i) => i).filter((i) => (" " + niche[i] + " ").includes(" " + value + " "));
      assert.equal(members.length, count);
      const shown = () => page.locator(".creator-table tbody tr").evaluateAll((trs) => trs.map((tr) => tr.dataset.text));
      assert.deepEqual(await shown(), members.slice(50, 100).map((i) => text[i]));
      assert.equal((await page.locator("nav.pagination .pagination__label").textContent()).trim(), `Page 2 of ${Math.ceil(count / 50)}`);
      // Sorted by followers, over every creator of the term.
      await page.selectOption("#f-sort", "followers");
      await page.waitForFunction(() => !document.getElementById("filters").hasAttribute("aria-busy") && /sort=followers/.test(location.search));
      const followers = column("creators", "followers");
      const sorted = [...members].sort((a, b) => followers[b] - followers[a] || a - b);
      assert.deepEqual(await shown(), sorted.slice(0, 50).map((i) => text[i]));
      assert.deepEqual(page.problems, []);
      await context.close();
    });

    test("search finds a creator of the 10k site by name", async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await watchedPage(context);
      await page.goto(sites[mode].base + "creators/page/37/index.html");
      const name = (await names(page))[7];
      await page.goto(sites[mode].base + "search/index.html?q=" + encodeURIComponent(name));
      await page.waitForFunction((n) => Array.from(document.querySelectorAll("#search-results .search-result__title"), (e) => e.textContent).includes(n), name, { timeout: 20_000 });
      const titles = await page.locator("#search-results .search-result__title").allTextContents();
      assert.ok(titles.indexOf(name) >= 0 && titles.indexOf(name) < 5, `${name}: ${titles.slice(0, 5).join(" | ")}`);
      assert.deepEqual(page.problems, []);
      await context.close();
    });
  });
}
