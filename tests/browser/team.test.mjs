// The team workspace (#17): the follow-up queue and the pipeline board,
// opened from disk (file://) in an offline team build with a fixed
// --today, in English and French; and a board of 50 campaigns, readable on
// a wide screen and on a 390 px phone without the page scrolling sideways.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TARGET, buildSite, fileBase, launch, screenshotPath, watchedPage } from "./helpers.mjs";

const TODAY = "2026-12-01";
let browser;
let team;
let big;

/** A site of `n` campaigns spread over the stages, each with a few creators. */
function bigSite(n) {
  const root = join(TARGET, "browser", "board-src");
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, "content", "creators"), { recursive: true });
  mkdirSync(join(root, "content", "campaigns"), { recursive: true });
  writeFileSync(join(root, "site.yaml"), "title: Board Desk\nbase_url: https://board.example/\n");
  const statuses = ["shortlisted", "contacted", "replied", "negotiating", "briefed", "in-production", "published"];
  for (let c = 0; c < 12; c++) {
    writeFileSync(join(root, "content", "creators", `creator-${c}.md`), `---\nname: Creator With A Rather Long Name ${c}\nstatus: active\n---\n`);
  }
  const stages = ["objective", "mapping", "outreach", "negotiation", "brief", "production", "approval", "publication", "reporting", "follow-up", "done"];
  for (let i = 0; i < n; i++) {
    const parts = [0, 1, 2, 3].map((k) => `  - {creator: creator-${(i + k * 3) % 12}, status: ${statuses[(i + k) % statuses.length]}}`).join("\n");
    writeFileSync(
      join(root, "content", "campaigns", `campaign-${String(i).padStart(2, "0")}.md`),
      `---\ntitle: "Campaign number ${i}: a fairly long title for a card"\nbrand: Brand ${i % 7}\nobjective: awareness\nstage: ${stages[i % stages.length]}\nstart: 2026-0${1 + (i % 9)}-01\ncreators:\n${parts}\n---\n`,
    );
  }
  return root;
}

