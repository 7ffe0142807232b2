//! `check` catches what would break a page even though the files parse:
//! links without a scheme, missing files, percentages written as ratios,
//! values YAML read as comments, files it would otherwise skip. Each
//! problem is reported at its `path:line:col`.

mod common;
use common::{Run, Site, creatorkb, s};

const C: &str = "content/creators/broken.md";

/// The line of stderr that starts with `at` and holds every one of `words`.
fn line_at<'a>(r: &'a Run, at: &str, words: &[&str]) -> &'a str {
    let line = r
        .stderr
        .lines()
        .find(|l| l.starts_with(at))
        .unwrap_or_else(|| panic!("no line starting with `{at}` in:\n{}", r.stderr));
    for w in words {
        assert!(line.contains(w), "`{line}` should contain `{w}`");
    }
    line
}

/// Checks a site made of the valid creator and `files`.
fn check(files: &[(&str, &str)]) -> Run {
    let site = Site::new();
    for (rel, text) in files {
        site.write(rel, text);
    }
    let r = site.check(&[]);
    r.expect_no_panic();
    r
}

#[test]
fn a_platform_url_without_scheme_is_an_error() {
    let text = "---\nname: J\nstatus: active\nplatforms:\n  - network: instagram\n    url: instagram.com/jj\n---\n";
    let r = check(&[(C, text)]);
    r.expect_code(1);
    line_at(
        &r,
        &format!("{C}:6:10: error:"),
        &[
            "instagram.com/jj",
            "no scheme",
            "`https://instagram.com/jj`",
        ],
    );
}

#[test]
fn a_content_link_without_scheme_is_an_error() {
    let text = "---\ntitle: T\nbrand: B\nobjective: awareness\ncreators:\n  - creator: valid\n    content:\n      - tiktok.com/@v/video/1\n---\n";
    let r = check(&[("content/campaigns/t.md", text)]);
    r.expect_code(1);
    line_at(
        &r,
        "content/campaigns/t.md:8:9: error:",
        &["content link", "`https://tiktok.com/@v/video/1`"],
    );
}

#[test]
fn an_engagement_rate_written_as_a_ratio_warns() {
    // Every value under 1: all of them are ratios.
    let ratio = |name: &str, v: &str| {
        format!(
            "---\nname: {name}\nstatus: active\nplatforms:\n  - network: instagram\n    followers: 1000\n    engagement_rate: {v}\n---\n"
        )
    };
    let r = check(&[(C, &ratio("A", "0.038"))]);
    r.expect_code(0);
    line_at(
        &r,
        &format!("{C}:7:22: warning:"),
        &["engagement_rate 0.038", "ratio", "write 3.8"],
    );
    // One under 1 while the others are percentages.
    let others = [
        ("content/creators/b.md", ratio("B", "4.2")),
        ("content/creators/c.md", ratio("C", "6.5")),
    ];
    let with = |a: &str| {
        let mut files: Vec<(&str, String)> = others.to_vec();
        files.push((C, ratio("A", a)));
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        check(&files)
    };
    let r = with("0.05");
    r.expect_code(0);
    line_at(&r, &format!("{C}:7:22: warning:"), &["0.05", "write 5 "]);
    assert!(!r.stderr.contains("b.md"), "{}", r.stderr);
    // 0.9 next to 4.2 and 6.5 is a plausible 0.9%, not 90%.
    let r = with("0.9");
    assert!(!r.stderr.contains("ratio"), "{}", r.stderr);
    // Percentages only: nothing to say.
    let r = check(&[(C, &ratio("A", "3.8"))]);
    assert!(!r.stderr.contains("ratio"), "{}", r.stderr);
}

#[test]
fn a_summary_read_as_a_comment_warns() {
    let text = "---\nname: A\nstatus: active\nsummary: #1 food creator in Lyon\n---\n";
    let r = check(&[(C, text)]);
    r.expect_code(0);
    line_at(
        &r,
        &format!("{C}:4:1: warning:"),
        &["`summary` is empty", "comment", "quotes"],
    );
    // An intended value, or a deliberate blank, is not reported.
    let text = "---\nname: A\nstatus: active\nsummary: \"\"\n---\n";
    let r = check(&[(C, text)]);
    assert!(!r.stderr.contains("summary"), "{}", r.stderr);
    let text = "---\nname: A\nstatus: active\nsummary: \"#1 food creator in Lyon\"\n---\n";
    let r = check(&[(C, text)]);
    assert!(!r.stderr.contains("summary"), "{}", r.stderr);
}

