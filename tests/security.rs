//! Attacks and accidents found by adversarial testing (issue #15): each test
//! reproduces one and checks it is refused, escaped or filtered.

mod common;
use common::{Site, build_into, creatorkb, s};
use std::path::Path;

/// The site's own files, to compare before and after a refused build.
fn sources(root: &Path) -> Vec<String> {
    let mut v: Vec<String> = common::read_tree(root).into_keys().collect();
    v.sort();
    v
}

#[test]
fn build_refuses_an_output_that_would_delete_the_site() {
    let site = Site::new();
    site.write("static/logo.txt", "logo")
        .write("themes/mine/templates/.keep", "")
        .write("i18n/fr.yaml", "{}\n");
    let root = site.root();
    let before = sources(root);
    let outside = tempfile::tempdir().unwrap();
    let file = outside.path().join("notes.txt");
    std::fs::write(&file, "mine").unwrap();
    let cases = [
        root.to_path_buf(),
        root.join("."),
        root.join("content"),
        root.join("content/creators"),
        root.join("static"),
        root.join("themes"),
        root.join("i18n/out"),
        root.join("out/../content"),
        root.parent().unwrap().to_path_buf(),
        std::path::PathBuf::from("/"),
        file.clone(),
    ];
    for out in &cases {
        let r = build_into(root, out, &[]);
        r.expect_no_panic();
        assert_eq!(r.code, 2, "--output {out:?} was not refused: {r:#?}");
        assert!(
            r.stderr.contains("--output"),
            "no clear message for {out:?}: {}",
            r.stderr
        );
        assert_eq!(sources(root), before, "--output {out:?} changed the site");
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    // `--output` given relative to the current folder, from inside the site.
    let mut cmd = common::command();
    cmd.current_dir(root).args(["build", "--output", "."]);
    let r = common::run(&mut cmd);
    r.expect_no_panic().expect_code(2);
    assert_eq!(sources(root), before);
}

#[test]
fn build_refuses_a_folder_of_other_files_but_replaces_its_own_output() {
    let site = Site::new();
    let out = site.root().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("thesis.odt"), "years of work").unwrap();
    site.build(&[]).0.expect_no_panic().expect_code(2);
    assert!(out.join("thesis.odt").is_file());
    std::fs::remove_file(out.join("thesis.odt")).unwrap();
    // An empty folder, then the previous output, are fine.
    site.build(&[]).0.expect_code(0);
    site.build(&[]).0.expect_code(0);
    assert!(out.join("index.html").is_file());
}

#[test]
fn build_removes_staging_folders_of_killed_builds() {
    let site = Site::new();
    let out = site.root().join("out");
    site.build(&[]).0.expect_code(0);
    // Folders a killed build leaves: ids of processes that do not exist
    // (above the kernel's largest pid).
    for stale in [".out.new-4194305", ".out.old-4194306"] {
        std::fs::create_dir_all(site.root().join(stale).join("creators")).unwrap();
        std::fs::write(site.root().join(stale).join("index.html"), "stale").unwrap();
    }
    site.build(&[]).0.expect_code(0);
    let left: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".out"))
        .collect();
    assert!(left.is_empty(), "stale staging folders kept: {left:?}");
    assert_ne!(
        std::fs::read_to_string(out.join("index.html")).unwrap(),
        "stale"
    );
}

#[test]
fn a_killed_build_never_leaves_the_site_without_an_output() {
    let site = Site::new();
    for i in 0..300 {
        site.write(
            &format!("content/creators/c{i}.md"),
            &format!("---\nname: Person {i}\nstatus: active\n---\nBody {i}.\n"),
        );
    }
    let out = site.root().join("out");
    site.build(&[]).0.expect_code(0);
    // Kill builds at different moments; a complete output must remain.
    for delay_ms in [5u64, 20, 40, 60, 80, 100, 130, 160, 200, 260] {
        let mut child = common::command()
            .args(["build", "--root", s(site.root()), "--output", s(&out)])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        assert!(
            out.join("index.html").is_file() || restored_by_next_build(&site, &out),
            "no output after a build killed at {delay_ms} ms"
        );
    }
    site.build(&[]).0.expect_code(0);
    assert!(out.join("creators/c299/index.html").is_file());
}

/// Whether the next run puts a complete output back (the fallback for
/// systems that cannot swap two folders in one step).
fn restored_by_next_build(site: &Site, out: &Path) -> bool {
    // A build that fails still restores the output moved aside.
    site.write(
        "content/creators/zz-broken.md",
        "---\nname: X\nstatus: nope\n---\n",
    );
    site.build(&[]).0.expect_code(1);
    site.remove("content/creators/zz-broken.md");
    out.join("index.html").is_file()
}

