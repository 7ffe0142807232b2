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

#[test]
fn diagnostics_escape_control_characters_of_file_names() {
    let site = Site::new();
    // A file name that tries to forge a problem line and clear the screen.
    let evil = "content/creators/x\nsite.yaml:1:1: error: forged\u{1b}[2J.md";
    site.write(evil, "---\nname: X\nstatus: nope\n---\n");
    let r = site.check(&[]);
    r.expect_no_panic().expect_code(1);
    assert!(!r.stderr.contains('\u{1b}'), "{:?}", r.stderr);
    assert!(
        !r.stderr.lines().any(|l| l.starts_with("site.yaml:1:1")),
        "a forged problem line: {}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("x\\nsite.yaml:1:1: error: forged\\u{1b}[2J.md"),
        "{}",
        r.stderr
    );
}

#[test]
fn site_yaml_urls_and_theme_are_validated() {
    let site = Site::bare(&format!(
        "{}organization:\n  name: Evil\n  url: \"javascript:alert(1)\"\n  logo: \"data:image/svg+xml,<svg onload=alert(1)>\"\n",
        common::SITE_YAML
    ));
    site.write("content/creators/valid.md", common::OK_CREATOR);
    let r = site.check(&[]);
    r.expect_no_panic().expect_code(1);
    for key in ["organization url `javascript:", "organization logo `data:"] {
        assert!(
            r.errors()
                .iter()
                .any(|l| l.starts_with("site.yaml") && l.contains(key)),
            "{key} not reported: {}",
            r.stderr
        );
    }
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(outside.path().join("templates")).unwrap();
    for theme in [s(outside.path()), "../../etc", "a/b", ".."] {
        let site = Site::bare(&format!("{}theme: \"{theme}\"\n", common::SITE_YAML));
        site.write("content/creators/valid.md", common::OK_CREATOR);
        let r = site.check(&[]);
        r.expect_no_panic().expect_code(1);
        assert!(
            r.errors()
                .iter()
                .any(|l| l.starts_with("site.yaml") && l.contains("not a path")),
            "theme `{theme}` accepted: {}",
            r.stderr
        );
    }
}

fn campaign(brand: &str) -> String {
    format!(
        "---\ntitle: Launch {brand}\nbrand: \"{brand}\"\nobjective: awareness\ndate: 2025-01-01\n---\n"
    )
}

#[test]
fn brands_in_other_scripts_get_pages_of_their_own() {
    let site = Site::new();
    let brands = ["李宁", "安踏", "Αθήνα"];
    for (i, brand) in brands.iter().enumerate() {
        site.write(&format!("content/campaigns/c{i}.md"), &campaign(brand));
    }
    // Punctuation-only niches (a punctuation-only brand is an error).
    let niches = ["!!!", "???", "李宁"];
    for (i, niche) in niches.iter().enumerate() {
        site.write(
            &format!("content/creators/n{i}.md"),
            &format!("---\nname: Niche {i}\nstatus: active\nniches: [\"{niche}\"]\n---\n"),
        );
    }
    let (r, out) = site.build(&[]);
    r.expect_no_panic().expect_code(0);
    for (tax, names) in [("brands", &brands), ("niches", &niches)] {
        let dirs: Vec<String> = std::fs::read_dir(out.join(tax))
            .unwrap()
            .flatten()
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(dirs.len(), names.len(), "{tax} merged: {dirs:?}");
        for d in &dirs {
            assert!(d != "item" && d.is_ascii(), "{tax}/{d}/");
            let page = std::fs::read_to_string(out.join(tax).join(d).join("index.html")).unwrap();
            let title = page.split("<title>").nth(1).unwrap_or_default();
            let title = title.split("</title>").next().unwrap_or_default();
            assert_eq!(
                names.iter().filter(|n| title.contains(*n)).count(),
                1,
                "{tax}/{d}/ is not the page of one name: {title}"
            );
        }
    }
    // Two different spellings that make the same page are reported.
    site.write("content/campaigns/d1.md", &campaign("Coca-Cola"));
    site.write("content/campaigns/d2.md", &campaign("Coca Cola"));
    let r = site.check(&[]);
    r.expect_no_panic().expect_code(0);
    assert!(
        r.stderr
            .contains("d2.md:3:1: warning: brand `Coca Cola` and `Coca-Cola` (content/campaigns/d1.md) make the same page brands/coca-cola/"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_link_to_a_private_entrys_translation_is_dropped() {
    let site = Site::bare(&format!("{}languages: [fr]\n", common::SITE_YAML));
    site.write("content/creators/valid.md", common::OK_CREATOR)
        .write(
            "content/creators/hidden-slug.md",
            "---\nname: Hidden\nstatus: active\nprivate: true\n---\n",
        )
        .write(
            "content/creators/hidden-slug.fr.md",
            "---\nname: Caché\nprivate: false\n---\n",
        )
        .write(
            "content/pages/about.md",
            "---\ntitle: About\n---\nSee [her](../creators/hidden-slug.fr.md).\n",
        );
    let (r, out) = site.build(&[]);
    r.expect_no_panic().expect_code(0);
    for (path, bytes) in common::read_tree(&out) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("hidden-slug"),
            "the hidden slug is in {path}"
        );
    }
    let about = std::fs::read_to_string(out.join("about/index.html")).unwrap();
    assert!(about.contains("See her."), "the link text is kept");
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_never_followed_and_are_reported() {
    let site = Site::new();
    let secret = tempfile::tempdir().unwrap();
    std::fs::write(secret.path().join("id_rsa"), "PRIVATE KEY").unwrap();
    std::fs::write(
        secret.path().join("linked.md"),
        "---\nname: Linked\nstatus: active\n---\nLINKED BODY\n",
    )
    .unwrap();
    let link = |target: &Path, at: &str| {
        let at = site.root().join(at);
        std::fs::create_dir_all(at.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, at).unwrap();
    };
    link(&secret.path().join("id_rsa"), "static/key.txt");
    link(secret.path(), "static/folder");
    link(
        &secret.path().join("linked.md"),
        "content/creators/linked.md",
    );
    let (r, out) = site.build(&[]);
    r.expect_no_panic().expect_code(0);
    for rel in [
        "static/key.txt",
        "static/folder",
        "content/creators/linked.md",
    ] {
        assert!(
            r.stderr
                .contains(&format!("{rel}: warning: symbolic link skipped")),
            "{rel} not reported: {}",
            r.stderr
        );
    }
    let tree = common::read_tree(&out);
    for (path, bytes) in &tree {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("PRIVATE KEY") && !text.contains("LINKED BODY"),
            "a linked file was published as {path}"
        );
    }
    // A linked static/ folder is not followed either.
    std::fs::remove_dir_all(site.root().join("static")).unwrap();
    link(secret.path(), "static");
    let (r, out) = site.build(&[]);
    r.expect_no_panic().expect_code(0);
    assert!(
        r.stderr.contains("static: warning: symbolic link skipped"),
        "{}",
        r.stderr
    );
    assert!(
        !out.join("id_rsa").exists(),
        "the linked static/ was followed"
    );
}

#[test]
fn yaml_aliases_may_not_grow_front_matter_more_than_ten_times() {
    let site = Site::new();
    // 20 copies of a long text: within serde-saphyr's own budgets (which
    // count aliases, not bytes), but 20 times the front matter.
    let long = "lorem ipsum ".repeat(2000);
    let refs = vec!["*a"; 20].join(", ");
    site.write(
        "content/creators/bomb.md",
        &format!(
            "---\nname: Bomb\nstatus: active\nextra:\n  a: &a \"{long}\"\n  b: [{refs}]\n---\n"
        ),
    );
    let r = site.check(&[]);
    r.expect_no_panic().expect_code(1);
    assert!(
        r.errors()
            .iter()
            .any(|l| l.starts_with("content/creators/bomb.md:") && l.contains("aliases")),
        "{}",
        r.stderr
    );
}

#[test]
fn new_entries_with_names_in_other_scripts_get_their_own_files() {
    let site = Site::new();
    let root = s(site.root());
    for name in ["李宁", "安踏"] {
        creatorkb(&["new", "--root", root, "creator", name]).expect_code(0);
    }
    let files: Vec<String> = std::fs::read_dir(site.root().join("content/creators"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "valid.md")
        .collect();
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(!files.iter().any(|f| f == "item.md"), "{files:?}");
    site.build(&[]).0.expect_no_panic().expect_code(0);
}
