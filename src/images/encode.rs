//! Decoding one source under limits, and making one variant of it: crop,
//! resize, encode. Pure functions of their inputs (no clock, no threads
//! inside), so the same source always gives the same bytes.

use super::variants::{Format, Spec, cover_crop};
use image::imageops::{self, FilterType};
use image::{DynamicImage, ImageFormat, ImageReader, RgbImage, RgbaImage};
use std::io::Cursor;

/// Largest width or height a source may have.
pub const MAX_SIDE: u32 = 16_384;
/// Most pixels a source may have (a 50-megapixel camera's photo): a
/// decoded image takes 3 or 4 bytes a pixel, and two are decoded at once.
pub const MAX_PIXELS: u64 = 50_000_000;
/// Most bytes the decoder may allocate for one image.
const MAX_ALLOC: u64 = 512 * 1024 * 1024;
/// libwebp's quality for the WebP copies (0–100): see `bench/README.md`.
pub const WEBP_QUALITY: f32 = 80.0;
/// libwebp's effort (0–6): see `bench/README.md` for the measurement.
pub const WEBP_METHOD: i32 = 2;
/// Quality of the JPEG Open Graph copies.
pub const JPEG_QUALITY: u8 = 85;

/// A decoded source, with or without alpha.
pub enum Decoded {
    /// Opaque.
    Rgb(RgbImage),
    /// With transparency (PNG, WebP).
    Rgba(RgbaImage),
}

impl Decoded {
    /// Width and height.
    pub fn dimensions(&self) -> (u32, u32) {
        match self {
            Decoded::Rgb(i) => i.dimensions(),
            Decoded::Rgba(i) => i.dimensions(),
        }
    }
}

/// Decodes `bytes` (JPEG, PNG or WebP, told by their content) after
/// checking the size the header announces; the message says what is wrong.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    let reader = || {
        let mut r = ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|e| e.to_string())?;
        let mut limits = image::Limits::default();
        limits.max_image_width = Some(MAX_SIDE);
        limits.max_image_height = Some(MAX_SIDE);
        limits.max_alloc = Some(MAX_ALLOC);
        r.limits(limits);
        Ok::<_, String>(r)
    };
    let r = reader()?;
    match r.format() {
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP) => {}
        Some(f) => {
            return Err(format!(
                "is a {f:?} file: use JPEG, PNG or WebP (or SVG, GIF, AVIF, shown as they are)"
            ));
        }
        None => return Err("is not an image this build can read (JPEG, PNG, WebP)".into()),
    }
    let (w, h) = r
        .into_dimensions()
        .map_err(|e| format!("cannot be read: {e}"))?;
    if w == 0 || h == 0 {
        return Err("has no pixels".into());
    }
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!(
            "is {w}×{h} pixels, more than the {} megapixels allowed: resize it first",
            MAX_PIXELS / 1_000_000
        ));
    }
    let img = reader()?
        .decode()
        .map_err(|e| format!("cannot be decoded: {e}"))?;
    Ok(if img.color().has_alpha() {
        Decoded::Rgba(img.into_rgba8())
    } else {
        Decoded::Rgb(img.into_rgb8())
    })
}

/// The variant `spec` of `src` in `format`: a cover crop (see
/// [`cover_crop`]) resized to exactly `spec`'s size.
pub fn variant(src: &Decoded, spec: Spec, format: Format) -> Result<Vec<u8>, String> {
    let (w, h) = src.dimensions();
    let (x, y, cw, ch) = cover_crop(w, h, spec.width, spec.height);
    let (tw, th) = (spec.width, spec.height);
    // Catmull-Rom: sharper than a triangle filter for the large
    // reductions portraits go through, without Lanczos's ringing.
    let filter = FilterType::CatmullRom;
    match src {
        Decoded::Rgb(img) => {
            let out = imageops::resize(&*imageops::crop_imm(img, x, y, cw, ch), tw, th, filter);
            encode_rgb(&out, format)
        }
        Decoded::Rgba(img) => {
            let out = imageops::resize(&*imageops::crop_imm(img, x, y, cw, ch), tw, th, filter);
            match format {
                Format::WebP => webp(out.as_raw(), webp::PixelLayout::Rgba, tw, th, WEBP_METHOD),
                Format::Png => encode_png(&DynamicImage::ImageRgba8(out)),
                Format::Jpeg => encode_rgb(&flatten(&out), format),
            }
        }
    }
}

