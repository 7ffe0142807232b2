//! Resized copies of local images (issue #18 item 2): files and sizes,
//! markup, the cache across builds, problems at the `image:` line, social
//! images, and the audience rules.

mod common;
use common::{Site, read_tree};
use std::path::Path;

/// A photo-like JPEG (gradient and grain) of `w`×`h`.
fn jpeg(w: u32, h: u32, seed: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let n = (x.wrapping_mul(7919) ^ y.wrapping_mul(104_729) ^ seed).wrapping_mul(2_654_435_761)
            >> 27;
        image::Rgb([
            (x * 255 / w) as u8,
            (y * 255 / h) as u8,
            (n as u8).wrapping_add(seed as u8),
        ])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&img)
        .expect("encode");
    out
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |x, _| image::Rgba([200, 100, 50, (x % 256) as u8]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("encode");
    out.into_inner()
}

/// A site with a portrait (JPEG), a key visual (PNG), a remote portrait
/// and a private creator's portrait.
fn site() -> Site {
    let site = Site::bare(common::SITE_YAML);
    site.write(
        "content/creators/lea.md",
        "---\nname: Léa Martin\nstatus: active\nimage: /images/lea.jpg\n---\nHi.\n",
    );
    site.write(
        "content/creators/remote.md",
        "---\nname: Remote Person\nstatus: active\nimage: https://cdn.example/r.jpg\n---\nHi.\n",
    );
    site.write(
        "content/creators/secret.md",
        "---\nname: Secret Person\nstatus: active\nprivate: true\nimage: /images/secret.jpg\n---\nHi.\n",
    );
    site.write(
        "content/campaigns/spring.md",
        "---\ntitle: Spring\nbrand: Acme\nobjective: awareness\nimage: /images/spring.png\ncreators:\n  - creator: lea\n---\nDone.\n",
    );
    site.write_bytes("static/images/lea.jpg", &jpeg(300, 400, 1));
    site.write_bytes("static/images/secret.jpg", &jpeg(200, 200, 2));
    site.write_bytes("static/images/spring.png", &png(640, 360));
    site
}

