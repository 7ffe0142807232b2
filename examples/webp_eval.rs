//! Compares the two WebP encoders on JPEG files: libwebp lossy (the
//! `webp` crate, what the build uses) and `image`'s own lossless encoder,
//! for the card size (720×540) the build writes. Prints total bytes and time.
//!
//! `cargo run --release --example webp_eval -- FILE.jpg…`

use creatorkb::images::{encode, variants};
use std::time::Instant;

fn main() {
    let mut decoded = Vec::new();
    for f in std::env::args().skip(1) {
        let bytes = std::fs::read(&f).unwrap_or_default();
        match encode::decode(&bytes) {
            Ok(d) => decoded.push(d),
            Err(e) => eprintln!("{f}: {e}"),
        }
    }
    let spec = variants::CARD;
    let resized: Vec<image::RgbImage> = decoded
        .iter()
        .filter_map(|d| match d {
            encode::Decoded::Rgb(i) => {
                let (x, y, w, h) =
                    variants::cover_crop(i.width(), i.height(), spec.width, spec.height);
                let crop = image::imageops::crop_imm(i, x, y, w, h);
                Some(image::imageops::resize(
                    &*crop,
                    spec.width,
                    spec.height,
                    image::imageops::FilterType::CatmullRom,
                ))
            }
            encode::Decoded::Rgba(_) => None,
        })
        .collect();
    for method in [6, 4, 2, 0] {
        let t = Instant::now();
        let bytes: usize = resized
            .iter()
            .map(|i| {
                encode::webp(
                    i.as_raw(),
                    webp::PixelLayout::Rgb,
                    i.width(),
                    i.height(),
                    method,
                )
                .map_or(0, |b| b.len())
            })
            .sum();
        let n = resized.len().max(1);
        println!(
            "libwebp lossy q{} method {method}: {} KiB/image, {:.1} ms/image",
            encode::WEBP_QUALITY,
            bytes / n / 1024,
            t.elapsed().as_secs_f64() * 1000.0 / n as f64
        );
    }
    let t = Instant::now();
    let lossless: usize = resized
        .iter()
        .map(|i| {
            let mut out = Vec::new();
            let enc = image::codecs::webp::WebPEncoder::new_lossless(&mut out);
            i.write_with_encoder(enc).map(|_| out.len()).unwrap_or(0)
        })
        .sum();
    let lossless_t = t.elapsed();
    let n = resized.len().max(1);
    println!(
        "{} images at {}x{}: image lossless: {} KiB/image, {:.1} ms/image",
        resized.len(),
        spec.width,
        spec.height,
        lossless / n / 1024,
        lossless_t.as_secs_f64() * 1000.0 / n as f64,
    );
}
