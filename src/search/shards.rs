//! The search index as small files loaded on demand: a manifest
//! (`search/index.js`) and shards, every one a script that registers itself
//! through `window.creatorkbSearchChunk(name, data)`, so that `file://`
//! works (browsers refuse `fetch` of local files, not `<script>`).
//!
//! - `search/index.js`: `window.creatorkbSearch={"v":2,"kinds":[labels],
//!   "starts":[first document of each kind],"docs":count,"per":PER,
//!   "words":[first word of each word shard],"initials":"abc…"};`
//! - `search/w/<n>.js`: words `[words[n], words[n+1])`, sorted as
//!   JavaScript compares strings, as `{"tokens":"a b …","postings":[…]}`;
//!   shards are cut at [`WORD_BUDGET`] bytes (a single word may exceed it);
//! - `search/d/<n>.js`: documents `n*PER .. (n+1)*PER` as
//!   `[kind, title, path, meta, snippet]`;
//! - `search/i/<hex>.js`: for a one-letter query, the documents with a word
//!   of their title starting with that character (code point in hex), best
//!   first, as plain numbers in the posting digits.
//!
//! Documents are numbered by kind, then title, then their order in the
//! site, so a document's kind is known from `starts` and the browser's tie
//! break on equal scores is the number. A posting is
//! `(doc - previous doc) * 8 + start * 4 + field`, where `start` says the
//! document's folded title begins with the word (the browser's bonus for a
//! title that starts with the query).

use super::index::{Builder, DIGITS, Doc, Field, KIND_BONUS};
use crate::plan::OutputFile;
use std::collections::BTreeMap;

/// Target size of a word shard in bytes; the sum of one typical query's
/// shards and documents stays well under 300 KB at 100k pages.
pub const WORD_BUDGET: usize = 96 * 1024;

/// Documents per document shard: a result page of 30 touches at most 30
/// shards of a few KB.
pub const PER: usize = 16;

/// Appends `n` in the posting digits (base 32, continuation groups first).
fn varint(mut n: u64, out: &mut String) {
    while n >= 32 {
        out.push(DIGITS[32 + (n & 31) as usize] as char);
        n >>= 5;
    }
    out.push(DIGITS[n as usize] as char);
}

/// JSON text of a value made of strings and numbers, which always serializes.
fn json<T: serde::Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// A shard's script.
fn chunk(path: String, name: &str, data: &str) -> OutputFile {
    let mut s = String::with_capacity(data.len() + 64);
    s.push_str("creatorkbSearchChunk(");
    s.push_str(&json(name));
    s.push(',');
    s.push_str(data);
    s.push_str(");\n");
    OutputFile {
        path,
        bytes: s.into_bytes(),
    }
}

