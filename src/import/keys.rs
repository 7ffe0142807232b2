//! What a CSV column means: the front-matter key it fills, found from its
//! header by name (any case, `_`/`-`/spaces alike), by a common alias, or
//! from `--map`.

use crate::model::types::Network;

/// How a cell is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// Text as written.
    Str,
    /// A number when it reads as one (`3,8` too); else the text, which the
    /// loader then rejects in `check`'s words.
    Num,
    /// `true`/`false` (also `yes`/`no`, `1`/`0`).
    Bool,
    /// `;`-separated values.
    List,
    /// One value per line.
    Lines,
}

/// Where a column's value goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A top-level key.
    Top(&'static str, Ty),
    /// A key of a top-level map (`contact.email`).
    Sub(&'static str, &'static str, Ty),
    /// `name=value;…` pairs merged into a top-level map (`rates`, `results`).
    Pairs(&'static str),
    /// A field of the creator's platform on a network.
    Platform(&'static str, &'static str, Ty),
    /// The creator's main handle: on the platform with the most followers.
    Handle,
    /// Timeline events, one `YYYY-MM-DD type: note` per line.
    History,
    /// A field of this row's participation (campaigns).
    Part(&'static str, Ty),
    /// A key of a participation's map (`disclosure.label`).
    PartSub(&'static str, &'static str, Ty),
    /// `name=value;…` pairs of the participation's `results`.
    PartPairs,
    /// Read and left out: a figure the build computes, or `--ignore`.
    Skip,
}

/// Which entries a CSV file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// Creator profiles, one row each.
    Creators,
    /// Campaign recaps, one row per participation.
    Campaigns,
}

/// A header or key in the form they are compared in.
pub fn normalize(s: &str) -> String {
    let folded = crate::text::fold(s.trim().trim_start_matches('\u{feff}'));
    let mut out = String::new();
    for part in folded.split(|c: char| c == '_' || c == '-' || c.is_whitespace()) {
        if !part.is_empty() {
            if !out.is_empty() && !out.ends_with('.') {
                out.push(' ');
            }
            out.push_str(part);
        }
    }
    out.replace(" .", ".")
}

/// Every key of `kind` with its target, in documented order.
pub fn keys(kind: Kind) -> Vec<(String, Target)> {
    use Target::*;
    use Ty::*;
    let mut v: Vec<(String, Target)> = Vec::new();
    let mut add = |k: &str, t: Target| v.push((k.to_string(), t));
    match kind {
        Kind::Creators => {
            for (k, t) in [
                ("name", Str),
                ("status", Str),
                ("slug", Str),
                ("summary", Str),
                ("image", Str),
                ("niches", List),
                ("languages", List),
                ("location", Str),
                ("country", Str),
                ("since", Str),
                ("tags", List),
                ("owner", Str),
                ("draft", Bool),
                ("private", Bool),
            ] {
                add(k, Top(k, t));
            }
            add("handle", Handle);
            for n in Network::ALL {
                let n = n.as_str();
                for (f, t) in [
                    ("handle", Str),
                    ("url", Str),
                    ("followers", Num),
                    ("engagement_rate", Num),
                ] {
                    add(&format!("{n}.{f}"), Platform(n, f, t));
                }
            }
            for (m, f, t) in [
                ("audience", "top_countries", List),
                ("audience", "age_range", Str),
                ("audience", "female_share", Num),
                ("audience", "notes", Str),
                ("preferences", "formats", List),
                ("preferences", "topics", List),
                ("preferences", "avoid", List),
                ("preferences", "brief_style", Str),
                ("preferences", "availability", Str),
                ("preferences", "notes", Str),
                ("rates", "currency", Str),
                ("contact", "email", Str),
                ("contact", "phone", Str),
                ("contact", "agent", Str),
                ("contact", "agency", Str),
                ("consent", "date", Str),
                ("consent", "scope", Str),
            ] {
                add(&format!("{m}.{f}"), Sub(m, f, t));
            }
            add("rates", Pairs("rates"));
            add("history", History);
        }
        Kind::Campaigns => {
            for (k, t) in [
                ("title", Str),
                ("brand", Str),
                ("objective", Str),
                ("stage", Str),
                ("start", Str),
                ("end", Str),
                ("date", Str),
                ("author", Str),
                ("summary", Str),
                ("image", Str),
                ("channels", List),
                ("markets", List),
                ("learnings", Lines),
                ("slug", Str),
                ("draft", Bool),
                ("private", Bool),
            ] {
                add(k, Top(k, t));
            }
            add("results", Pairs("results"));
            for (m, f, t) in [
                ("disclosure", "labels", List),
                ("disclosure", "platform_tools", List),
                ("disclosure", "compliant", Bool),
                ("usage_rights", "duration", Str),
                ("usage_rights", "channels", List),
                ("usage_rights", "paid_media", Bool),
                ("budget", "amount", Num),
                ("budget", "currency", Str),
            ] {
                add(&format!("{m}.{f}"), Sub(m, f, t));
            }
            for (f, t) in [
                ("creator", Str),
                ("status", Str),
                ("deliverables", List),
                ("responded", Bool),
                ("due", Str),
                ("published", Str),
                ("on_time", Bool),
                ("approval_rounds", Num),
                ("quality", Num),
                ("content", List),
                ("fee", Num),
            ] {
                add(&format!("creators.{f}"), Part(f, t));
            }
            add("creators.results", PartPairs);
            add(
                "creators.disclosure.label",
                PartSub("disclosure", "label", Str),
            );
            add(
                "creators.disclosure.platform_tool",
                PartSub("disclosure", "platform_tool", Str),
            );
        }
    }
    v
}

/// Other names spreadsheets and CRM exports give these columns, and the
/// key each stands for (`Skip`: a figure of `data/creators.csv` that the
/// build computes, read and left out).
pub fn aliases(kind: Kind) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = Vec::new();
    let mut add = |names: &[&str], key: &str| {
        for n in names {
            v.push((normalize(n), key.to_string()));
        }
    };
    match kind {
        Kind::Creators => {
            add(
                &[
                    "display name",
                    "full name",
                    "creator",
                    "creator name",
                    "influencer",
                ],
                "name",
            );
            add(
                &["email", "e-mail", "mail", "email address"],
                "contact.email",
            );
            add(
                &["phone", "telephone", "phone number", "mobile", "tel"],
                "contact.phone",
            );
            add(&["agent"], "contact.agent");
            add(&["agency", "talent agency"], "contact.agency");
            add(&["city"], "location");
            add(&["account manager", "manager"], "owner");
            add(&["first contact"], "since");
            add(&["niche"], "niches");
            add(&["language"], "languages");
            add(&["tag"], "tags");
            add(&["currency", "rates currency"], "rates.currency");
            add(&["top countries"], "audience.top_countries");
            add(&["age range"], "audience.age_range");
            add(&["female share"], "audience.female_share");
            add(&["brief style"], "preferences.brief_style");
            add(&["formats"], "preferences.formats");
            add(&["topics"], "preferences.topics");
            add(&["avoid"], "preferences.avoid");
            add(&["availability"], "preferences.availability");
            add(&["consent date"], "consent.date");
            add(&["consent scope"], "consent.scope");
            add(&["timeline"], "history");
            add(
                &[
                    "url",
                    "total followers",
                    "campaigns",
                    "response rate",
                    "on time rate",
                    "approval rounds",
                    "quality",
                    "first collaboration",
                    "last collaboration",
                    "updated",
                ],
                "-",
            );
            for n in Network::ALL {
                let n = n.as_str();
                let names: &[&str] = if n == "x" { &["x", "twitter"] } else { &[n] };
                for name in names {
                    add(
                        &[&format!("{name} followers"), &format!("followers {name}")],
                        &format!("{n}.followers"),
                    );
                    add(&[&format!("{name} handle")], &format!("{n}.handle"));
                    add(&[&format!("{name} url")], &format!("{n}.url"));
                    add(
                        &[
                            &format!("{name} engagement rate"),
                            &format!("{name} engagement"),
                            &format!("{name} er"),
                        ],
                        &format!("{n}.engagement_rate"),
                    );
                }
            }
        }
        Kind::Campaigns => {
            add(&["campaign", "campaign title", "name"], "title");
            add(&["campaign slug"], "slug");
            add(&["budget"], "budget.amount");
            add(&["currency", "budget currency"], "budget.currency");
            add(&["disclosure labels", "labels"], "disclosure.labels");
            add(
                &["platform tools", "disclosure platform tools"],
                "disclosure.platform_tools",
            );
            add(&["compliant"], "disclosure.compliant");
            add(&["usage duration"], "usage_rights.duration");
            add(&["usage channels"], "usage_rights.channels");
            add(&["paid media"], "usage_rights.paid_media");
            add(
                &["creator", "participant", "creator slug"],
                "creators.creator",
            );
            add(&["participant status", "creator status"], "creators.status");
            for f in [
                "status",
                "deliverables",
                "responded",
                "due",
                "published",
                "on_time",
                "approval_rounds",
                "quality",
                "content",
                "fee",
            ] {
                add(&[f], &format!("creators.{f}"));
            }
            add(
                &["participant results", "creator results"],
                "creators.results",
            );
            add(&["disclosure label", "label"], "creators.disclosure.label");
            add(
                &[
                    "disclosure tool",
                    "platform tool",
                    "disclosure platform tool",
                ],
                "creators.disclosure.platform_tool",
            );
        }
    }
    v
}

