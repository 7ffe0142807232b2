//! The command line: `init`, `new`, exit codes, `--help`, the summary line,
//! and no colour unless on a terminal without `NO_COLOR`.

mod common;
use common::{Site, build_into, creatorkb, s};

#[test]
fn init_makes_a_site_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("desk");
    creatorkb(&["init", s(&dir)]).expect_code(0);
    assert!(dir.join("site.yaml").is_file());
    for kind in ["creators", "campaigns", "glossary", "pages"] {
        let files = std::fs::read_dir(dir.join("content").join(kind))
            .unwrap()
            .count();
        assert!(files >= 1, "init made no sample in content/{kind}");
    }
    let r = creatorkb(&["build", "--root", s(&dir)]);
    r.expect_no_panic().expect_code(0);
    assert!(dir.join("output/index.html").is_file());
    creatorkb(&["check", "--root", s(&dir)]).expect_code(0);
}

#[test]
fn init_refuses_a_non_empty_folder() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let r = creatorkb(&["init", s(tmp.path())]);
    r.expect_no_panic().expect_code(1);
    assert!(r.stderr.contains("error"), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("notes.txt")).unwrap(),
        "mine"
    );
    assert!(
        !tmp.path().join("site.yaml").exists(),
        "init wrote into a non-empty folder"
    );
}