/// The start of a PNG whose header announces `w`×`h` pixels (with a valid
/// CRC), and no pixel data.
fn png_header(w: u32, h: u32) -> Vec<u8> {
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut c = kind.to_vec();
        c.extend(data);
        let mut crc = !0u32;
        for b in &c {
            crc ^= u32::from(*b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        let mut out = u32::try_from(data.len())
            .unwrap_or(0)
            .to_be_bytes()
            .to_vec();
        out.extend(c);
        out.extend((!crc).to_be_bytes());
        out
    };
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(chunk(b"IHDR", &ihdr));
    png.extend(chunk(b"IDAT", &[]));
    png
}

fn dims(bytes: &[u8]) -> (u32, u32, image::ImageFormat) {
    let f = image::guess_format(bytes).expect("an image");
    let img = image::load_from_memory(bytes).expect("decodes");
    (img.width(), img.height(), f)
}

#[test]
fn build_writes_every_variant_at_its_size() {
    let site = site();
    let (r, out) = site.build(&[]);
    r.expect_no_panic().expect_code(0);
    let files = read_tree(&out);
    use image::ImageFormat::{Jpeg, Png, WebP};
    for (path, want) in [
        ("images/lea.jpg.96x96.webp", (96, 96, WebP)),
        ("images/lea.jpg.192x192.webp", (192, 192, WebP)),
        ("images/lea.jpg.720x540.webp", (720, 540, WebP)),
        ("images/lea.jpg.1200x630.jpg", (1200, 630, Jpeg)),
        ("images/spring.png.96x96.webp", (96, 96, WebP)),
        ("images/spring.png.720x540.webp", (720, 540, WebP)),
        ("images/spring.png.1200x630.png", (1200, 630, Png)),
    ] {
        let bytes = files.get(path).unwrap_or_else(|| panic!("{path} missing"));
        assert_eq!(dims(bytes), want, "{path}");
    }
    // The source stays, as any static file.
    assert!(files.contains_key("images/lea.jpg"));
    // A private creator's portrait is not processed into a public build.
    assert!(!files.keys().any(|p| p.starts_with("images/secret.jpg.")));
    // Team builds show the creator, so they make its copies.
    let team = site.root().join("out-team");
    common::build_into(site.root(), &team, &["--audience", "team"])
        .expect_no_panic()
        .expect_code(0);
    assert!(read_tree(&team).contains_key("images/secret.jpg.96x96.webp"));
}

#[test]
fn pages_use_the_copies_with_sizes_srcset_and_lazy_loading() {
    let pages = site().build_ok(&[]);
    let profile = &pages["creators/lea/index.html"];
    // The profile's portrait is above the fold: not lazy.
    assert!(
        profile.contains(r#"src="../../images/lea.jpg.96x96.webp" srcset="../../images/lea.jpg.96x96.webp 1x, ../../images/lea.jpg.192x192.webp 2x" width="96" height="96""#),
        "{profile}"
    );
    let portrait = profile
        .split("<img")
        .find(|t| t.contains("lea.jpg.96x96"))
        .unwrap_or_default();
    assert!(
        !portrait
            .split('>')
            .next()
            .unwrap_or_default()
            .contains("loading=\"lazy\"")
    );
    // Directory rows load lazily.
    let dir = &pages["creators/index.html"];
    let row = dir
        .split("<img")
        .find(|t| t.contains("lea.jpg.96x96"))
        .expect("a row with the portrait");
    let tag = row.split('>').next().unwrap_or_default();
    assert!(
        tag.contains(r#"loading="lazy""#)
            && tag.contains("srcset=")
            && tag.contains(r#"width="96""#),
        "{tag}"
    );
    // A remote portrait stays as written.
    assert!(pages["creators/remote/index.html"].contains(r#"src="https://cdn.example/r.jpg""#));
    // The key visual uses the card copy with its size.
    let recap = &pages["campaigns/spring/index.html"];
    assert!(
        recap.contains(r#"src="../../images/spring.png.720x540.webp" width="720" height="540""#),
        "{recap}"
    );
}

#[test]
fn og_image_and_json_ld_point_at_the_open_graph_copy() {
    let pages = site().build_ok(&[]);
    let profile = &pages["creators/lea/index.html"];
    let og = "https://test.example/images/lea.jpg.1200x630.jpg";
    assert!(
        profile.contains(&format!(r#"<meta property="og:image" content="{og}">"#)),
        "{profile}"
    );
    let ld = profile
        .split(r#"<script type="application/ld+json">"#)
        .nth(1)
        .and_then(|t| t.split("</script>").next())
        .expect("JSON-LD");
    let v: serde_json::Value = serde_json::from_str(ld).expect("JSON");
    let person = v["@graph"]
        .as_array()
        .and_then(|g| g.iter().find(|n| n["@type"] == "Person"))
        .expect("a Person");
    assert_eq!(person["image"], og);
    let recap = &pages["campaigns/spring/index.html"];
    assert!(recap.contains("https://test.example/images/spring.png.1200x630.png"));
    // A remote image is the social image as it is.
    assert!(
        pages["creators/remote/index.html"]
            .contains(r#"<meta property="og:image" content="https://cdn.example/r.jpg">"#)
    );
}

fn cache_files(root: &Path) -> Vec<(String, std::time::SystemTime)> {
    let dir = root.join(".creatorkb-cache/images");
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .expect("the cache folder")
        .map(|e| {
            let e = e.expect("entry");
            let name = e.file_name().to_string_lossy().into_owned();
            (
                name,
                e.metadata().and_then(|m| m.modified()).expect("mtime"),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn a_second_build_reads_the_cache_and_output_is_deterministic() {
    let site = site();
    let (r, out) = site.build(&[]);
    r.expect_code(0);
    let first = read_tree(&out);
    let cached = cache_files(site.root());
    // Four copies of each of the two public images, nothing else.
    assert_eq!(cached.len(), 8, "{cached:?}");
    // Not inside the output folder, which each build replaces.
    assert!(!first.keys().any(|p| p.contains("creatorkb-cache")));
    // Byte for byte the same, from a cold cache.
    std::fs::remove_dir_all(site.root().join(".creatorkb-cache")).expect("rm");
    let (r, out) = site.build(&[]);
    r.expect_code(0);
    assert!(read_tree(&out) == first, "a cold rebuild differs");
    let cached = cache_files(site.root());
    // A warm rebuild writes nothing in the cache and takes the copies from
    // it: a cache file changed by hand shows up in the output.
    let (name, _) = cached
        .iter()
        .find(|(n, _)| n.ends_with(".96x96.webp"))
        .cloned()
        .expect("an avatar");
    let marker = b"RIFF-from-the-cache".to_vec();
    let path = site.root().join(".creatorkb-cache/images").join(&name);
    std::fs::write(&path, &marker).expect("write");
    let cached = cache_files(site.root());
    let (r, out) = site.build(&[]);
    r.expect_code(0);
    assert_eq!(
        cache_files(site.root()),
        cached,
        "the warm build rewrote the cache"
    );
    let again = read_tree(&out);
    assert!(
        again.values().any(|b| *b == marker),
        "the copy was not read from the cache"
    );
    // Editing the source makes new copies (a new key).
    site.write_bytes("static/images/lea.jpg", &jpeg(300, 400, 9));
    site.build(&[]).0.expect_code(0);
    assert_eq!(cache_files(site.root()).len(), 12);
}

#[test]
fn a_broken_image_is_an_error_at_its_front_matter_line() {
    let site = site();
    let good = jpeg(40, 40, 3);
    site.write_bytes("static/images/lea.jpg", &good[..good.len() / 3]);
    for r in [site.check(&[]), site.build(&[]).0] {
        r.expect_no_panic().expect_code(1);
        assert!(
            r.errors()
                .iter()
                .any(|e| e.contains("content/creators/lea.md:4:") && e.contains("/images/lea.jpg")),
            "{r:#?}"
        );
    }
    // Not an image at all, and an image too large to decode.
    site.write("static/images/lea.jpg", "<html>not a portrait</html>");
    let r = site.check(&[]);
    assert!(
        r.errors()
            .iter()
            .any(|e| e.contains("content/creators/lea.md:4:")),
        "{r:#?}"
    );
    site.write_bytes("static/images/spring.png", &png_header(16_000, 16_000));
    site.write_bytes("static/images/lea.jpg", &good);
    let r = site.check(&[]);
    r.expect_no_panic().expect_code(1);
    assert!(
        r.errors()
            .iter()
            .any(|e| e.contains("content/campaigns/spring.md:5:") && e.contains("megapixels")),
        "{r:#?}"
    );
    // A format browsers cannot show.
    site.write_bytes("static/images/spring.png", &png(10, 10));
    site.write(
        "content/creators/lea.md",
        "---\nname: Léa Martin\nstatus: active\nimage: /images/lea.heic\n---\nHi.\n",
    );
    let r = site.check(&[]);
    assert!(
        r.errors()
            .iter()
            .any(|e| e.contains("content/creators/lea.md:4:")
                && e.contains("not a format browsers show")),
        "{r:#?}"
    );
}
