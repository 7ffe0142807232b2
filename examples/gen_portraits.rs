//! Writes deterministic synthetic "portraits" as JPEG files: a lit
//! background gradient, a head and shoulders of soft-edged ellipses, and
//! sensor-like noise, so encoders see something close to a photo (smooth
//! areas, edges, grain) and no real person is pictured.
//!
//! `cargo run --release --example gen_portraits -- DIR COUNT [WIDTH HEIGHT [PREFIX]]`
//! writes `DIR/PREFIX0001.jpg`…; the same arguments give the same bytes.
//! Used by `bench/gen_corpus.py --portraits` and for the example site.

use image::{Rgb, RgbImage};
use std::path::PathBuf;

/// xorshift64*: small, seedable, the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
}

fn lerp(a: [f32; 3], b: [f32; 3], t: f32) -> [f32; 3] {
    [0, 1, 2].map(|i| a[i] + (b[i] - a[i]) * t)
}

fn color(r: &mut Rng) -> [f32; 3] {
    [r.unit() * 255.0, r.unit() * 255.0, r.unit() * 255.0]
}

/// Soft inside-ness of (x, y) in the ellipse (cx, cy, rx, ry): 1 inside, 0 out.
fn ellipse(x: f32, y: f32, e: (f32, f32, f32, f32), soft: f32) -> f32 {
    let (cx, cy, rx, ry) = e;
    let d = (((x - cx) / rx).powi(2) + ((y - cy) / ry).powi(2)).sqrt();
    ((1.0 - d) / soft + 0.5).clamp(0.0, 1.0)
}

fn portrait(seed: u64, w: u32, h: u32) -> RgbImage {
    let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    for _ in 0..4 {
        r.next();
    }
    let (bg1, bg2) = (color(&mut r), color(&mut r));
    let skins = [
        [224.0, 172.0, 140.0],
        [198.0, 134.0, 96.0],
        [141.0, 85.0, 54.0],
        [90.0, 56.0, 38.0],
    ];
    let skin = skins[(r.next() % 4) as usize];
    let hair = lerp(color(&mut r), [30.0, 20.0, 15.0], 0.6);
    let shirt = color(&mut r);
    let (fw, fh) = (w as f32, h as f32);
    let head = (
        fw * (0.45 + r.unit() * 0.1),
        fh * (0.36 + r.unit() * 0.06),
        fw * 0.17,
        fh * 0.17,
    );
    let hair_e = (head.0, head.1 - fh * 0.04, head.2 * 1.12, head.3 * 1.05);
    let body = (fw * 0.5, fh * 1.02, fw * 0.42, fh * 0.38);
    let light = r.unit();
    let mut noise = Rng(seed ^ 0xABCD_EF01_2345_6789);
    RgbImage::from_fn(w, h, |x, y| {
        let (x, y) = (x as f32, y as f32);
        let t = (x / fw * light + y / fh * (1.0 - light)).clamp(0.0, 1.0);
        let mut c = lerp(bg1, bg2, t);
        // Background bokeh.
        let b = (x * 0.021 + seed as f32).sin() * (y * 0.017).cos() * 12.0;
        c = c.map(|v| v + b);
        c = lerp(c, shirt, ellipse(x, y, body, 0.05));
        c = lerp(c, hair, ellipse(x, y, hair_e, 0.03));
        let face = ellipse(x, y, head, 0.04);
        let shade = 0.85 + 0.25 * ((x - head.0) / head.2 * -0.6 + 0.4).clamp(0.0, 1.0);
        c = lerp(c, skin.map(|v| v * shade), face);
        // Eyes and mouth: small dark ellipses.
        for dx in [-0.38, 0.38] {
            let eye = (
                head.0 + head.2 * dx,
                head.1 - head.3 * 0.1,
                head.2 * 0.12,
                head.3 * 0.06,
            );
            c = lerp(c, [40.0, 30.0, 30.0], ellipse(x, y, eye, 0.2) * face);
        }
        let mouth = (head.0, head.1 + head.3 * 0.45, head.2 * 0.3, head.3 * 0.06);
        c = lerp(c, [150.0, 70.0, 70.0], ellipse(x, y, mouth, 0.2) * face);
        let grain = (noise.unit() - 0.5) * 14.0;
        Rgb(c.map(|v| (v + grain).clamp(0.0, 255.0) as u8))
    })
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize, d: &str| args.get(i).cloned().unwrap_or_else(|| d.to_string());
    let dir = PathBuf::from(arg(0, "portraits"));
    let count: u64 = arg(1, "10").parse().unwrap_or(10);
    let w: u32 = arg(2, "720").parse().unwrap_or(720);
    let h: u32 = arg(3, "960").parse().unwrap_or(960);
    let prefix = arg(4, "portrait-");
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("cannot create {}: {e}", dir.display());
        std::process::exit(1);
    }
    for i in 1..=count {
        let img = portrait(i, w, h);
        let mut out = Vec::new();
        let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 88);
        if let Err(e) = img.write_with_encoder(enc) {
            eprintln!("cannot encode: {e}");
            std::process::exit(1);
        }
        let path = dir.join(format!("{prefix}{i:04}.jpg"));
        if let Err(e) = std::fs::write(&path, out) {
            eprintln!("cannot write {}: {e}", path.display());
            std::process::exit(1);
        }
    }
}
