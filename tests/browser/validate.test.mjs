// Every page of the example site, public and team builds, validates with the
// W3C Nu HTML checker (npm `vnu-jar`, which needs Java: `java` on the PATH,
// or JAVA overrides) with zero errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { buildSite } from "./helpers.mjs";

const vnu = createRequire(import.meta.url)("vnu-jar");

test("every page of both builds passes the Nu HTML checker with zero errors", () => {
  const dirs = [buildSite("vnu-public"), buildSite("vnu-team", ["--audience", "team"])];
  let report = "";
  try {
    // --skip-non-html: only the pages; --errors-only: warnings are advice.
    execFileSync(process.env.JAVA || "java", ["-jar", vnu, "--skip-non-html", "--errors-only", "--format", "gnu", ...dirs], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    // vnu exits non-zero when it reports an error, and reports on stderr.
    report = `${e.stderr || ""}${e.stdout || ""}` || String(e);
  }
  assert.equal(report.trim(), "", `the Nu checker found errors:\n${report}`);
});
