// Browser tests of the example site (content/ at the repository root) in
// headless Chromium: search, directory filters, charts, keyboard use and
// console errors, against an offline build opened from file:// and a normal
// build served on 127.0.0.1. Screenshots of every page kind go to
// target/screenshots/. Run: cd tests/browser && npm ci && npm test
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { buildSite, fileBase, launch, screenshotPath, serve, watchedPage } from "./helpers.mjs";

/** One page of each kind: [kind, path in a served build]. */
const KINDS = [
  ["home", ""],
  ["creators", "creators/"],
  ["creator", "creators/lea-martin/"],
  ["campaigns", "campaigns/"],
  ["campaign", "campaigns/spring-glow-2025/"],
  ["glossary", "glossary/"],
  ["term", "glossary/engagement-rate/"],
  ["page", "about/"],
  ["taxonomy", "niches/"],
  ["taxonomy-term", "niches/skincare/"],
  ["search", "search/?q=lea"],
  ["404", "no-such-page/"],
];

let browser;
const sites = {};

before(async () => {
  sites.file = { base: fileBase(buildSite("offline", ["--offline"])), offline: true };
  const served = serve(buildSite("served"));
  sites.http = { ...(await served), offline: false };
  sites.team = { base: fileBase(buildSite("team-offline", ["--offline", "--audience", "team"])), offline: true };
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await sites.http?.close();
});

/** URL of a served-style `path` in `site` (offline builds end folders in index.html). */
function url(site, path) {
  if (!site.offline) return site.base + path;
  const [p, q] = path.split("?");
  const file = p === "" || p.endsWith("/") ? p + "index.html" : p;
  return site.base + file + (q ? "?" + q : "");
}

async function open(site, path, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await watchedPage(context);
  await page.goto(url(site, path));
  return { context, page };
}

/** Visible result titles of the search page. */
function titles(page) {
  return page.locator("#search-results .search-result__title").allTextContents();
}

