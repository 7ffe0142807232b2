// Shared setup of the browser tests: build the example site, serve it on
// loopback, drive Debian's Chromium with playwright-core.
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const TARGET = join(REPO, "target");
export const SCREENSHOTS = join(TARGET, "screenshots");

/** Chromium from Debian (`apt-get install chromium`); CHROMIUM overrides. */
const EXECUTABLE = process.env.CHROMIUM || "/usr/bin/chromium";
const ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

export function launch() {
  return chromium.launch({ executablePath: EXECUTABLE, args: ARGS });
}

/**
 * Builds the example site (the repository root, or `root`) into target/browser/<name>
 * with `extra` options, offline: it runs the `creatorkb` binary through cargo
 * (CREATORKB_BIN overrides), without network access.
 */
export function buildSite(name, extra = [], root = REPO) {
  const out = join(TARGET, "browser", name);
  const args = ["build", "--root", root, "--output", out, ...extra];
  if (process.env.CREATORKB_BIN) {
    execFileSync(process.env.CREATORKB_BIN, args, { stdio: "inherit" });
  } else {
    execFileSync("cargo", ["run", "--quiet", "--locked", "--", ...args], { cwd: REPO, stdio: "inherit" });
  }
  return out;
}

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".svg": "image/svg+xml", ".xml": "application/xml", ".json": "application/json",
  ".txt": "text/plain; charset=utf-8", ".png": "image/png", ".jpg": "image/jpeg", ".csv": "text/csv",
};

/**
 * A tiny static server for `dir` on 127.0.0.1 with a free port: folders
 * serve their index.html, unknown paths the site's 404.html with status 404.
 */
export async function serve(dir) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    let path = join(dir, decodeURIComponent(url.pathname));
    if (!path.startsWith(dir)) { res.writeHead(403).end(); return; }
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, "index.html");
    if (!existsSync(path)) {
      res.writeHead(404, { "content-type": TYPES[".html"] }).end(readFileSync(join(dir, "404.html")));
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(path)] || "application/octet-stream" }).end(readFileSync(path));
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  return { base: `http://127.0.0.1:${port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

/** The file:// URL of a built folder, ending in `/`. */
export function fileBase(dir) {
  return pathToFileURL(dir).href + "/";
}

/** A page that records console errors, uncaught exceptions and failed requests. */
export async function watchedPage(context) {
  const page = await context.newPage();
  page.problems = [];
  page.on("console", (m) => { if (m.type() === "error") page.problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => page.problems.push(`exception: ${e.message}`));
  // net::ERR_ABORTED is the browser cancelling a request itself, e.g. the
  // favicon of a page that a reload replaced: not a request that failed.
  page.on("requestfailed", (r) => {
    const why = r.failure()?.errorText;
    if (why !== "net::ERR_ABORTED") page.problems.push(`request failed: ${r.url()} ${why}`);
  });
  // A broken link to a stylesheet, script or image answers 404 without
  // failing the request: count those too (pages themselves may be the 404
  // page on purpose).
  page.on("response", (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== "document") {
      page.problems.push(`HTTP ${r.status()}: ${r.url()}`);
    }
  });
  return page;
}

export function screenshotPath(name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, `${name}.png`);
}
