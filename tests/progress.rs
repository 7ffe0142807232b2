//! What `build` and `check` print around the work: `--quiet`, `--verbose`
//! stage timings, and the progress bar, drawn only on a terminal and
//! without colour under `NO_COLOR`.

mod common;
use common::{OK_CREATOR, Site, command, run, s};
use std::process::Command;

/// A valid site of two creators.
fn site() -> Site {
    let site = Site::new();
    site.write(
        "content/creators/other.md",
        OK_CREATOR.replace("Valid Person", "Other Person").as_str(),
    );
    site
}

#[test]
fn quiet_prints_nothing_on_success_and_errors_still() {
    let site = site();
    let out = site.root().join("out");
    let r = common::build_into(site.root(), &out, &["--quiet"]);
    r.expect_code(0);
    assert_eq!((r.stdout.as_str(), r.stderr.as_str()), ("", ""), "{r:#?}");
    let r = site.check(&["-q"]);
    r.expect_code(0);
    assert_eq!(r.stderr, "", "{r:#?}");
    // Errors are printed all the same.
    site.write(
        "content/creators/bad.md",
        "---\nname: Bad\nstatus: nope\n---\n",
    );
    let r = site.check(&["--quiet"]);
    r.expect_code(1);
    assert!(r.stderr.contains("content/creators/bad.md:3:"), "{r:#?}");
    assert!(r.stderr.contains("1 error found"), "{r:#?}");
    let r = common::build_into(site.root(), &out, &["--quiet"]);
    r.expect_code(1);
    assert!(r.stderr.contains("content/creators/bad.md:3:"), "{r:#?}");
    // --quiet and --verbose contradict each other.
    site.check(&["--quiet", "--verbose"]).expect_code(2);
}

#[test]
fn verbose_prints_each_stage_timing() {
    let site = site();
    let (r, _) = site.build(&["--verbose"]);
    r.expect_code(0);
    for stage in ["loading", "resolving", "rendering", "writing"] {
        let line = r
            .stderr
            .lines()
            .find(|l| l.starts_with(&format!("timing: {stage} ")))
            .unwrap_or_else(|| panic!("no {stage} timing in {}", r.stderr));
        assert!(line.contains(" ms ("), "{line}");
    }
    assert!(
        r.stderr.contains("timing: loading ") && r.stderr.contains("(2 entries)"),
        "{}",
        r.stderr
    );
    let r = site.check(&["--verbose"]);
    r.expect_code(0);
    assert!(r.stderr.contains("timing: rendering "), "{}", r.stderr);
    assert!(
        !r.stderr.contains("timing: writing "),
        "check writes nothing: {}",
        r.stderr
    );
    // Without --verbose, no timings.
    let (r, _) = site.build(&[]);
    assert!(!r.stderr.contains("timing:"), "{}", r.stderr);
}

#[test]
fn no_bar_and_no_escapes_when_stderr_is_not_a_terminal() {
    let site = site();
    let out = site.root().join("out");
    let r = run(command()
        .env_remove("NO_COLOR")
        .env("CREATORKB_PROGRESS_DELAY_MS", "0")
        .args(["build", "--root", s(site.root()), "--output", s(&out)]));
    r.expect_code(0);
    assert!(
        !r.stderr.contains('\x1b') && !r.stderr.contains('\r'),
        "{:?}",
        r.stderr
    );
    assert!(!r.stderr.contains("rendering"), "{:?}", r.stderr);
    assert!(r.stderr.starts_with("built "), "{:?}", r.stderr);
}

/// Runs `creatorkb ARGS` with stderr on a terminal (util-linux `script`),
/// the bar shown at once; `None` when `script` is missing.
fn on_a_terminal(args: &[&str], no_color: bool) -> Option<String> {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: `script` (util-linux) is not installed, so no terminal can be faked");
        return None;
    }
    let line = std::iter::once(env!("CARGO_BIN_EXE_creatorkb"))
        .chain(args.iter().copied())
        .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
        .collect::<Vec<_>>()
        .join(" ");
    let mut cmd = Command::new("script");
    cmd.args(["-qefc", &line, "/dev/null"])
        .env("CREATORKB_PROGRESS_DELAY_MS", "0")
        .env_remove("CREATORKB_TIMINGS");
    if no_color {
        cmd.env("NO_COLOR", "1");
    } else {
        cmd.env_remove("NO_COLOR").env("TERM", "xterm");
    }
    let out = cmd.output().expect("run script");
    assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Whether `text` holds an SGR (colour) escape sequence: ESC [ digits ; … m.
fn has_colour(text: &str) -> bool {
    text.split('\x1b').skip(1).any(|seq| {
        seq.strip_prefix('[').is_some_and(|rest| {
            let end = rest.find(|c: char| !(c.is_ascii_digit() || c == ';'));
            end.is_some_and(|e| rest[e..].starts_with('m'))
        })
    })
}

#[test]
fn a_terminal_shows_a_bar_by_stage_with_counts() {
    let site = site();
    let out = site.root().join("out");
    let Some(tty) = on_a_terminal(
        &["build", "--root", s(site.root()), "--output", s(&out)],
        false,
    ) else {
        return;
    };
    assert!(
        tty.contains("rendering") && tty.contains(" files"),
        "{tty:?}"
    );
    assert!(tty.contains('\r'), "the bar is redrawn in place: {tty:?}");
    assert!(tty.contains("built "), "{tty:?}");
    assert!(has_colour(&tty), "colours without NO_COLOR: {tty:?}");
}

#[test]
fn no_color_removes_every_colour_escape() {
    let site = site();
    site.write(
        "content/creators/bad.md",
        "---\nname: Bad\nstatus: nope\n---\n",
    );
    let Some(tty) = on_a_terminal(&["check", "--root", s(site.root())], true) else {
        return;
    };
    assert!(
        tty.contains("rendering") || tty.contains("loading") || tty.contains("resolving"),
        "{tty:?}"
    );
    assert!(tty.contains("error"), "{tty:?}");
    assert!(!has_colour(&tty), "a colour escape under NO_COLOR: {tty:?}");
}