for (const mode of ["file", "http"]) {
  describe(`${mode === "file" ? "offline build from file://" : "build served on 127.0.0.1"}`, () => {
    test("search finds a creator from an accent-less prefix, ranked first, highlighted", async () => {
      const { context, page } = await open(sites[mode], "search/");
      await page.locator("#search-q").pressSequentially("lea");
      // Shards load per keystroke: wait for the answer to the whole word.
      await page.locator("#search-status", { hasText: "“lea”" }).waitFor();
      await page.locator("#search-results li").first().waitFor();
      const first = page.locator("#search-results .search-result").first();
      assert.equal(await first.locator(".search-result__title").textContent(), "Léa Martin");
      assert.equal(await first.locator(".search-result__kind").textContent(), "Creator");
      assert.equal(await first.locator(".search-result__title mark").first().textContent(), "Léa");
      assert.match(await page.locator("#search-status").textContent(), /results? for “lea”/);
      // Capitals and accents in the query do not matter either.
      await page.locator("#search-q").fill("ÉLODIE");
      assert.equal((await titles(page))[0], "Élodie Garnier");
      assert.deepEqual(page.problems, []);
      await context.close();
    });

    test("search finds a glossary term and a campaign while typing", async () => {
      const { context, page } = await open(sites[mode], "search/");
      await page.locator("#search-q").pressSequentially("engagement ra");
      await page.locator("#search-status", { hasText: "“engagement ra”" }).waitFor();
      await page.locator("#search-results li").first().waitFor();
      const term = page.locator("#search-results .search-result").first();
      assert.equal(await term.locator(".search-result__title").textContent(), "Engagement rate");
      assert.equal(await term.locator(".search-result__kind").textContent(), "Glossary");
      await page.locator("#search-q").fill("spring glo");
      const hit = page.locator("#search-results .search-result").first();
      assert.match(await hit.locator(".search-result__title").textContent(), /^Spring Glow/);
      assert.equal(await hit.locator(".search-result__kind").textContent(), "Campaign");
      // The query is in the URL, so the view can be shared and reloaded.
      assert.match(page.url(), /\?q=spring(\+|%20)glo$/);
      await page.reload();
      assert.equal(await page.locator("#search-q").inputValue(), "spring glo");
      assert.match((await titles(page))[0], /^Spring Glow/);
      assert.deepEqual(page.problems, []);
      await context.close();
    });

    test("?q= pre-fills the search, and a result opened by keyboard lands on its page", async () => {
      const { context, page } = await open(sites[mode], "search/?q=verveine");
      await page.locator("#search-results li").first().waitFor();
      assert.equal(await page.locator("#search-q").inputValue(), "verveine");
      await page.locator("#search-q").fill("lea mart");
      await page.locator("#search-q").press("ArrowDown");
      const focused = await page.evaluate(() => document.activeElement.textContent);
      assert.match(focused, /Léa Martin/);
      await Promise.all([page.waitForURL(/creators\/lea-martin\//), page.keyboard.press("Enter")]);
      assert.equal(await page.locator("h1").textContent(), "Léa Martin");
      if (sites[mode].offline) assert.match(page.url(), /creators\/lea-martin\/index\.html$/);
      assert.deepEqual(page.problems, []);
      await context.close();
    });

    test("the header box suggests results on any page and leads to the search page", async () => {
      const { context, page } = await open(sites[mode], "glossary/");
      await page.locator("#site-search-q").pressSequentially("lea");
      const panel = page.locator(".site-search__panel");
      // Each keystroke answers in turn ("l", "le", "lea") as its shards load:
      // wait for the answer to the whole word.
      await panel.locator(".search-result__title", { hasText: "Léa Martin" }).first().waitFor();
      assert.equal(await panel.locator(".search-result__title").first().textContent(), "Léa Martin");
      await Promise.all([page.waitForURL(/search\/(index\.html)?\?q=lea$/), panel.locator(".site-search__all").click()]);
      assert.equal((await titles(page))[0], "Léa Martin");
      // Escape closes the suggestions and gives the focus back to the box.
      await page.goBack();
      await page.locator("#site-search-q").fill("spring");
      await panel.locator(".search-result").first().waitFor();
      await page.locator("#site-search-q").press("ArrowDown");
      await page.keyboard.press("Escape");
      assert.equal(await panel.isHidden(), true);
      assert.equal(await page.evaluate(() => document.activeElement.id), "site-search-q");
      assert.deepEqual(page.problems, []);
      await context.close();
    });

    test("directory filters narrow the table and survive a reload via the URL", async () => {
      const { context, page } = await open(sites[mode], "creators/");
      const rows = page.locator(".creator-table tbody tr:visible");
      const all = await rows.count();
      assert.ok(all > 5, `only ${all} creators`);
      await page.selectOption("#f-network", "tiktok");
      await page.selectOption("#f-fmin", "100000");
      const narrowed = await rows.count();
      assert.ok(narrowed > 0 && narrowed < all, `${narrowed} of ${all}`);
      assert.equal(await page.locator(".filters__count").textContent(), `${narrowed} of ${all} creators shown`);
      // Every shown creator has a TikTok account over 100K (the chips say so).
      for (const chips of await rows.locator("td[data-label^='Networks']").allTextContents()) {
        const m = chips.match(/TikTok\s+([\d.]+)([KM]?)/);
        assert.ok(m, chips);
        const n = parseFloat(m[1]) * (m[2] === "M" ? 1e6 : m[2] === "K" ? 1e3 : 1);
        assert.ok(n >= 100000, chips);
      }
      assert.match(page.url(), /\?network=tiktok&fmin=100000$/);
      await page.reload();
      assert.equal(await page.locator("#f-network").inputValue(), "tiktok");
      assert.equal(await rows.count(), narrowed);
      // Sorting by followers puts the largest audience first.
      await page.selectOption("#f-sort", "followers");
      const counts = (await rows.evaluateAll((trs) => trs.map((tr) => +tr.dataset.followers)));
      assert.deepEqual(counts, [...counts].sort((a, b) => b - a));
      // Clearing brings every row back and empties the query.
      await page.getByRole("button", { name: "Clear filters" }).click();
      await page.waitForFunction(() => !location.search);
      assert.equal(await rows.count(), all);
      assert.deepEqual(page.problems, []);
      await context.close();
    });

    test("an engagement sort with a network chosen ranks by that network's rate", async () => {
      const { context, page } = await open(sites[mode], "creators/?network=instagram&sort=engagement");
      const rows = page.locator(".creator-table tbody tr:visible");
      assert.equal(await page.locator("#f-sort").inputValue(), "engagement");
      const shown = await rows.evaluateAll((trs) => trs.map((tr) => ({
        network: tr.dataset.network.split(" "),
        rates: Object.fromEntries(tr.dataset.rates.split(" ").filter(Boolean).map((p) => [p.split(":")[0], +p.split(":")[1]])),
        blend: tr.dataset.engagement === "" ? -1 : +tr.dataset.engagement,
      })));
      assert.ok(shown.length > 3 && shown.every((r) => r.network.includes("instagram")), `${shown.length} rows`);
      const ig = shown.map((r) => ("instagram" in r.rates ? r.rates.instagram : -1));
      // Instagram rates, highest first; creators without one last.
      assert.deepEqual(ig, [...ig].sort((a, b) => b - a));
      // The content makes the blended order differ, so the test tells them apart.
      const blend = shown.map((r) => r.blend);
      assert.notDeepEqual(blend, [...blend].sort((a, b) => b - a));
      // Without a network, the blended rate ranks.
      await page.selectOption("#f-network", "");
      const all = await rows.evaluateAll((trs) => trs.map((tr) => (tr.dataset.engagement === "" ? -1 : +tr.dataset.engagement)));
      assert.deepEqual(all, [...all].sort((a, b) => b - a));
      assert.deepEqual(page.problems, []);
      await context.close();
    });

    test("the search index loads in shards, only the ones a query needs", async () => {
      const { context, page } = await open(sites[mode], "search/");
      await page.waitForFunction(() => /\d/.test(document.getElementById("search-status").textContent));
      const loaded = () => page.evaluate(() => Array.from(document.querySelectorAll("script[src*='search/']"), (s) => s.getAttribute("src").replace(/^.*search\//, ""))).then((l) => [...new Set(l)]);
      assert.deepEqual(await loaded(), ["index.js"]);
      // A one-letter query reads the titles' initials, then the documents shown.
      await page.locator("#search-q").fill("m");
      await page.locator("#search-results li").first().waitFor();
      const first = await titles(page);
      assert.match(first[0], /^M/);
      assert.ok((await loaded()).includes("i/6d.js"), (await loaded()).join());
      await page.locator("#search-q").fill("verveine");
      await page.waitForFunction(() => /verveine/.test(document.getElementById("search-status").textContent));
      assert.ok((await titles(page)).some((t) => /Verveine/.test(t)));
      const files = await loaded();
      const words = files.filter((f) => f.startsWith("w/")), docs = files.filter((f) => f.startsWith("d/"));
      assert.ok(words.length >= 1 && words.length <= 3, files.join());
      assert.ok(docs.length >= 1, files.join());
      const count = await page.evaluate(() => window.creatorkbSearch.docs);
      assert.ok(docs.length * 16 < count, `${docs.length} document shards for ${count} documents`);
      assert.deepEqual(page.problems, []);
      await context.close();
    });

    test("campaign filters narrow the list, with the state in the URL", async () => {
      const { context, page } = await open(sites[mode], "campaigns/?brand=maison-verveine");
      const rows = page.locator(".campaign-table tbody tr:visible");
      assert.equal(await page.locator("#f-brand").inputValue(), "maison-verveine");
      const brands = await rows.locator("td[data-label='Brand']").allTextContents();
      assert.ok(brands.length >= 2 && brands.every((b) => b === "Maison Verveine"), brands.join());
      await page.selectOption("#f-stage", "done");
      assert.ok((await rows.count()) <= brands.length);
      assert.match(page.url(), /brand=maison-verveine&stage=done/);
      assert.deepEqual(page.problems, []);
      await context.close();
    });

    test("no console error, exception or failed request on any page kind", async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      for (const [kind, path] of KINDS) {
        // The 404 page links from the site's root path: it is for servers.
        if (kind === "404" && sites[mode].offline) continue;
        const page = await watchedPage(context);
        const response = await page.goto(url(sites[mode], path));
        await page.waitForLoadState("load");
        if (kind === "search") await page.locator("#search-results li").first().waitFor();
        let problems = page.problems;
        if (kind === "404") {
          // The document itself answers 404, which Chromium reports once; its
          // stylesheet and scripts must still load.
          assert.equal(response.status(), 404);
          problems = problems.filter((p) => !/status of 404/.test(p) || problems.indexOf(p) !== 0);
          assert.equal(await page.locator("h1").count(), 1);
          assert.notEqual(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), "rgba(0, 0, 0, 0)");
        }
        assert.deepEqual(problems, [], `${kind} (${path})`);
        await page.close();
      }
      await context.close();
    });
  });
}

describe("offline build from file://, continued", () => {
  test("charts are inline SVG with a text alternative, drawn in light and dark", async () => {
    for (const colorScheme of ["light", "dark"]) {
      const { context, page } = await open(sites.file, "creators/lea-martin/", { colorScheme });
      const chart = page.locator("svg.chart").first();
      assert.equal(await chart.getAttribute("role"), "img");
      assert.match(await chart.locator("desc").textContent(), /Response rate: .*roster average/);
      // Bars take their colour from the theme, which differs between schemes.
      const fill = await chart.locator(".chart__bar").first().evaluate((e) => getComputedStyle(e).fill);
      const text = await chart.locator(".chart__label").first().evaluate((e) => getComputedStyle(e).fill);
      assert.notEqual(fill, "none");
      assert.equal(text, colorScheme === "dark" ? "rgb(228, 233, 239)" : "rgb(24, 33, 43)");
      await context.close();
    }
  });

  test("charts fit a phone screen", async () => {
    const { context, page } = await open(sites.file, "campaigns/spring-glow-2025/", { viewport: { width: 360, height: 740 } });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
    const box = await page.locator("svg.chart").first().boundingBox();
    assert.ok(box.width > 250 && box.x + box.width <= 360, JSON.stringify(box));
    await context.close();
  });

  test("without JavaScript the full directory is there and the filter bar stays hidden", async () => {
    const { context, page } = await open(sites.file, "creators/", { javaScriptEnabled: false });
    const rows = await page.locator(".creator-table tbody tr").count();
    assert.equal(await page.locator(".creator-table tbody tr:visible").count(), rows);
    assert.equal(await page.locator("#filters").isHidden(), true);
    await context.close();
  });

  test("team build: status and owner filters", async () => {
    const { context, page } = await open(sites.team, "creators/");
    const rows = page.locator(".creator-table tbody tr:visible");
    const all = await rows.count();
    await page.selectOption("#f-status", "active");
    const active = await rows.count();
    assert.ok(active > 0 && active < all);
    for (const s of await rows.locator("td[data-label='Status']").allTextContents()) assert.equal(s.trim(), "Active");
    await page.selectOption("#f-status", "");
    await page.selectOption("#f-owner", "margaux-vidal");
    for (const s of await rows.locator("td[data-label='Owner']").allTextContents()) assert.equal(s.trim(), "Margaux Vidal");
    assert.deepEqual(page.problems, []);
    await context.close();
  });

  test("screenshots of every page kind, phone and desktop, light and dark", async () => {
    const sizes = [["desktop", 1280, 900], ["phone", 390, 844]];
    for (const colorScheme of ["light", "dark"]) {
      for (const [size, width, height] of sizes) {
        const context = await browser.newContext({ viewport: { width, height }, colorScheme });
        const page = await watchedPage(context);
        for (const [kind, path] of KINDS) {
          if (kind === "404") continue; // root-relative links: see the served test
          await page.goto(url(sites.file, kind === "creators" ? "creators/?network=tiktok&fmin=100000" : path));
          if (kind === "search") await page.locator("#search-results li").first().waitFor();
          await page.screenshot({ path: screenshotPath(`${kind}-${size}-${colorScheme}`), fullPage: true });
        }
        assert.deepEqual(page.problems, []);
        await context.close();
      }
    }
  });
});