fn encode_rgb(img: &RgbImage, format: Format) -> Result<Vec<u8>, String> {
    let (w, h) = img.dimensions();
    match format {
        Format::WebP => webp(img.as_raw(), webp::PixelLayout::Rgb, w, h, WEBP_METHOD),
        Format::Jpeg => {
            let mut out = Vec::new();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
                .encode_image(img)
                .map_err(|e| format!("cannot be encoded: {e}"))?;
            Ok(out)
        }
        Format::Png => encode_png(&DynamicImage::ImageRgb8(img.clone())),
    }
}

/// Lossy WebP at [`WEBP_QUALITY`] with libwebp's `method` (0 fastest –
/// 6 smallest); single-threaded, so the bytes never depend on scheduling.
pub fn webp(
    raw: &[u8],
    layout: webp::PixelLayout,
    w: u32,
    h: u32,
    method: i32,
) -> Result<Vec<u8>, String> {
    let mut config =
        webp::WebPConfig::new().map_err(|()| "cannot be encoded: libwebp setup".to_string())?;
    config.quality = WEBP_QUALITY;
    config.method = method;
    config.alpha_compression = 1;
    config.thread_level = 0;
    webp::Encoder::new(raw, layout, w, h)
        .encode_advanced(&config)
        .map(|m| m.to_vec())
        .map_err(|e| format!("cannot be encoded as WebP: {e:?}"))
}

fn encode_png(img: &DynamicImage) -> Result<Vec<u8>, String> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png)
        .map_err(|e| format!("cannot be encoded: {e}"))?;
    Ok(out.into_inner())
}

/// Transparent pixels over white, for JPEG (which has no alpha).
fn flatten(img: &RgbaImage) -> RgbImage {
    RgbImage::from_fn(img.width(), img.height(), |x, y| {
        let p = img.get_pixel(x, y).0;
        let a = u16::from(p[3]);
        let mix = |c: u8| ((u16::from(c) * a + 255 * (255 - a) + 127) / 255) as u8;
        image::Rgb([mix(p[0]), mix(p[1]), mix(p[2])])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::variants::{AVATAR, OG};

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
            .encode_image(&img)
            .unwrap();
        out
    }

    #[test]
    fn variants_have_their_exact_size_and_format() {
        let src = decode(&jpeg(60, 80)).unwrap();
        let webp = variant(&src, AVATAR, Format::WebP).unwrap();
        let img = image::load_from_memory(&webp).unwrap();
        assert_eq!(image::guess_format(&webp).unwrap(), ImageFormat::WebP);
        assert_eq!((img.width(), img.height()), (96, 96));
        let og = variant(&src, OG, Format::Jpeg).unwrap();
        assert_eq!(image::guess_format(&og).unwrap(), ImageFormat::Jpeg);
        let img = image::load_from_memory(&og).unwrap();
        assert_eq!((img.width(), img.height()), (1200, 630));
        // Deterministic.
        assert_eq!(variant(&src, AVATAR, Format::WebP).unwrap(), webp);
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

    #[test]
    fn broken_and_huge_sources_are_refused_before_decoding() {
        let good = jpeg(16, 16);
        assert!(decode(&good[..good.len() / 2]).is_err());
        assert!(decode(b"not an image").is_err());
        // PNG headers announcing too many pixels, and nothing else.
        let e = decode(&png_header(16_000, 16_000))
            .err()
            .unwrap_or_default();
        assert!(e.contains("megapixels"), "{e}");
        let e = decode(&png_header(20_000, 10)).err().unwrap_or_default();
        assert!(!e.is_empty());
        let gif = b"GIF89a\x01\0\x01\0\0\0\0;";
        assert!(decode(gif).err().unwrap_or_default().contains("Gif"));
    }
}
