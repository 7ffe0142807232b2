// `creatorkb serve` in headless Chromium: a tab on a profile reloads by
// itself after the profile's file is saved, and the directory (rendered
// after that reload) shows the edit as soon as the reader goes there.
// A broken edit shows the overlay, whose text is never read as HTML, and a
// file name cannot forge one.
// Runs on a copy of the example site in a temporary folder.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO, launch, watchedPage } from "./helpers.mjs";

let browser, server, root, base;

/** Starts `creatorkb serve --port 0` on `dir`; resolves to its address. */
function startServe(dir) {
  const args = ["serve", "--root", dir, "--port", "0"];
  const child = process.env.CREATORKB_BIN
    ? spawn(process.env.CREATORKB_BIN, args)
    : spawn("cargo", ["run", "--quiet", "--locked", "--", ...args], { cwd: REPO });
  child.stderrText = "";
  child.stderr.on("data", (d) => { child.stderrText += d; });
  return new Promise((ok, fail) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/serving (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) ok({ child, base: m[1] });
    });
    child.on("exit", (code) => fail(new Error(`serve exited (${code}): ${child.stderrText}`)));
  });
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), "creatorkb-serve-"));
  for (const part of ["site.yaml", "content", "static", "themes"]) {
    cpSync(join(REPO, part), join(root, part), { recursive: true });
  }
  ({ child: server, base } = await startServe(root));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (root) rmSync(root, { recursive: true, force: true });
});

test("a saved profile reloads its open tab, and the directory follows", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await watchedPage(context);
  // The live-reload script says which page it is on.
  const subscribed = page.waitForRequest((r) => r.url().includes("/__creatorkb/events"));
  await page.goto(base + "creators/lea-martin/");
  const events = new URL((await subscribed).url());
  assert.equal(events.searchParams.get("page"), "/creators/lea-martin/");
  // Let the server take the subscription before the edit.
  await page.waitForTimeout(300);

  const file = join(root, "content/creators/lea-martin.md");
  const text = readFileSync(file, "utf8");
  const reloaded = page.waitForEvent("load", { timeout: 15000 });
  writeFileSync(file, text.replace("name: Léa Martin", "name: Léa Martin-Durand"));
  await reloaded;
  assert.equal(await page.locator("#profile-name").textContent(), "Léa Martin-Durand");

  // The directory was rendered after the reload went out: following the
  // menu gets the new version, never the old one.
  await page.locator(".site-nav a", { hasText: "Creators" }).first().click();
  await page.waitForURL(/\/creators\/$/);
  const names = await page.locator("a.creator-cell__name[href$='creators/lea-martin/']").allTextContents();
  assert.ok(names.some((n) => n.includes("Léa Martin-Durand")), `directory shows: ${names}`);
  assert.deepEqual(page.problems, []);
  assert.doesNotMatch(server.stderrText, /panicked|error:/);
  await context.close();
});

test("the overlay shows problems as text, and a file name cannot forge one", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const subscribed = page.waitForRequest((r) => r.url().includes("/__creatorkb/events"));
  await page.goto(base + "creators/lea-martin/");
  await subscribed;
  await page.waitForTimeout(300);
  await page.evaluate(() => { window.__pwned = 0; });

  const file = join(root, "content/creators/lea-martin.md");
  const good = readFileSync(file, "utf8");
  const evil = "<img src=x onerror=window.__pwned=1>";
  writeFileSync(file, good.replace("---\n", `---\n"${evil}": 1\n`));
  const overlay = page.locator("#__creatorkb_overlay");
  await overlay.waitFor({ timeout: 15000 });
  assert.ok((await overlay.textContent()).includes(evil), await overlay.textContent());
  assert.equal(await overlay.locator("img").count(), 0, "markup in a message stays text");
  assert.equal(await page.evaluate(() => window.__pwned), 0);

  const reloaded = page.waitForEvent("load", { timeout: 15000 });
  writeFileSync(file, good);
  await reloaded;
  assert.equal(await overlay.count(), 0);

  // A stylesheet whose name holds a whole `problems` event.
  await page.evaluate(() => { window.__pwned = 0; });
  const forged = 'x\n\nevent: problems\ndata: <div id="__creatorkb_overlay"><img src=x onerror=window.__pwned=1>\n\n.css';
  writeFileSync(join(root, "static", forged), "a{}");
  await page.waitForTimeout(1500);
  assert.equal(await overlay.count(), 0, "no forged overlay");
  assert.equal(await page.evaluate(() => window.__pwned), 0);
  assert.doesNotMatch(server.stderrText, /panicked/);
  await context.close();
});