/// The manifest and every shard of `b`, under `dir` (`search/` or
/// `fr/search/`); the manifest is first.
pub fn files(b: &Builder, dir: &str) -> Vec<OutputFile> {
    let docs = b.docs();
    let folded: Vec<String> = docs.iter().map(|d| crate::text::fold(&d.title)).collect();
    // Number documents by kind, then title (as JavaScript compares), then
    // site order; `order[new] = old`, `renum[old] = new`.
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by(|&x, &y| {
        let (a, c) = (&docs[x], &docs[y]);
        a.kind
            .cmp(&c.kind)
            .then_with(|| a.title.encode_utf16().cmp(c.title.encode_utf16()))
            .then(x.cmp(&y))
    });
    let mut renum = vec![0u32; docs.len()];
    for (new, &old) in order.iter().enumerate() {
        renum[old] = new as u32;
    }
    let mut out = Vec::new();
    // Word shards.
    let mut tokens: Vec<(&String, &Vec<(u32, Field)>)> = b.postings().iter().collect();
    tokens.sort_by(|a, c| a.0.encode_utf16().cmp(c.0.encode_utf16()));
    let mut firsts: Vec<&str> = Vec::new();
    let (mut words, mut lists, mut size): (Vec<&str>, Vec<String>, usize) = (vec![], vec![], 0);
    let flush = |words: &mut Vec<&str>, lists: &mut Vec<String>, out: &mut Vec<OutputFile>| {
        let n = out.len();
        let data = format!(
            "{{\"tokens\":{},\"postings\":[\n{}\n]}}",
            json(&words.join(" ")),
            lists
                .iter()
                .map(|l| format!("\"{l}\""))
                .collect::<Vec<_>>()
                .join(",\n")
        );
        out.push(chunk(format!("{dir}w/{n}.js"), &format!("w/{n}"), &data));
        words.clear();
        lists.clear();
    };
    for (word, list) in tokens {
        let mut posts: Vec<(u32, u64)> = list
            .iter()
            .map(|&(d, f)| {
                let start = f == Field::Title && folded[d as usize].starts_with(word.as_str());
                (renum[d as usize], u64::from(start) * 4 + f as u64)
            })
            .collect();
        posts.sort_unstable();
        let mut enc = String::with_capacity(posts.len() * 2);
        let mut prev = 0u32;
        for (d, low) in posts {
            varint(u64::from(d - prev) * 8 + low, &mut enc);
            prev = d;
        }
        // The word, a space, the postings in quotes, a comma and a newline.
        let cost = word.len() + enc.len() + 6;
        if !words.is_empty() && size + cost > WORD_BUDGET {
            flush(&mut words, &mut lists, &mut out);
            size = 0;
        }
        if words.is_empty() {
            firsts.push(word);
        }
        words.push(word);
        lists.push(enc);
        size += cost;
    }
    if !words.is_empty() {
        flush(&mut words, &mut lists, &mut out);
    }
    // Document shards.
    for (n, group) in order.chunks(PER).enumerate() {
        let rows: Vec<String> = group
            .iter()
            .map(|&i| {
                let d: &Doc = &docs[i];
                json(&(d.kind, &d.title, &d.path, &d.meta, &d.snippet))
            })
            .collect();
        let data = format!("[\n{}\n]", rows.join(",\n"));
        out.push(chunk(format!("{dir}d/{n}.js"), &format!("d/{n}"), &data));
    }
    // One-letter queries: (score, doc) per initial of a title word.
    let mut initials: BTreeMap<char, Vec<(u32, u32)>> = BTreeMap::new();
    for (new, &old) in order.iter().enumerate() {
        let title = &folded[old];
        let bonus = KIND_BONUS
            .get(docs[old].kind as usize)
            .copied()
            .unwrap_or(0);
        let mut prev_word = false;
        let mut seen: Vec<char> = Vec::new();
        for (at, c) in title.chars().enumerate() {
            let word = c.is_alphanumeric();
            if word && !prev_word && !seen.contains(&c) {
                seen.push(c);
                let score = if at == 0 { 60 } else { 0 } + bonus;
                initials.entry(c).or_default().push((score, new as u32));
            }
            prev_word = word;
        }
    }
    let mut letters = String::new();
    for (c, mut list) in initials {
        // Best first: higher score, then lower number.
        list.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut enc = String::with_capacity(list.len() * 4);
        for (_, d) in list {
            varint(u64::from(d), &mut enc);
        }
        let name = format!("i/{:x}", c as u32);
        out.push(chunk(format!("{dir}{name}.js"), &name, &json(&enc)));
        letters.push(c);
    }
    // Kind starts: the first number of each kind (documents are by kind).
    let kinds = b.kinds();
    let starts: Vec<usize> = (0..kinds.len())
        .map(|k| order.partition_point(|&i| (docs[i].kind as usize) < k))
        .collect();
    let manifest = format!(
        "/* creatorkb search index: generated by `creatorkb build`, do not edit. */\nwindow.creatorkbSearch={{\"v\":2,\"kinds\":{},\"starts\":{},\"docs\":{},\"per\":{PER},\"words\":{},\"initials\":{}}};\n",
        json(kinds),
        json(&starts),
        docs.len(),
        json(&firsts),
        json(&letters),
    );
    out.insert(
        0,
        OutputFile {
            path: format!("{dir}index.js"),
            bytes: manifest.into_bytes(),
        },
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index::Entry;
    use std::sync::Arc;

    /// A site of `n` documents whose words come from a fixed pseudo-random
    /// sequence: enough text for many word shards.
    fn builder(n: usize) -> Builder {
        let mut x: u64 = 7;
        let mut next = move || {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) as usize
        };
        let syll = [
            "ba", "lé", "tri", "ko", "mar", "zu", "ne", "sol", "ax", "pi",
        ];
        let word = |next: &mut dyn FnMut() -> usize| -> String {
            (0..2 + next() % 3)
                .map(|_| syll[next() % syll.len()])
                .collect()
        };
        let entries = (0..n)
            .map(|i| {
                let title = format!("{} {}", word(&mut next), word(&mut next));
                let mut e =
                    Entry::new((i % 4) as u8, &title, &format!("p/{i}/"), String::new(), "");
                let body: Vec<String> = (0..30).map(|_| word(&mut next)).collect();
                e.text(Field::Body, &body.join(" "));
                Arc::new(e)
            })
            .collect();
        Builder::new(entries)
    }

    /// The JSON data of a shard or the manifest.
    fn data(f: &OutputFile) -> serde_json::Value {
        let s = std::str::from_utf8(&f.bytes).unwrap().trim_end();
        let s = s
            .strip_suffix(");")
            .or_else(|| s.strip_suffix(';'))
            .unwrap();
        let at = if s.starts_with("creatorkbSearchChunk(") {
            s.find(',').unwrap() + 1
        } else {
            s.find('=').unwrap() + 1
        };
        serde_json::from_str(&s[at..]).unwrap()
    }

    fn decode(s: &str) -> Vec<(u32, u64)> {
        let (mut doc, mut n, mut shift, mut out) = (0u32, 0u64, 0, Vec::new());
        for c in s.bytes() {
            let d = DIGITS.iter().position(|&x| x == c).unwrap() as u64;
            if d >= 32 {
                n |= (d - 32) << shift;
                shift += 5;
            } else {
                n |= d << shift;
                doc += (n >> 3) as u32;
                out.push((doc, n & 7));
                (n, shift) = (0, 0);
            }
        }
        out
    }

    #[test]
    fn every_word_is_in_the_shard_the_manifest_points_to() {
        let b = builder(3000);
        let files = files(&b, "search/");
        let by_path: BTreeMap<&str, &OutputFile> =
            files.iter().map(|f| (f.path.as_str(), f)).collect();
        let m = data(&files[0]);
        let firsts: Vec<&str> = m["words"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap())
            .collect();
        assert!(firsts.len() > 3, "{} word shards", firsts.len());
        // Documents, by number, from the document shards.
        let per = m["per"].as_u64().unwrap() as usize;
        let mut docs = Vec::new();
        for n in 0..b.docs().len().div_ceil(per) {
            let d = data(by_path[format!("search/d/{n}.js").as_str()]);
            docs.extend(
                d.as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r[2].as_str().unwrap().to_string()),
            );
        }
        assert_eq!(docs.len(), b.docs().len());
        let shards: Vec<serde_json::Value> = (0..firsts.len())
            .map(|n| data(by_path[format!("search/w/{n}.js").as_str()]))
            .collect();
        for (word, list) in b.postings() {
            // As search.js finds it: the last shard whose first word is <= it.
            let n =
                firsts.partition_point(|f| f.encode_utf16().cmp(word.encode_utf16()).is_le()) - 1;
            let tokens: Vec<&str> = shards[n]["tokens"].as_str().unwrap().split(' ').collect();
            let t = tokens
                .iter()
                .position(|t| t == word)
                .unwrap_or_else(|| panic!("{word}"));
            let got: Vec<String> = decode(shards[n]["postings"][t].as_str().unwrap())
                .into_iter()
                .map(|(d, _)| docs[d as usize].clone())
                .collect();
            let mut want: Vec<String> = list
                .iter()
                .map(|&(d, _)| b.docs()[d as usize].path.clone())
                .collect();
            let mut got_sorted = got.clone();
            got_sorted.sort();
            want.sort();
            assert_eq!(got_sorted, want, "{word}");
        }
    }

    #[test]
    fn shards_stay_under_their_budget_and_output_is_deterministic() {
        let a = files(&builder(3000), "search/");
        let b = files(&builder(3000), "search/");
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.path, y.path);
            assert!(x.bytes == y.bytes, "{} differs between two builds", x.path);
        }
        for f in &a {
            assert!(
                f.bytes.len() < 1 << 20,
                "{}: {} bytes",
                f.path,
                f.bytes.len()
            );
            if f.path.starts_with("search/w/") {
                let words = data(f)["tokens"].as_str().unwrap().split(' ').count();
                assert!(
                    f.bytes.len() <= WORD_BUDGET + 200 || words == 1,
                    "{}: {} bytes",
                    f.path,
                    f.bytes.len()
                );
            }
        }
        assert!(a.len() < 3000 / PER + 200, "{} files", a.len());
    }

    #[test]
    fn one_letter_lists_rank_title_starts_first() {
        let entries = [
            (0, "Zoé Ark"),
            (3, "Ana Zed"),
            (0, "Ana Lou"),
            (2, "Bob Az"),
        ]
        .iter()
        .map(|(k, t)| Arc::new(Entry::new(*k, t, t, String::new(), "")))
        .collect();
        let files = files(&Builder::new(entries), "search/");
        let m = data(&files[0]);
        assert_eq!(m["initials"], "ablz");
        // By kind then title: 0 Ana Lou, 1 Zoé Ark, 2 Bob Az, 3 Ana Zed.
        assert_eq!(m["starts"][0], 0);
        assert_eq!(m["starts"][2], 2);
        let a = files.iter().find(|f| f.path == "search/i/61.js").unwrap();
        // Titles starting with "a" first (60 + kind bonus), then words.
        let got: Vec<u32> = decode_plain(data(a).as_str().unwrap());
        assert_eq!(got, [0, 3, 1, 2]);
    }

    fn decode_plain(s: &str) -> Vec<u32> {
        let (mut n, mut shift, mut out) = (0u64, 0, Vec::new());
        for c in s.bytes() {
            let d = DIGITS.iter().position(|&x| x == c).unwrap() as u64;
            if d >= 32 {
                n |= (d - 32) << shift;
                shift += 5;
            } else {
                out.push((n | d << shift) as u32);
                (n, shift) = (0, 0);
            }
        }
        out
    }
}
