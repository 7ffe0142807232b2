//! Which resized copies a local image gets, their names and their
//! geometry: a leaf that `resolve` (the views' [`ImageSet`] values) and the
//! image stage ([`super`]) share, so the names in the HTML and the files
//! written always agree.
//!
//! Every variant has a fixed size (a centred cover crop, upscaled when the
//! source is smaller), so a page's markup depends only on the `image:`
//! path, never on the file's content: editing a portrait re-encodes its
//! copies without touching any page.

use crate::diag::Pos;
use serde::Serialize;

/// The file format of a variant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// Lossy WebP (libwebp).
    WebP,
    /// Baseline JPEG.
    Jpeg,
    /// PNG (a PNG source's Open Graph copy keeps its format).
    Png,
}

impl Format {
    /// The file extension, without the dot.
    pub fn ext(self) -> &'static str {
        match self {
            Format::WebP => "webp",
            Format::Jpeg => "jpg",
            Format::Png => "png",
        }
    }
}

/// One resized copy: its name in templates and its size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spec {
    /// Field name in [`ImageSet`].
    pub name: &'static str,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// Square avatar, 1×: the theme shows avatars at up to 88 CSS pixels.
pub const AVATAR: Spec = Spec {
    name: "avatar",
    width: 96,
    height: 96,
};
/// Square avatar, 2× (high-density screens).
pub const AVATAR_2X: Spec = Spec {
    name: "avatar_2x",
    width: 192,
    height: 192,
};
/// Card and key visual (4:3), 2× the 22rem column the theme gives it.
pub const CARD: Spec = Spec {
    name: "card",
    width: 720,
    height: 540,
};
/// Open Graph / Schema.org image, the size social networks ask for.
pub const OG: Spec = Spec {
    name: "og",
    width: 1200,
    height: 630,
};

/// Every variant, in the order they are made.
pub const ALL: [Spec; 4] = [AVATAR, AVATAR_2X, CARD, OG];

/// What a source file becomes, told by its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// JPEG, PNG or WebP: resized copies are made; the Open Graph copy is in
    /// this format (WebP sources get a JPEG one: not every network reads WebP).
    Resized(Format),
    /// SVG, GIF, AVIF: served as they are (vector, animation, or a format
    /// the decoder we ship does not read).
    AsIs,
    /// Anything else (HEIC, TIFF, BMP…): browsers cannot show it.
    Unsupported,
}

/// The kind of the local image at `path` (by extension, any case).
pub fn kind(path: &str) -> Kind {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "jpg" | "jpeg" => Kind::Resized(Format::Jpeg),
        "png" => Kind::Resized(Format::Png),
        "webp" => Kind::Resized(Format::Jpeg),
        "svg" | "gif" | "avif" => Kind::AsIs,
        _ => Kind::Unsupported,
    }
}

/// Whether an `image:` value names a file of this site (not a URL).
pub fn is_local(value: &str) -> bool {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    let remote =
        lower.starts_with("http://") || lower.starts_with("https://") || v.starts_with("//");
    !(remote || v.contains(['?', '#']) || v.is_empty())
}

/// The format of `spec`'s copy of a source of kind `source`.
pub fn format_of(spec: Spec, source: Format) -> Format {
    if spec == OG { source } else { Format::WebP }
}

/// Output path of a variant: the source's path with the size and format
/// appended (`images/lea.jpg` → `images/lea.jpg.96x96.webp`), so two
/// sources never share a copy and the copies sit next to their source.
pub fn output_path(source: &str, spec: Spec, format: Format) -> String {
    format!("{source}.{}x{}.{}", spec.width, spec.height, format.ext())
}

/// `path` as a URL path: characters that would end a `srcset` candidate
/// or an attribute (spaces, commas, quotes…) are percent-encoded.
fn href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for ch in path.chars() {
        if !ch.is_ascii() || ch.is_ascii_alphanumeric() || "/-_.~@+".contains(ch) {
            out.push(ch);
        } else {
            out.push_str(&format!("%{:02X}", ch as u32));
        }
    }
    out
}

/// One variant as templates see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Sized {
    /// Root-relative URL (prefix the page's `root`).
    pub src: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Output path (not URL-encoded).
    #[serde(skip)]
    pub path: String,
}

/// Where an `image:` value was written, for the stage's problems.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    /// Content file.
    pub path: String,
    /// Position of the value.
    pub pos: Pos,
}

/// The resized copies of one local image, as a view value: `avatar` and
/// `avatar_2x` (square), `card` (4:3), `og` (1200×630).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImageSet {
    /// Square, 96×96 WebP.
    pub avatar: Sized,
    /// Square, 192×192 WebP.
    pub avatar_2x: Sized,
    /// 720×540 WebP.
    pub card: Sized,
    /// 1200×630, JPEG (PNG for a PNG source).
    pub og: Sized,
    /// Source path under `static/` (no leading slash).
    #[serde(skip)]
    pub source: String,
    /// The source's format family.
    #[serde(skip)]
    pub format: Format,
    /// Where the `image:` value was written.
    #[serde(skip)]
    pub origin: Origin,
}