/// The target of `key` (a documented key, or `-` to leave a column out).
pub fn target_of(kind: Kind, key: &str) -> Option<Target> {
    if key.trim() == "-" {
        return Some(Target::Skip);
    }
    let k = normalize(key);
    keys(kind)
        .into_iter()
        .find(|(name, _)| normalize(name) == k)
        .map(|(_, t)| t)
}

/// The target of a header with no `--map`: a key's own name or an alias.
pub fn resolve_header(kind: Kind, header: &str) -> Option<Target> {
    let h = normalize(header);
    if let Some(t) = target_of(kind, &h) {
        return Some(t);
    }
    let key = aliases(kind).into_iter().find(|(a, _)| *a == h)?.1;
    target_of(kind, &key)
}

/// Every name a header may have, for did-you-mean.
pub fn all_names(kind: Kind) -> Vec<String> {
    let mut v: Vec<String> = keys(kind).into_iter().map(|(k, _)| k).collect();
    v.extend(aliases(kind).into_iter().map(|(a, _)| a));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_find_their_keys() {
        let c = Kind::Creators;
        assert_eq!(
            resolve_header(c, "Instagram followers"),
            Some(Target::Platform("instagram", "followers", Ty::Num))
        );
        assert_eq!(
            resolve_header(c, "followers_tiktok"),
            Some(Target::Platform("tiktok", "followers", Ty::Num))
        );
        assert_eq!(
            resolve_header(c, "E-mail"),
            Some(Target::Sub("contact", "email", Ty::Str))
        );
        assert_eq!(
            resolve_header(c, " NAME "),
            Some(Target::Top("name", Ty::Str))
        );
        assert_eq!(resolve_header(c, "total_followers"), Some(Target::Skip));
        assert_eq!(
            resolve_header(c, "Audience.Top_Countries"),
            target_of(c, "audience.top_countries")
        );
        assert_eq!(resolve_header(c, "Folowers"), None);
    }
}
