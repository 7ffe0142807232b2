// Layout of the default theme on every screen and on paper: no page scrolls
// sideways and nothing sticks out of its card, for every page kind, at phone,
// tablet and desktop widths, light and dark, public and team builds, English
// and French; recaps and profiles print on A4 within the page.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { buildSite, fileBase, launch, screenshotPath, serve, watchedPage } from "./helpers.mjs";

/** One page of each kind, as a path under a language's prefix (and the 404 page, served). */
const KINDS = [
  ["home", "index.html"],
  ["creators", "creators/index.html"],
  ["creator", "creators/lea-martin/index.html"],
  ["campaigns", "campaigns/index.html"],
  ["campaign", "campaigns/spring-glow-2025/index.html"],
  ["glossary", "glossary/index.html"],
  ["term", "glossary/engagement-rate/index.html"],
  ["page", "about/index.html"],
  ["taxonomy", "niches/index.html"],
  ["taxonomy-term", "niches/skincare/index.html"],
  ["search", "search/index.html?q=lea"],
];
/** Team builds only (#17): the follow-up queue, the pipeline board, costs and learnings. */
const TEAM_KINDS = [
  ["follow-ups", "follow-ups/index.html"],
  ["pipeline", "pipeline/index.html"],
  ["costs", "costs/index.html"],
  ["learnings", "learnings/index.html"],
];
const WIDTHS = [360, 390, 768, 1400];
const SCHEMES = ["light", "dark"];
const LANGS = ["", "fr/"];

/** Surfaces whose content must stay inside them. */
const CARDS = ".card, .panel, .tile, .table-wrap, .chart-figure, .filters, .search-result, .learnings, .definition, .faq__item, .data-table tbody tr, .profile-card__team, .board, .board__col, .cost-note, .learn-group";

/**
 * Everything that sticks out, as readable strings: the page itself wider
 * than the window, or an element past the edge of the card that holds it
 * (content that scrolls inside its own box, below that card, is that box's
 * business: the box itself must fit).
 */
function overflows(cardSelector) {
  const out = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth) out.push(`page is ${doc.scrollWidth}px wide in a ${window.innerWidth}px window`);
  const name = (e) => e.tagName.toLowerCase() + (e.id ? `#${e.id}` : "") + (typeof e.className === "string" && e.className ? "." + e.className.trim().split(/\s+/).join(".") : "");
  const scrolls = (e) => /auto|scroll/.test(getComputedStyle(e).overflowX);
  for (const card of document.querySelectorAll(cardSelector)) {
    const box = card.getBoundingClientRect();
    if (box.width === 0) continue;
    // A card inside a box that scrolls sideways (a table row on a wide
    // screen) is held by that box.
    let up = card.parentElement, held = false;
    while (up && up !== document.body) { if (scrolls(up)) { held = true; break; } up = up.parentElement; }
    if (held) continue;
    if (box.right > window.innerWidth + 0.5) out.push(`${name(card)} ends at ${Math.round(box.right)}px, past the window`);
    if (scrolls(card)) continue;
    for (const e of card.querySelectorAll("*")) {
      // Inside a scrolling box of its own within this card: that box is checked.
      let p = e.parentElement, scrolled = false;
      while (p && p !== card) { if (scrolls(p)) { scrolled = true; break; } p = p.parentElement; }
      if (scrolled) continue;
      const r = e.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const cs = getComputedStyle(e);
      if (cs.position === "absolute" || cs.position === "fixed" || cs.visibility === "hidden") continue;
      const past = Math.max(r.right - box.right, box.left - r.left);
      if (past > 1) out.push(`${name(e)} sticks ${Math.round(past)}px out of ${name(card)}`);
    }
  }
  return out;
}

let browser;
const sites = {};
/** The same builds on 127.0.0.1, for the 404 pages (their links start at the site's root). */
const servers = {};

before(async () => {
  const dirs = { public: buildSite("layout-public", ["--offline"]), team: buildSite("layout-team", ["--offline", "--audience", "team", "--today", "2026-12-01"]) };
  for (const [audience, dir] of Object.entries(dirs)) {
    sites[audience] = fileBase(dir);
    servers[audience] = await serve(dir);
  }
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const s of Object.values(servers)) await s.close();
});

describe("layout: no sideways scrolling, nothing out of its card", () => {
  for (const audience of ["public", "team"]) {
    for (const width of WIDTHS) {
      test(`${audience} build at ${width}px, light and dark, en and fr`, async () => {
        const problems = [];
        for (const colorScheme of SCHEMES) {
          const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
          const page = await watchedPage(context);
          for (const lang of LANGS) {
            for (const [kind, path] of audience === "team" ? [...KINDS, ...TEAM_KINDS] : KINDS) {
              await page.goto(sites[audience] + lang + path);
              if (kind === "search") await page.locator("#search-results li").first().waitFor();
              for (const p of await page.evaluate(overflows, CARDS)) problems.push(`${lang}${kind} (${colorScheme}): ${p}`);
            }
            await page.goto(`${servers[audience].base}${lang}404.html`);
            for (const p of await page.evaluate(overflows, CARDS)) problems.push(`${lang}404 (${colorScheme}): ${p}`);
          }
          assert.deepEqual(page.problems, []);
          await context.close();
        }
        assert.deepEqual(problems, []);
      });
    }
  }
});

describe("print on A4", () => {
  // A4 is 210 mm wide: 794 CSS px. The print style's margins are 1.6 cm
  // (60 px) each side, so pages are laid out in 673 px: check that width.
  const A4 = 794;
  const PRINTABLE = A4 - 2 * Math.round((1.6 / 2.54) * 96);
  for (const audience of ["public", "team"]) {
    test(`${audience} recap and profile${audience === "team" ? ", costs and learnings" : ""} fit the width of A4 and print to PDF`, async () => {
      const context = await browser.newContext({ viewport: { width: PRINTABLE, height: 1123 } });
      const page = await watchedPage(context);
      const printed = [
        ...KINDS.filter(([k]) => k === "creator" || k === "campaign"),
        ...(audience === "team" ? TEAM_KINDS.filter(([k]) => k === "costs" || k === "learnings") : []),
      ];
      for (const [kind, path] of printed) {
        for (const lang of LANGS) {
          await page.goto(sites[audience] + lang + path);
          await page.emulateMedia({ media: "print" });
          const problems = await page.evaluate(overflows, CARDS);
          assert.deepEqual(problems, [], `${audience} ${lang}${kind}`);
          // What a printout leaves out: navigation, search, filters.
          for (const hidden of [".site-nav", ".site-search", ".breadcrumbs", ".site-footer"]) {
            const shown = await page.locator(hidden).evaluateAll((es) => es.some((e) => e.getClientRects().length > 0));
            assert.equal(shown, false, `${hidden} is printed on ${lang}${kind}`);
          }
          const pdf = await page.pdf({ format: "A4", printBackground: true });
          assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
          // Every page of the PDF is A4: 595 × 842 pt (Chromium rounds the
          // inches up a little).
          const boxes = [...pdf.toString("latin1").matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)];
          assert.ok(boxes.length > 0, "no page in the PDF");
          for (const [, w, h] of boxes) assert.ok(Math.abs(w - 595.3) < 1.5 && Math.abs(h - 841.9) < 1.5, `a ${w} × ${h} pt page`);
          if (lang === "") await page.screenshot({ path: screenshotPath(`print-${kind}-${audience}`), fullPage: true });
          await page.emulateMedia({ media: "screen" });
        }
      }
      assert.deepEqual(page.problems, []);
      await context.close();
    });
  }
});