before(async () => {
  team = fileBase(buildSite("team-workspace", ["--offline", "--audience", "team", "--today", TODAY]));
  big = fileBase(buildSite("board-50", ["--offline", "--audience", "team", "--today", TODAY], bigSite(50)));
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** The page scrolls sideways. */
const pageOverflows = () => document.documentElement.scrollWidth > window.innerWidth;

describe("follow-up queue", () => {
  for (const lang of ["", "fr/"]) {
    test(`${lang || "en/"}: groups, oldest first, links to creators and campaigns`, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await watchedPage(context);
      await page.goto(`${team}${lang}follow-ups/index.html`);
      // Reached from the team navigation of every page.
      const nav = page.locator(".site-nav a[aria-current='page']");
      assert.match(await nav.getAttribute("href"), /follow-ups\/index\.html$/);
      const groups = await page.locator(".fu-group").evaluateAll((gs) => gs.map((g) => ({
        id: g.id,
        dues: [...g.querySelectorAll(".fu-item__due time")].map((t) => t.getAttribute("datetime")),
      })));
      assert.deepEqual(groups.map((g) => g.id), ["fu-overdue", "fu-this_week", "fu-later"]);
      const [overdue, week, later] = groups;
      assert.ok(overdue.dues.length >= 3, `a few overdue items: ${overdue.dues}`);
      for (const g of groups) assert.deepEqual(g.dues, [...g.dues].sort(), `${g.id} oldest first`);
      assert.ok(overdue.dues.every((d) => d < TODAY) && week.dues.every((d) => d >= TODAY && d <= "2026-12-07") && later.dues.every((d) => d > "2026-12-07"));
      // The example's next: on a participation (overdue) and on a creator (later).
      assert.ok(await page.locator("#fu-overdue .fu-item--next").count() >= 1);
      assert.ok(await page.locator("#fu-later .fu-item--next").count() >= 1);
      // Every item links somewhere, and the links open real pages.
      const items = page.locator(".fu-item");
      const n = await items.count();
      for (let i = 0; i < n; i++) assert.ok(await items.nth(i).locator("a").count() >= 1, `item ${i} has no link`);
      const first = items.first().locator("a").first();
      const name = (await first.textContent()).trim();
      await first.click();
      await page.waitForLoadState();
      assert.equal((await page.locator("h1").first().textContent()).trim(), name);
      assert.deepEqual(page.problems, []);
      await context.close();
    });
  }
});

describe("pipeline board", () => {
  test("columns by stage with counts, participants by status", async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await watchedPage(context);
    await page.goto(`${team}pipeline/index.html`);
    const cols = await page.locator(".board__col").evaluateAll((cs) => cs.map((c) => ({
      id: c.id,
      count: Number(c.querySelector(".board__head .board__count").textContent),
      cards: c.querySelectorAll(".board-card").length,
    })));
    assert.ok(cols.length >= 11);
    for (const c of cols) assert.equal(c.count, c.cards, `${c.id}: the count is the number of cards`);
    const total = cols.reduce((s, c) => s + c.cards, 0);
    await page.goto(`${team}campaigns/index.html`);
    const listed = await page.locator("main a[href*='campaigns/'][href$='index.html']").evaluateAll((as) => new Set(as.map((a) => a.getAttribute("href").split("/").slice(-2, -1)[0]).filter((s) => s !== "campaigns")).size);
    assert.equal(total, listed, "every campaign is on the board once");
    await page.goto(`${team}pipeline/index.html`);
    const card = page.locator("#stage-done .board-card").first();
    assert.ok(await card.locator(".board-card__statuses .pill").count() >= 1);
    assert.deepEqual(page.problems, []);
    await context.close();
  });

  for (const [width, stacked] of [[1400, false], [390, true]]) {
    test(`50 campaigns at ${width}px: readable, no page-level sideways scrolling`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await watchedPage(context);
      await page.goto(`${big}pipeline/index.html`);
      assert.equal(await page.locator(".board-card").count(), 50);
      assert.equal(await page.evaluate(pageOverflows), false, "the page scrolls sideways");
      const layout = await page.locator(".board").evaluate((b) => {
        const cols = [...b.querySelectorAll(".board__col")].map((c) => c.getBoundingClientRect());
        return {
          scrolls: b.scrollWidth > b.clientWidth,
          sameRow: cols.every((r) => Math.abs(r.top - cols[0].top) < 1),
          minWidth: Math.min(...cols.map((r) => r.width)),
        };
      });
      if (stacked) {
        assert.equal(layout.sameRow, false, "columns stack on a phone");
        assert.equal(layout.scrolls, false);
      } else {
        // Side by side, scrolling inside their own box, each wide enough to read.
        assert.equal(layout.sameRow, true);
        assert.equal(layout.scrolls, true);
        assert.ok(layout.minWidth >= 200, `columns ${layout.minWidth}px wide`);
      }
      // Titles are not cut: every card's text fits its card.
      const cut = await page.locator(".board-card").evaluateAll((cs) => cs.filter((c) => c.scrollWidth > c.clientWidth + 1).length);
      assert.equal(cut, 0);
      await page.screenshot({ path: screenshotPath(`pipeline-50-${width}`), fullPage: false });
      assert.deepEqual(page.problems, []);
      await context.close();
    });
  }
});

