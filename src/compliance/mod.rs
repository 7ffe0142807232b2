//! `check`'s compliance lint: advertising disclosure against the rules of
//! each market, and paid media that runs past the end of its licence.
//!
//! It reads the loaded entries (before the audience filter, so private
//! licence dates are checked in any `check`), and only `check` runs it: its
//! findings depend on the reference date (`--today`), which no page
//! of a build does. The rules are data, one row per requirement, in
//! `rules.tsv` ([`rules`]); a new market is a new row.

pub mod rules;

use crate::diag::{Diagnostics, Pos};
use crate::load::{Entry, Loaded, yaml::pos};
use crate::model::Date;
use crate::model::campaign::{CampaignFm, Images};
use rules::{Position, RULES, Rule, When};

/// Checks every campaign of `loaded` against the disclosure rules and
/// `today`. A translation is checked on the lines it writes itself: what
/// it inherits was checked with its original.
pub fn lint(loaded: &Loaded, today: Date, diags: &mut Diagnostics) {
    let based: Based = loaded
        .creators
        .iter()
        .filter(|c| c.lang.is_none())
        .filter_map(|c| Some((c.slug.as_str(), c.fm.country.as_ref()?.value.as_str())))
        .collect();
    for e in &loaded.campaigns {
        if e.lang.is_none() {
            campaign(e, today, &RULES, &based, diags);
        } else {
            let mut d = Diagnostics::new();
            campaign(e, today, &RULES, &based, &mut d);
            d.retain(|p| p.path != e.path || p.line + 1 < e.body_line);
            diags.extend(d);
        }
    }
}

/// Where each creator is based: slug → `country`.
pub type Based<'a> = crate::fasthash::HashMap<&'a str, &'a str>;

/// Both checks of one campaign, against `rules`.
pub fn campaign(
    e: &Entry<CampaignFm>,
    today: Date,
    rules: &[Rule],
    based: &Based,
    d: &mut Diagnostics,
) {
    licence(e, today, d);
    disclosure(e, rules, based, d);
}

/// Paid media allowed on a licence that has ended.
fn licence(e: &Entry<CampaignFm>, today: Date, d: &mut Diagnostics) {
    let Some(u) = &e.fm.usage_rights else { return };
    if let (Some(true), Some(end)) = (u.paid_media, &u.end)
        && end.value < today
    {
        d.warning(
            &e.path,
            pos(end),
            format!(
                "usage_rights: paid_media is true, but the licence ended on {} (today is {today}): stop the paid media, or renew the licence and update `end`",
                end.value
            ),
        );
    }
}

/// The rules that apply to campaign `e`: those of its markets, for every
/// network or one of its channels.
fn applicable<'r>(e: &Entry<CampaignFm>, rules: &'r [Rule]) -> Vec<&'r Rule> {
    rules
        .iter()
        .filter(|r| e.fm.markets.iter().any(|m| m.value == r.market))
        .filter(|r| r.network == "*" || e.fm.channels.iter().any(|c| c.as_str() == r.network))
        .collect()
}

/// The markets whose rules a creator's posts answer to: the campaign's
/// market the creator is based in (a Spanish creator of a French and
/// Spanish campaign posts for Spain), else every market of the campaign.
fn post_markets<'a>(e: &'a Entry<CampaignFm>, country: Option<&str>) -> Vec<&'a str> {
    let all: Vec<&str> = e.fm.markets.iter().map(|m| m.value.as_str()).collect();
    match country.filter(|c| all.contains(c)) {
        Some(_) => all.into_iter().filter(|m| Some(*m) == country).collect(),
        None => all,
    }
}

fn wanted(r: &Rule) -> String {
    let place = match r.position {
        Position::Start => " at the start of the label",
        Position::Anywhere => "",
    };
    format!(
        "market {} ({}); accepted labels: {}{place}",
        r.market,
        r.authority,
        r.accepted()
    )
}

/// Every participation's label against every rule that applies to it; the
/// campaign's own labels when no participation gives one. The computed
/// result is compared with the hand-set `compliant`.
fn disclosure(e: &Entry<CampaignFm>, rules: &[Rule], based: &Based, d: &mut Diagnostics) {
    let rules = applicable(e, rules);
    if rules.is_empty() {
        return;
    }
    let path = e.path.as_str();
    let mut checked = false;
    let mut compliant = true;
    let none = crate::model::campaign::ParticipationDisclosure::default();
    for p in &e.fm.creators {
        // Posts that went out with no disclosure recorded are checked as
        // unlabelled; a participation with nothing published is not.
        let posted = p.published.is_some() || !p.content.is_empty();
        let disc = match &p.disclosure {
            Some(disc) => disc,
            None if posted => &none,
            None => continue,
        };
        checked = true;
        let markets = post_markets(e, based.get(p.creator.value.as_str()).copied());
        let applies = |r: &&&Rule| {
            markets.contains(&r.market.as_str())
                && match r.when {
                    When::Always => true,
                    When::Retouched => disc.images == Some(Images::Retouched),
                    When::Virtual => disc.images == Some(Images::Virtual),
                }
        };
        for r in rules.iter().filter(applies) {
            match &disc.label {
                Some(label) if r.accepts(&label.value) => {}
                Some(label) => {
                    compliant = false;
                    d.warning(
                        path,
                        pos(label),
                        format!(
                            "disclosure label `{}` of {} does not meet the rules of {}",
                            label.value,
                            p.creator.value,
                            wanted(r)
                        ),
                    );
                }
                None => {
                    compliant = false;
                    d.warning(
                        path,
                        pos(&p.creator),
                        format!(
                            "the posts of {} have no disclosure `label`: see the rules of {}",
                            p.creator.value,
                            wanted(r)
                        ),
                    );
                }
            }
        }
    }
    let campaign = e.fm.disclosure.as_ref();
    if !checked && let Some(c) = campaign.filter(|c| !c.labels.is_empty()) {
        checked = true;
        for r in rules.iter().filter(|r| r.when == When::Always) {
            if !c.labels.iter().any(|l| r.accepts(l)) {
                compliant = false;
                d.warning(
                    path,
                    e.key_pos("disclosure"),
                    format!(
                        "no disclosure label ({}) meets the rules of {}",
                        c.labels.join(", "),
                        wanted(r)
                    ),
                );
            }
        }
    }
    let Some(flag) = campaign.and_then(|c| c.compliant.as_ref()) else {
        return;
    };
    if checked && flag.value != compliant {
        let at: Pos = pos(flag);
        let markets: Vec<&str> = e.fm.markets.iter().map(|m| m.value.as_str()).collect();
        let msg = if flag.value {
            format!(
                "disclosure says `compliant: true`, but the computed result is non-compliant for markets {}: see the label warnings",
                markets.join(", ")
            )
        } else {
            format!(
                "disclosure says `compliant: false`, but every label meets the rules of markets {}: check the flag",
                markets.join(", ")
            )
        };
        d.warning(path, at, msg);
    }
}