#[test]
fn exit_codes_agree_with_the_docs() {
    let site = Site::new();
    let root = s(site.root());
    // Wrong values on the command line: status 2.
    for args in [
        &["new", "--root", root, "creator", ""][..],
        &["new", "--root", root, "creator", "   "],
        &["build", "--root", root, "--base-url", "not a url"],
        &[
            "build",
            "--root",
            root,
            "--base-url",
            "javascript:alert(1)//x",
        ],
    ] {
        let r = creatorkb(args);
        r.expect_no_panic();
        assert_eq!(r.code, 2, "creatorkb {args:?}: {r:#?}");
        assert!(r.stderr.contains("error"), "{}", r.stderr);
    }
    assert!(!site.root().join("output").exists());
    let docs = std::fs::read_to_string(common::example_root().join("docs/cli.md")).unwrap();
    let row = docs
        .lines()
        .find(|l| l.starts_with("| `2` |"))
        .expect("docs/cli.md has an exit status table");
    assert!(
        row.contains("empty name") && row.contains("--base-url") && row.contains("--output"),
        "docs/cli.md does not say these exit with 2: {row}"
    );
}

#[test]
fn heading_attributes_set_only_a_safe_id_and_classes() {
    let site = Site::new();
    site.write(
        "content/pages/attack.md",
        "---\ntitle: Attack\n---\n## Hi {tabindex=0 autofocus onfocus=alert(1)}\n\n## Why {#why .note .wide}\n\nText.\n",
    );
    let r = site.check(&[]);
    r.expect_no_panic().expect_code(1);
    for attr in ["tabindex", "autofocus", "onfocus"] {
        assert!(
            r.errors()
                .iter()
                .any(|l| l.starts_with("content/pages/attack.md:4:1:") && l.contains(attr)),
            "`{attr}` not reported: {}",
            r.stderr
        );
    }
    // The same heading attributes with unsafe_html: the writer's choice.
    site.write(
        "site.yaml",
        &format!("{}unsafe_html: true\n", common::SITE_YAML),
    );
    let pages = site.build_ok(&[]);
    assert!(pages["attack/index.html"].contains("onfocus=\"alert(1)\""));
    // Without it, only the safe parts are kept.
    site.write("site.yaml", common::SITE_YAML);
    site.write(
        "content/pages/attack.md",
        "---\ntitle: Attack\n---\n## Hi\n\n## Why {#why .note .wide}\n\nText.\n",
    );
    let pages = site.build_ok(&[]);
    let page = &pages["attack/index.html"];
    assert!(page.contains("<h2 id=\"hi\">Hi</h2>"), "{page}");
    assert!(
        page.contains("<h2 id=\"why\" class=\"note wide\">Why</h2>"),
        "{page}"
    );
}

#[test]
fn html_comments_are_not_published_as_text() {
    let site = Site::new();
    site.write(
        "content/pages/notes.md",
        "---\ntitle: Notes\n---\nBefore <!-- inline-note --> after.\n\n<!-- block-note\nsecond-line-note -->\n\n<!-- x --> <b>shown</b>\n\nEnd.\n",
    );
    let pages = site.build_ok(&[]);
    let page = &pages["notes/index.html"];
    for note in ["inline-note", "block-note", "second-line-note", "&lt;!--"] {
        assert!(!page.contains(note), "`{note}` published: {page}");
    }
    assert!(page.contains("Before  after."), "{page}");
    assert!(page.contains("&lt;b&gt;shown&lt;/b&gt;"), "{page}");
    assert!(page.contains("<p>End.</p>"), "{page}");
}

#[test]
fn a_nul_byte_in_a_body_does_not_reach_the_html() {
    let site = Site::new();
    site.write_bytes(
        "content/pages/nul.md",
        b"---\ntitle: Nul\n---\nA\0B <b>c\0d</b>\n\n`e\0f`\n",
    );
    let (r, out) = site.build(&[]);
    r.expect_no_panic().expect_code(0);
    for (path, bytes) in common::read_tree(&out) {
        assert!(!bytes.contains(&0), "a NUL byte reached {path}");
    }
    let page = std::fs::read_to_string(out.join("nul/index.html")).unwrap();
    assert!(page.contains("A\u{FFFD}B"), "{page}");
}

#[test]
fn private_blocks_in_faq_answers_stay_out_of_every_copy() {
    let site = Site::new();
    site.write(
        "content/glossary/reach.md",
        "---\nterm: Reach\ndefinition: How many saw it.\nfaq:\n  - question: How is it counted?\n    answer: |\n      Unique accounts.\n\n      ```private\n      SECRET-FM-ANSWER\n      ```\n---\nBody.\n\n```Private\nSECRET-CASE-BODY\n```\n\n## FAQ\n\n### Why?\n\nBecause.\n\n```PRIVATE\nSECRET-BODY-ANSWER\n```\n",
    );
    let secrets = ["SECRET-FM-ANSWER", "SECRET-CASE-BODY", "SECRET-BODY-ANSWER"];
    let (r, out) = site.build(&[]);
    r.expect_no_panic().expect_code(0);
    let tree = common::read_tree(&out);
    for (path, bytes) in &tree {
        let text = String::from_utf8_lossy(bytes);
        for secret in secrets {
            assert!(!text.contains(secret), "{secret} leaked into {path}");
        }
    }
    let page = String::from_utf8_lossy(&tree["glossary/reach/index.html"]).into_owned();
    assert!(
        page.contains("Unique accounts."),
        "the answer lost its public part"
    );
    // The team build keeps them.
    let (r, out) = site.build(&["--audience", "team"]);
    r.expect_code(0);
    let all: String = common::read_tree(&out)
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    for secret in secrets {
        assert!(all.contains(secret), "{secret} missing from the team build");
    }
}