describe("cost figures", () => {
  test("a recap's costs: every participation, the campaign, the formulas in a visible note", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await watchedPage(context);
    await page.goto(`${team}campaigns/rouleur-gravel-2025/index.html`);
    const rows = await page.locator("#costs tr").evaluateAll((trs) => trs
      .filter((tr) => tr.querySelector("td"))
      .map((tr) => ({
        who: tr.querySelector("th").textContent.trim(),
        cells: [...tr.querySelectorAll("td.cost-cell")].map((td) => td.textContent.trim()),
      })));
    const row = (who) => rows.find((r) => r.who === who)?.cells;
    // The campaign: all four figures, in the budget's currency.
    const whole = row("Whole campaign");
    assert.equal(whole.length, 5);
    assert.ok(whole.every((c) => / EUR$/.test(c)), `whole campaign: ${whole}`);
    // A fee and no results: the fee, then dashes (not 0, not Infinity).
    assert.deepEqual(row("Pauline Chevalier"), ["1,450 EUR", "—", "—", "—", "—"]);
    assert.ok(!rows.some((r) => r.cells.some((c) => /Infinity|NaN|^0(\.0+)? /.test(c))));
    // The formula: a tooltip on each header and a note anyone can read.
    const titles = await page.locator("#costs thead abbr").evaluateAll((as) => as.map((a) => a.title));
    assert.equal(titles.length, 4);
    assert.ok(titles.every((t) => t.includes("÷")), titles.join(" | "));
    const note = page.locator("#cost-note");
    assert.ok(await note.isVisible());
    assert.match(await note.textContent(), /cost ÷ impressions × 1,000/);
    assert.match(await note.textContent(), /sum of its participations’ fees/);
    // The * after each figure's name leads to the note (works on touch).
    await page.locator("#costs thead .cost-ref").first().click();
    assert.ok(page.url().endsWith("#cost-note"));
    // On paper the note stays and the links to it go.
    await page.emulateMedia({ media: "print" });
    assert.ok(await note.isVisible());
    assert.equal(await page.locator("#costs .cost-ref").first().isVisible(), false);
    assert.deepEqual(page.problems, []);
    await context.close();
  });

  for (const lang of ["", "fr/"]) {
    test(`${lang || "en/"}costs page: per brand and objective, one row per currency, from the team nav`, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await watchedPage(context);
      await page.goto(`${team}${lang}costs/index.html`);
      const nav = page.locator(".site-nav a[aria-current='page']");
      assert.match(await nav.getAttribute("href"), /costs\/index\.html$/);
      for (const id of ["costs-brand", "costs-objective", "costs-campaign", "costs-creator"]) {
        assert.ok(await page.locator(`#${id} tbody tr`).count() >= 1, `${id} is empty`);
      }
      const brands = await page.locator("#costs-brand tbody tr").evaluateAll((trs) => trs.map((tr) => ({
        brand: tr.querySelector("th").textContent.trim(),
        currency: tr.querySelector("td").textContent.trim(),
        cells: [...tr.querySelectorAll("td.cost-cell")].map((td) => td.textContent.trim()),
      })));
      // Pixelforge paid in euros and in pounds: two rows, never one sum.
      const pixel = brands.filter((b) => b.brand === "Pixelforge").map((b) => b.currency);
      assert.deepEqual(pixel.sort(), ["EUR", "GBP"]);
      for (const b of brands) {
        for (const c of b.cells) assert.ok(c === "—" || c.endsWith(` ${b.currency}`), `${b.brand}: ${c} in ${b.currency}`);
      }
      const note = await page.locator("#cost-note").textContent();
      assert.match(note, lang ? /coût ÷ impressions × 1\u00a0000/ : /cost ÷ impressions × 1,000/);
      // Rows link to their pages.
      const link = page.locator("#costs-campaign tbody th a").first();
      const name = (await link.textContent()).trim();
      await link.click();
      await page.waitForLoadState();
      assert.equal((await page.locator("h1").first().textContent()).trim(), name);
      assert.deepEqual(page.problems, []);
      await context.close();
    });
  }

  test("a 390 px phone: cost tables scroll in their box, the page does not", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await watchedPage(context);
    for (const path of ["costs/index.html", "campaigns/rouleur-gravel-2025/index.html", "creators/noah-peeters/index.html", "fr/costs/index.html"]) {
      await page.goto(`${team}${path}`);
      assert.equal(await page.evaluate(pageOverflows), false, `${path} scrolls sideways`);
      assert.ok(await page.locator(".cost-table").first().isVisible(), path);
    }
    await page.screenshot({ path: screenshotPath("costs-390"), fullPage: false });
    assert.deepEqual(page.problems, []);
    await context.close();
  });
});

describe("learnings page", () => {
  for (const lang of ["", "fr/"]) {
    test(`${lang || "en/"}: every learning under its brand and its objective, linked to its recap`, async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const page = await watchedPage(context);
      await page.goto(`${team}${lang}learnings/index.html`);
      const nav = page.locator(".site-nav a[aria-current='page']");
      assert.match(await nav.getAttribute("href"), /learnings\/index\.html$/);
      const count = (id) => page.locator(`#${id} .learnings__list li`).count();
      const [byBrand, byObjective] = [await count("learnings-brand"), await count("learnings-objective")];
      assert.ok(byBrand >= 10, `${byBrand} learnings`);
      assert.equal(byBrand, byObjective, "each learning once per grouping");
      // Each group's campaigns link to recaps; brands are in order.
      const brands = await page.locator("#learnings-brand > .learn-group h3 a").evaluateAll((as) => as.map((a) => a.textContent.trim()));
      assert.deepEqual(brands, [...brands].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" })));
      const campaigns = await page.locator("#learnings-brand .learn-campaign__title a").count();
      assert.equal(campaigns, await page.locator("#learnings-objective .learn-campaign__title a").count());
      assert.equal(await page.evaluate(pageOverflows), false, "the page scrolls sideways");
      const link = page.locator("#learnings-objective .learn-campaign__title a").first();
      const name = (await link.textContent()).trim();
      await link.click();
      await page.waitForLoadState();
      assert.equal((await page.locator("h1").first().textContent()).trim(), name);
      assert.deepEqual(page.problems, []);
      await context.close();
    });
  }
});
