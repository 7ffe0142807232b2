//! `creatorkb import`: CSV rows into content files, checked as `check`
//! checks them, and the team export read back byte for byte.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_creatorkb")
}

fn run(root: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// An `init` site without its sample creator and campaign.
fn empty_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    assert!(
        run(Path::new("."), &["init", root.to_str().unwrap()])
            .status
            .success()
    );
    std::fs::remove_file(root.join("content/creators/sample-creator.md")).unwrap();
    std::fs::remove_file(root.join("content/campaigns/sample-campaign.md")).unwrap();
    (dir, root)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_str().unwrap().to_string()
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap()
}

#[test]
fn bom_semicolons_quoted_newlines_and_aliases() {
    let (dir, root) = empty_site();
    let csv = write(
        dir.path(),
        "roster.csv",
        "\u{feff}Name;Status;Instagram followers;Email;Summary;Niches\r\n\
         Léa Martin;active;186400;lea@x.example;\"Skincare; sun\nand more\";\"skincare;sun protection\"\r\n"
            .as_bytes(),
    );
    let o = run(&root, &["import", "creators", &csv]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = read(&root, "content/creators/lea-martin.md");
    assert!(
        text.contains("niches: [skincare, \"sun protection\"]\n"),
        "{text}"
    );
    assert!(
        text.starts_with("---\nname: \"Léa Martin\"\nstatus: active\n"),
        "{text}"
    );
    assert!(
        text.contains("  - network: instagram\n    followers: 186400\n"),
        "{text}"
    );
    assert!(
        text.contains("contact:\n  email: \"lea@x.example\"\n"),
        "{text}"
    );
    assert!(
        text.contains("summary: \"Skincare; sun\\nand more\"\n"),
        "{text}"
    );
    // The loader reads what was written.
    assert!(
        run(&root, &["check", "--audience", "team"])
            .status
            .success()
    );
}

#[test]
fn map_ignore_and_unknown_columns() {
    let (dir, root) = empty_site();
    let csv = write(
        dir.path(),
        "r.csv",
        b"name,status,Insta,Emial\nAna,active,1200,3\n",
    );
    let o = run(&root, &["import", "creators", &csv]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(":1:Insta: error: unknown column `Insta`"),
        "{err}"
    );
    assert!(
        err.contains("unknown column `Emial` (did you mean `email`?)"),
        "{err}"
    );
    assert!(!root.join("content/creators/ana.md").exists());
    let o = run(
        &root,
        &[
            "import",
            "creators",
            &csv,
            "--map",
            "Insta=instagram.followers",
            "--ignore",
            "emial",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read(&root, "content/creators/ana.md").contains("followers: 1200"));
    let rates = write(
        dir.path(),
        "rates.csv",
        b"slug,rates,currency\nana,reel=2385;story_set=745,EUR\n",
    );
    assert!(run(&root, &["import", "creators", &rates]).status.success());
    assert!(
        read(&root, "content/creators/ana.md")
            .contains("rates:\n  reel: 2385\n  story_set: 745\n  currency: \"EUR\"\n")
    );
    let o = run(
        &root,
        &[
            "import",
            "creators",
            &csv,
            "--map",
            "Insta=instagram.folowers",
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(2),
        "a wrong --map is a wrong command line"
    );
}

#[test]
fn update_keeps_body_other_keys_and_comments_and_dry_run_writes_nothing() {
    let (dir, root) = empty_site();
    let path = root.join("content/creators/ana.md");
    let before = "---\nname: Ana\nstatus: active\n# a comment the import keeps\ntags: [kept]\ncontact:\n  email: old@x.example\n  agent: Bo\n---\nThe body stays.\n";
    std::fs::write(&path, before).unwrap();
    let csv = write(
        dir.path(),
        "r.csv",
        b"slug,email,owner\nana,new@x.example,Margaux\n",
    );
    let o = run(&root, &["import", "creators", &csv, "--dry-run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "updated content/creators/ana.md (contact, owner)\n"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        before,
        "dry run wrote"
    );
    assert!(run(&root, &["import", "creators", &csv]).status.success());
    let after = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        after,
        "---\nname: Ana\nstatus: active\n# a comment the import keeps\ntags: [kept]\ncontact:\n  email: \"new@x.example\"\n  agent: \"Bo\"\nowner: \"Margaux\"\n---\nThe body stays.\n"
    );
    let o = run(&root, &["import", "creators", &csv]);
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "unchanged content/creators/ana.md\n"
    );
}

#[test]
fn bad_rows_are_reported_at_row_and_column_and_nothing_is_written() {
    let (dir, root) = empty_site();
    let csv = write(
        dir.path(),
        "r.csv",
        b"name,status,country,instagram engagement rate\r\nGood One,active,FR,3.8\r\nBad One,sleeping,FR,2\r\n\"Bad\nTwo\",active,fr,140\r\n",
    );
    let o = run(&root, &["import", "creators", &csv]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("r.csv:3:status: error: unknown value `sleeping`; allowed values: prospect"),
        "{err}"
    );
    assert!(
        err.contains("r.csv:4:country: error: country `fr` is not an ISO 3166-1 alpha-2 code"),
        "{err}"
    );
    assert!(
        err.contains(
            "r.csv:4:instagram engagement rate: error: engagement_rate 140 is not a percentage"
        ),
        "{err}"
    );
    assert!(
        !root.join("content/creators/good-one.md").exists(),
        "nothing written"
    );
    let o = run(&root, &["import", "creators", &csv, "--skip-invalid"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(root.join("content/creators/good-one.md").exists());
    assert!(!root.join("content/creators/bad-one.md").exists());
    assert!(
        run(&root, &["check", "--audience", "team"])
            .status
            .success()
    );
}

#[test]
fn campaigns_one_row_per_participation() {
    let (dir, root) = empty_site();
    let people = write(
        dir.path(),
        "p.csv",
        b"name,status\nLea Martin,active\nSam Okafor,active\n",
    );
    assert!(
        run(&root, &["import", "creators", &people])
            .status
            .success()
    );
    let rows = "title;brand;objective;creator;status;fee;quality\n\
                Spring Glow;Maison Verveine;awareness;lea-martin;reported;4615;5\n\
                Spring Glow;Maison Verveine;awareness;sam-okafr;declined;;\n";
    let csv = write(dir.path(), "c.csv", rows.as_bytes());
    let o = run(&root, &["import", "campaigns", &csv]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("c.csv:3:creator: error: creator `sam-okafr` does not exist (did you mean `sam-okafor`?)"),
        "{err}"
    );
    assert!(!root.join("content/campaigns/spring-glow.md").exists());
    let csv = write(
        dir.path(),
        "c.csv",
        rows.replace("sam-okafr", "sam-okafor").as_bytes(),
    );
    let o = run(&root, &["import", "campaigns", &csv]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = read(&root, "content/campaigns/spring-glow.md");
    assert!(
        text.contains("creators:\n  - creator: lea-martin\n    status: reported\n    quality: 5\n    fee: 4615\n  - creator: sam-okafor\n    status: declined\n"),
        "{text}"
    );
    assert!(
        run(&root, &["check", "--audience", "team"])
            .status
            .success()
    );
}

/// `data/campaigns.json` of a team build as the documented campaigns CSV:
/// one row per participation, campaign columns repeated.
fn campaigns_csv(json: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    let head = [
        "slug",
        "title",
        "brand",
        "objective",
        "stage",
        "start",
        "end",
        "date",
        "author",
        "summary",
        "channels",
        "markets",
        "results",
        "creator",
        "status",
        "deliverables",
        "responded",
        "due",
        "published",
        "on_time",
        "approval_rounds",
        "quality",
        "content",
        "participant_results",
        "disclosure_label",
        "disclosure_tool",
        "fee",
    ];
    let text = |x: &serde_json::Value| match x {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(a) => a
            .iter()
            .map(|i| i.as_str().unwrap().to_string())
            .collect::<Vec<_>>()
            .join(";"),
        serde_json::Value::Object(m) => m
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(";"),
        other => other.to_string(),
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(head).unwrap();
    for c in v["campaigns"].as_array().unwrap() {
        let camp: Vec<String> = head[..13].iter().map(|k| text(&c[*k])).collect();
        let parts = c["participants"].as_array().unwrap();
        let none = vec![serde_json::Value::Null];
        for p in if parts.is_empty() { &none } else { parts } {
            let mut row = camp.clone();
            for k in &head[13..] {
                let key = match *k {
                    "participant_results" => "results",
                    "disclosure_tool" => "disclosure_tool",
                    k => k,
                };
                row.push(if p.is_null() {
                    String::new()
                } else {
                    text(&p[key])
                });
            }
            w.write_record(&row).unwrap();
        }
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

#[test]
fn team_export_round_trips_byte_for_byte() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("team");
    let o = run(
        example,
        &[
            "build",
            "--audience",
            "team",
            "--output",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let original = std::fs::read(out.join("data/creators.csv")).unwrap();

    let (_d, root) = empty_site();
    // Absolute URLs in the export come from base_url.
    let site = read(&root, "site.yaml").replace(
        "https://creators.example.com/",
        "https://creators.northlight.example/",
    );
    std::fs::write(root.join("site.yaml"), site).unwrap();
    let o = run(
        &root,
        &[
            "import",
            "creators",
            out.join("data/creators.csv").to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let camp = write(
        dir.path(),
        "campaigns.csv",
        campaigns_csv(&std::fs::read_to_string(out.join("data/campaigns.json")).unwrap())
            .as_bytes(),
    );
    let o = run(&root, &["import", "campaigns", &camp]);
    assert!(o.status.success(), "{}", stderr(&o));

    let again = dir.path().join("again");
    let o = run(
        &root,
        &[
            "build",
            "--audience",
            "team",
            "--output",
            again.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let copy = std::fs::read(again.join("data/creators.csv")).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&copy),
        String::from_utf8_lossy(&original)
    );
    assert_eq!(copy, original);
}