#[test]
fn new_creator_builds_and_is_not_overwritten() {
    let site = Site::new();
    let root = s(site.root());
    creatorkb(&["new", "--root", root, "creator", "Léa Martin"]).expect_code(0);
    let path = site.root().join("content/creators/lea-martin.md");
    let text = std::fs::read_to_string(&path).expect("new creator file at lea-martin.md");
    assert!(text.contains("Léa Martin"));

    let (r, out) = site.build(&[]);
    r.expect_no_panic().expect_code(0);
    let page = std::fs::read_to_string(out.join("creators/lea-martin/index.html")).unwrap();
    assert!(page.contains("Léa Martin"));

    std::fs::write(&path, "edited by hand").unwrap();
    let r = creatorkb(&["new", "--root", root, "creator", "Léa Martin"]);
    r.expect_no_panic().expect_code(1);
    assert!(r.stderr.contains("exists"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "edited by hand");
}

#[test]
fn new_term_campaign_and_page_build() {
    let site = Site::new();
    let root = s(site.root());
    for (kind, name, page) in [
        ("term", "Usage Rights", "glossary/usage-rights/index.html"),
        (
            "campaign",
            "Spring Glow 2025",
            "campaigns/spring-glow-2025/index.html",
        ),
        ("page", "About Us", "about-us/index.html"),
    ] {
        creatorkb(&["new", "--root", root, kind, name]).expect_code(0);
        let (r, out) = site.build(&[]);
        r.expect_no_panic().expect_code(0);
        let html = std::fs::read_to_string(out.join(page)).unwrap_or_else(|_| panic!("no {page}"));
        assert!(html.contains(name), "{page} does not show `{name}`");
    }
}

#[test]
fn wrong_command_lines_exit_2() {
    for args in [
        &["frobnicate"][..],
        &["build", "--audience", "everyone"],
        &["check", "--format", "xml"],
        &["build", "--no-such-flag"],
        &["new", "widget", "X"],
        &["new", "creator"],
        &[],
    ] {
        let r = creatorkb(args);
        r.expect_no_panic();
        assert_eq!(r.code, 2, "creatorkb {args:?}: {r:#?}");
    }
}

#[test]
fn help_on_every_command() {
    for cmd in ["build", "check", "serve", "init", "new"] {
        let r = creatorkb(&[cmd, "--help"]);
        r.expect_code(0);
        assert!(
            r.stdout.contains("Usage:") && r.stdout.contains(cmd),
            "{cmd} --help: {r:#?}"
        );
    }
    let r = creatorkb(&["--help"]);
    r.expect_code(0);
    for cmd in ["build", "check", "serve", "init", "new"] {
        assert!(r.stdout.contains(cmd), "--help does not list {cmd}");
    }
}

#[test]
fn summary_goes_to_stderr() {
    let site = Site::new();
    let (r, out) = site.build(&[]);
    r.expect_code(0);
    let pages = common::html_pages(&out).len();
    assert!(r.stdout.is_empty(), "build printed to stdout: {}", r.stdout);
    assert!(
        r.stderr.contains(&format!("built {pages} pages")),
        "no `built {pages} pages` summary in: {}",
        r.stderr
    );
    let r = site.check(&[]);
    r.expect_code(0);
    assert!(r.stdout.is_empty() && !r.stderr.trim().is_empty(), "{r:#?}");
}

#[test]
fn build_uses_root_output_by_default_and_base_url_override() {
    let site = Site::new();
    let r = creatorkb(&[
        "build",
        "--root",
        s(site.root()),
        "--base-url",
        "https://other.example/sub/",
    ]);
    r.expect_code(0);
    let home = std::fs::read_to_string(site.root().join("output/index.html")).unwrap();
    assert!(
        home.contains("https://other.example/sub/"),
        "--base-url is not used"
    );
    let r = build_into(
        site.root(),
        &site.root().join("x"),
        &["--base-url", "not a url"],
    );
    // A wrong value on the command line (docs/cli.md, Exit status).
    r.expect_no_panic().expect_code(2);
    assert!(
        r.stderr.contains("base-url") || r.stderr.contains("base_url"),
        "{}",
        r.stderr
    );
}

fn broken_site() -> Site {
    let site = Site::new();
    site.write(
        "content/creators/bad.md",
        "---\nname: Bad\nstatus: actve\n---\n",
    );
    site
}

#[test]
fn no_colour_when_not_a_terminal() {
    let site = broken_site();
    let mut cmd = common::command();
    cmd.env_remove("NO_COLOR")
        .args(["check", "--root", s(site.root())]);
    let r = common::run(&mut cmd);
    r.expect_code(1);
    assert!(r.stderr.contains("error:"), "{}", r.stderr);
    assert!(
        !r.stderr.contains('\x1b') && !r.stdout.contains('\x1b'),
        "ANSI escapes in piped output"
    );
}

/// Runs `creatorkb ARGS` on a pseudo-terminal with `script`, if it is installed.
fn on_terminal(args: &str, no_color: bool) -> Option<String> {
    let bin = env!("CARGO_BIN_EXE_creatorkb");
    let mut cmd = std::process::Command::new("script");
    cmd.args(["-qec", &format!("{bin} {args}"), "/dev/null"]);
    if no_color {
        cmd.env("NO_COLOR", "1");
    } else {
        cmd.env_remove("NO_COLOR");
    }
    let out = cmd.output().ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn colour_only_on_a_terminal_without_no_color() {
    let site = broken_site();
    let args = format!("check --root {}", s(site.root()));
    let Some(coloured) = on_terminal(&args, false) else {
        eprintln!("`script` is not installed: terminal colour not tested");
        return;
    };
    assert!(coloured.contains("unknown value"), "{coloured}");
    assert!(
        coloured.contains('\x1b'),
        "no colour on a terminal: {coloured:?}"
    );
    let plain = on_terminal(&args, true).unwrap();
    assert!(plain.contains("unknown value"), "{plain}");
    assert!(
        !plain.contains('\x1b'),
        "colour despite NO_COLOR: {plain:?}"
    );
}

#[test]
fn a_team_build_says_it_is_internal_and_init_ignores_its_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("desk");
    creatorkb(&["init", s(&dir)]).expect_code(0);
    let ignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    for line in ["/output", "/output-team", "/.creatorkb-cache/"] {
        assert!(
            ignore.lines().any(|l| l == line),
            "{line} not in:\n{ignore}"
        );
    }
    // The public build says nothing of the kind.
    let r = creatorkb(&["build", "--root", s(&dir)]);
    r.expect_code(0);
    assert!(!r.stderr.contains("INTERNAL"), "{}", r.stderr);
    // Team build into its own folder: internal, no note about output/.
    let team = dir.join("output-team");
    let r = build_into(&dir, &team, &["--audience", "team"]);
    r.expect_code(0);
    assert!(r.stderr.contains("INTERNAL (team) version"), "{}", r.stderr);
    assert!(!r.stderr.contains("note:"), "{}", r.stderr);
    // Team build with the default folder (the contract keeps `<root>/output`):
    // the summary points out where it went.
    let r = creatorkb(&["build", "--root", s(&dir), "--audience", "team"]);
    r.expect_code(0);
    assert!(r.stderr.contains("INTERNAL (team) version"), "{}", r.stderr);
    assert!(
        r.stderr.contains("note:") && r.stderr.contains("--output output-team"),
        "{}",
        r.stderr
    );
    assert!(dir.join("output/index.html").is_file());
}