#[test]
fn entries_in_sub_folders_are_read_hidden_ones_skipped_and_other_extensions_warn() {
    let site = Site::new();
    site.write(
        "content/creators/2024/paris/nested.md",
        "---\nname: Nested Person\nstatus: active\n---\nFiled by year and market.\n",
    );
    site.write(
        "content/campaigns/2025/spring.md",
        "---\ntitle: Spring Push\nbrand: Acme\nobjective: awareness\ncreators:\n  - creator: nested\n---\nSee [her](../../creators/2024/paris/nested.md).\n",
    );
    site.write(
        "content/creators/skipped.markdown",
        "---\nname: Skipped\nstatus: active\n---\n",
    );
    // An editor's hidden folder (Obsidian, a VCS) is not content and not a problem.
    site.write(
        "content/creators/.obsidian/workspace.md",
        "not front matter at all",
    );
    let (r, out) = site.build(&[]);
    r.expect_no_panic().expect_code(0);
    assert!(!r.stderr.contains(".obsidian"), "{}", r.stderr);
    let page = std::fs::read_to_string(out.join("creators/nested/index.html"))
        .expect("a creator filed in a sub-folder gets its page at /creators/<slug>/");
    assert!(page.contains("Nested Person"));
    let recap = std::fs::read_to_string(out.join("campaigns/spring/index.html")).unwrap();
    assert!(
        recap.contains("creators/nested/"),
        "the link was not resolved"
    );
    line_at(
        &r,
        "content/creators/skipped.markdown: warning:",
        &["ignored", "`.md`"],
    );
    assert!(!out.join("creators/skipped/index.html").exists());
}

#[test]
fn new_refuses_a_name_without_a_slug() {
    let site = Site::new();
    let r = creatorkb(&["new", "--root", s(site.root()), "creator", "!!!"]);
    r.expect_no_panic().expect_code(1);
    assert!(r.stderr.contains("no file name"), "{}", r.stderr);
    assert!(
        !site.root().join("content/creators/item.md").exists(),
        "a file was made for a name without a slug"
    );
}

#[test]
fn a_missing_image_file_is_an_error() {
    let text = "---\nname: A\nstatus: active\nimage: /images/nobody.jpg\n---\n";
    let r = check(&[(C, text)]);
    r.expect_code(1);
    line_at(
        &r,
        &format!("{C}:4:8: error:"),
        &["/images/nobody.jpg", "static/images/nobody.jpg"],
    );
    // With the file in static/, the same profile checks clean.
    let site = Site::new();
    site.write(C, text);
    // A real (tiny) JPEG: a file that is not one is an error of its own.
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut jpeg)
        .encode_image(&image::RgbImage::new(8, 8))
        .unwrap();
    site.write_bytes("static/images/nobody.jpg", &jpeg);
    site.check(&[]).expect_no_panic().expect_code(0);
}

#[test]
fn body_links_to_missing_static_files_and_pages_without_md() {
    let body = "---\nname: A\nstatus: active\n---\nIntro.\n\n![kit](/files/kit.pdf) and ![ok](/images/ok.png)\n\nSee [Valid](../creators/valid) or [home](/).\n\nOr [her page](/creators/valid/).\n";
    let site = Site::new();
    site.write(C, body);
    site.write("static/images/ok.png", "png");
    let r = site.check(&[]);
    r.expect_no_panic().expect_code(1);
    line_at(
        &r,
        &format!("{C}:7:1: error:"),
        &["/files/kit.pdf", "static/files/kit.pdf"],
    );
    assert!(!r.stderr.contains("ok.png"), "{}", r.stderr);
    line_at(
        &r,
        &format!("{C}:9:5: error:"),
        &["`../creators/valid`", "`../creators/valid.md`"],
    );
    // Root-absolute page links work served but not from disk.
    line_at(
        &r,
        &format!("{C}:11:4: warning:"),
        &["/creators/valid/", "--offline", "`valid.md`"],
    );
    line_at(&r, &format!("{C}:9:35: warning:"), &["`/`", "--offline"]);
}

#[test]
fn counts_written_by_templates_are_grouped_like_the_generators() {
    let site = Site::new();
    for i in 0..1000 {
        site.write(
            &format!("content/glossary/t{i:04}.md"),
            &format!("---\nterm: Term {i}\ndefinition: Term number {i}.\n---\n"),
        );
    }
    let pages = site.build_ok(&[]);
    let home = &pages["index.html"];
    assert!(
        home.contains("counts__value\">1,000<"),
        "the home page's count is not grouped"
    );
    assert!(pages["glossary/t0001/index.html"].contains("All 1,000 glossary terms"));
}

#[test]
fn every_iso_country_is_known_and_named_in_each_site_language() {
    let site =
        Site::bare("title: T\nbase_url: https://t.example/\nlanguage: en\nlanguages: [fr]\n");
    site.write(
        C,
        "---\nname: Wanjiku\nstatus: active\ncountry: KE\nlanguages: [sw, is]\n---\nNairobi.\n",
    );
    site.write(
        "content/creators/broken.fr.md",
        "---\nsummary: Créatrice à Nairobi.\n---\nNairobi.\n",
    );
    let r = site.check(&[]);
    r.expect_no_panic().expect_code(0);
    assert!(
        !r.stderr.contains("not one creatorkb knows"),
        "{}",
        r.stderr
    );
    let pages = site.build_ok(&[]);
    let en = &pages["creators/broken/index.html"];
    assert!(en.contains("Kenya") && en.contains("Icelandic"), "en page");
    // French names come from the same data (profiles capitalize them).
    let fr = &pages["fr/creators/broken/index.html"];
    assert!(fr.contains("Kenya") && fr.contains("Islandais"), "fr page");
    assert!(!fr.contains("Icelandic"), "fr page");
}