impl ImageSet {
    /// The copies of the local image `value` (an `image:` value such as
    /// `/images/lea.jpg`); `None` for URLs and for formats served as they
    /// are (or not at all).
    pub fn for_value(value: &str, origin: Origin) -> Option<ImageSet> {
        if !is_local(value) {
            return None;
        }
        let source = value.trim().trim_start_matches('/').to_string();
        let Kind::Resized(format) = kind(&source) else {
            return None;
        };
        let sized = |spec: Spec| {
            let path = output_path(&source, spec, format_of(spec, format));
            Sized {
                src: href(&path),
                width: spec.width,
                height: spec.height,
                path,
            }
        };
        Some(ImageSet {
            avatar: sized(AVATAR),
            avatar_2x: sized(AVATAR_2X),
            card: sized(CARD),
            og: sized(OG),
            source,
            format,
            origin,
        })
    }

    /// Each variant with its spec, in [`ALL`]'s order.
    pub fn variants(&self) -> [(Spec, &Sized); 4] {
        [
            (AVATAR, &self.avatar),
            (AVATAR_2X, &self.avatar_2x),
            (CARD, &self.card),
            (OG, &self.og),
        ]
    }
}

/// The social image of a page: the Open Graph copy of a local image, or
/// the `image:` href as it is (a URL, an SVG).
pub fn social<'a>(image: Option<&'a str>, set: Option<&'a ImageSet>) -> Option<&'a str> {
    set.map(|s| s.og.src.as_str()).or(image)
}

/// A crop of `(width, height)` with the aspect ratio of `(tw, th)`, as
/// large as fits: `(x, y, w, h)`. Centred across; down the image, a
/// third of the slack sits above, since faces sit above the middle of a
/// portrait.
pub fn cover_crop(width: u32, height: u32, tw: u32, th: u32) -> (u32, u32, u32, u32) {
    let (w, h, tw, th) = (
        u64::from(width),
        u64::from(height),
        u64::from(tw.max(1)),
        u64::from(th.max(1)),
    );
    // Compare w/h with tw/th without floating point.
    let (cw, ch) = if w * th > h * tw {
        ((h * tw / th).max(1), h)
    } else {
        (w, (w * th / tw).max(1))
    };
    let x = (w - cw.min(w)) / 2;
    let y = (h - ch.min(h)) / 3;
    let c = |v: u64| u32::try_from(v).unwrap_or(u32::MAX);
    (c(x), c(y), c(cw.min(w)), c(ch.min(h)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cover_crop_keeps_the_target_ratio_and_the_most_pixels() {
        // A 3:4 portrait to a square: full width, a third of the slack above.
        assert_eq!(cover_crop(600, 800, 1, 1), (0, 66, 600, 600));
        // A landscape to a square: full height, centred across.
        assert_eq!(cover_crop(1000, 500, 96, 96), (250, 0, 500, 500));
        // A portrait to 1200×630: full width.
        assert_eq!(cover_crop(600, 800, 1200, 630), (0, 161, 600, 315));
        // Already the right ratio: everything.
        assert_eq!(cover_crop(2400, 1260, 1200, 630), (0, 0, 2400, 1260));
        // Degenerate sizes never give an empty crop or overflow.
        assert_eq!(cover_crop(1, 1, 1200, 630), (0, 0, 1, 1));
        let (x, y, w, h) = cover_crop(u32::MAX, 1, 4, 3);
        assert!(w >= 1 && h == 1 && x.checked_add(w).is_some() && y == 0);
    }

    #[test]
    fn names_follow_the_source_and_never_collide() {
        let o = Origin::default();
        let jpg = ImageSet::for_value("/images/lea.jpg", o.clone()).unwrap();
        let png = ImageSet::for_value("images/lea.png", o.clone()).unwrap();
        assert_eq!(jpg.avatar.path, "images/lea.jpg.96x96.webp");
        assert_eq!(jpg.avatar_2x.path, "images/lea.jpg.192x192.webp");
        assert_eq!(jpg.card.path, "images/lea.jpg.720x540.webp");
        assert_eq!(jpg.og.path, "images/lea.jpg.1200x630.jpg");
        assert_eq!(png.og.path, "images/lea.png.1200x630.png");
        assert_ne!(jpg.avatar.path, png.avatar.path);
        let webp = ImageSet::for_value("/a/b.WEBP", o.clone()).unwrap();
        assert_eq!(webp.og.path, "a/b.WEBP.1200x630.jpg");
        assert_eq!((webp.og.width, webp.og.height), (1200, 630));
    }

    #[test]
    fn urls_svg_and_unsupported_get_no_copies() {
        let o = Origin::default();
        for v in [
            "https://cdn.example/lea.jpg",
            "//cdn.example/lea.jpg",
            "/images/logo.svg",
            "/images/x.heic",
            "/images/a.jpg?v=2",
            "",
        ] {
            assert!(ImageSet::for_value(v, o.clone()).is_none(), "{v}");
        }
        assert_eq!(kind("x.HEIC"), Kind::Unsupported);
        assert_eq!(kind("x.gif"), Kind::AsIs);
    }

    #[test]
    fn hrefs_escape_what_would_break_srcset() {
        let s = ImageSet::for_value("/images/Léa Martin, 2.jpg", Origin::default()).unwrap();
        assert_eq!(s.avatar.path, "images/Léa Martin, 2.jpg.96x96.webp");
        assert_eq!(s.avatar.src, "images/Léa%20Martin%2C%202.jpg.96x96.webp");
        assert_eq!(social(Some("images/x.svg"), None), Some("images/x.svg"));
        assert_eq!(social(Some("x"), Some(&s)), Some(s.og.src.as_str()));
    }
}
