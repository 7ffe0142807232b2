//! The team workspace's two boards, computed once per language in team
//! builds only: the follow-up queue (`follow-ups/`) and the pipeline board
//! (`pipeline/`). Public builds never call this, so their `Site` holds
//! neither and no page, link or file of either exists.
//!
//! The rules (documented in docs/content.md, "Follow-ups"): every item has
//! a due date; `next:` items are always listed; items made by a rule are
//! listed once due within the week (on or before today + 6 days).

use super::labels;
use super::types::{Campaign, Creator, Link, Site};
use crate::fasthash::HashMap;
use crate::load::Entry;
use crate::model::config::FollowUpConfig;
use crate::model::types::HistoryType;
use crate::model::{CampaignFm, CreatorFm, CreatorStatus, Date, ParticipationStatus, Stage};
use serde::Serialize;
use std::sync::Arc;

/// Days of "this week": today and the six days after it.
const WEEK: i64 = 7;

/// The follow-up queue: open items by group, oldest first in each.
#[derive(Debug, Clone, Serialize, Default)]
pub struct FollowUps {
    /// The reference date (ISO): the build date or `--today`.
    pub today: String,
    /// Due before today.
    pub overdue: Vec<FollowUpItem>,
    /// Due today or in the next six days.
    pub this_week: Vec<FollowUpItem>,
    /// Due later (only `next:` items).
    pub later: Vec<FollowUpItem>,
    /// Number of items.
    pub total: usize,
    /// Licences (`usage_rights.end`) ending today or in the next
    /// [`LICENCE_DAYS`] days, soonest first.
    pub licences_ending: Vec<LicenceItem>,
    /// Licences already ended, most recent first.
    pub licences_ended: Vec<LicenceItem>,
}

/// How far ahead the follow-up page looks for licences ending.
pub const LICENCE_DAYS: i64 = 30;

/// A campaign's content licence and when it ends.
#[derive(Debug, Clone, Serialize)]
pub struct LicenceItem {
    /// The campaign.
    pub campaign: Link,
    /// Last day of the licence, ISO.
    pub end: String,
    /// Days from today to the end (negative: days since it ended).
    pub days: i64,
    /// Paid media is allowed on the content: past the end, it must stop.
    pub paid_media: bool,
}

/// One thing to do.
#[derive(Debug, Clone, Serialize)]
pub struct FollowUpItem {
    /// Which rule made it: `next`, `no-reply`, `deliverable`, `reporting`,
    /// `no-contact`.
    pub kind: &'static str,
    /// The rule's label in the page's language.
    pub label: String,
    /// Due date, ISO.
    pub due: String,
    /// Days past due (negative: days left).
    pub days_late: i64,
    /// What to do, in words (the `action` of a `next:`).
    pub action: String,
    /// The creator concerned, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creator: Option<Link>,
    /// The campaign concerned, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campaign: Option<Link>,
}

/// The pipeline board: one column per workflow stage.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Board {
    /// Columns in workflow order, then campaigns with no stage.
    pub columns: Vec<Column>,
}

/// One stage's campaigns.
#[derive(Debug, Clone, Serialize)]
pub struct Column {
    /// `reporting`, or `none` for campaigns without a stage.
    pub value: &'static str,
    /// For people.
    pub label: String,
    /// Number of campaigns.
    pub count: usize,
    /// The campaigns, in the site's order (newest first).
    pub campaigns: Vec<BoardCampaign>,
}

/// A campaign on the board with its participants by status.
#[derive(Debug, Clone, Serialize)]
pub struct BoardCampaign {
    /// Title and page.
    pub link: Link,
    /// Brand name.
    pub brand: String,
    /// Participants in this campaign.
    pub participants: usize,
    /// Participants by status, in workflow order (`none`: no status).
    pub statuses: Vec<StatusGroup>,
}

/// The participants of one campaign in one status.
#[derive(Debug, Clone, Serialize)]
pub struct StatusGroup {
    /// `contacted`, or `none`.
    pub value: &'static str,
    /// For people.
    pub label: String,
    /// Number of participants.
    pub count: usize,
    /// Their profiles.
    pub creators: Vec<Link>,
}

/// What the queue is computed from.
pub struct Inputs<'a> {
    /// This language's creators (visible ones, as entries).
    pub creators: &'a [&'a Entry<CreatorFm>],
    /// This language's campaigns.
    pub campaigns: &'a [&'a Entry<CampaignFm>],
    /// `follow_up:` of `site.yaml`.
    pub config: FollowUpConfig,
    /// The reference date.
    pub today: Date,
}

/// `d` plus `days`.
fn plus(d: Date, days: u32) -> Date {
    d.plus_days(i64::from(days))
}

/// Where each visible view is, by slug.
struct Views<'a> {
    creators: HashMap<&'a str, &'a Arc<Creator>>,
    campaigns: HashMap<&'a str, &'a Arc<Campaign>>,
}

fn creator_link(c: &Creator) -> Link {
    Link {
        name: c.card.name.clone(),
        path: c.card.path.clone(),
        slug: c.card.slug.clone(),
        fallback: c.card.fallback.clone(),
    }
}

fn campaign_link(c: &Campaign) -> Link {
    Link {
        name: c.card.title.clone(),
        path: c.card.path.clone(),
        slug: c.card.slug.clone(),
        fallback: c.card.fallback.clone(),
    }
}

/// The follow-up queue of `site` (one language).
pub fn follow_ups(site: &Site, inp: &Inputs) -> FollowUps {
    let views = Views {
        creators: site
            .creators
            .iter()
            .map(|c| (c.card.slug.as_str(), c))
            .collect(),
        campaigns: site
            .campaigns
            .iter()
            .map(|c| (c.card.slug.as_str(), c))
            .collect(),
    };
    let l = &site.lang;
    let today = inp.today;
    let horizon = today.ordinal() + WEEK - 1;
    let mut items: Vec<(Date, FollowUpItem)> = Vec::new();
    let mut push = |kind: &'static str,
                    due: Date,
                    action: String,
                    creator: Option<Link>,
                    campaign: Option<Link>| {
        items.push((
            due,
            FollowUpItem {
                kind,
                label: l.t(&format!("follow_up.{kind}")).to_string(),
                due: due.to_string(),
                days_late: today.ordinal() - due.ordinal(),
                action,
                creator,
                campaign,
            },
        ));
    };
    let history: HashMap<&str, &CreatorFm> = inp
        .creators
        .iter()
        .map(|e| (e.slug.as_str(), &e.fm))
        .collect();
    let cfg = inp.config;
    for e in inp.creators {
        let Some(view) = views.creators.get(e.slug.as_str()) else {
            continue;
        };
        if let Some(n) = &e.fm.next {
            push(
                "next",
                n.date,
                n.action.clone(),
                Some(creator_link(view)),
                None,
            );
        }
        if e.fm.status == CreatorStatus::Active
            && let Some(last) = last_contact(&e.fm)
        {
            let due = plus(last, cfg.no_contact_days);
            if due.ordinal() <= horizon {
                let action = l.fmt(
                    "follow_up.no_contact_action",
                    &[("date", &l.locale.date(&last.to_string()))],
                );
                push("no-contact", due, action, Some(creator_link(view)), None);
            }
        }
    }
    for e in inp.campaigns {
        let Some(cview) = views.campaigns.get(e.slug.as_str()) else {
            continue;
        };
        let c = &e.fm;
        if c.stage == Some(Stage::Reporting)
            && let Some(end) = &c.end
        {
            let due = plus(end.value, cfg.reporting_days);
            if due.ordinal() <= horizon {
                let action = l.fmt(
                    "follow_up.reporting_action",
                    &[("date", &l.locale.date(&end.value.to_string()))],
                );
                push("reporting", due, action, None, Some(campaign_link(cview)));
            }
        }
        for p in &c.creators {
            let Some(view) = views.creators.get(p.creator.value.as_str()) else {
                continue;
            };
            let who = || Some(creator_link(view));
            let what = || Some(campaign_link(cview));
            if let Some(n) = &p.next {
                push("next", n.date, n.action.clone(), who(), what());
            }
            let closed = matches!(
                p.status,
                Some(
                    ParticipationStatus::Published
                        | ParticipationStatus::Reported
                        | ParticipationStatus::Cancelled
                        | ParticipationStatus::Declined
                )
            );
            if let (Some(due), None, false) = (p.due, p.published, closed)
                && due.ordinal() <= horizon
            {
                let action = l.fmt(
                    "follow_up.deliverable_action",
                    &[("what", &p.deliverables.join(", "))],
                );
                push("deliverable", due, action, who(), what());
            }
            if p.status == Some(ParticipationStatus::Contacted)
                && p.responded != Some(true)
                && let Some(sent) =
                    outreach_date(history.get(p.creator.value.as_str()).copied(), c, today)
            {
                let due = plus(sent, cfg.no_reply_days);
                if due.ordinal() <= horizon {
                    let action = l.fmt(
                        "follow_up.no_reply_action",
                        &[("date", &l.locale.date(&sent.to_string()))],
                    );
                    push("no-reply", due, action, who(), what());
                }
            }
        }
    }
    // Oldest first; ties in a fixed order so the page is deterministic.
    items.sort_by(|(a, x), (b, y)| {
        a.cmp(b)
            .then_with(|| x.kind.cmp(y.kind))
            .then_with(|| slug(&x.campaign).cmp(slug(&y.campaign)))
            .then_with(|| slug(&x.creator).cmp(slug(&y.creator)))
            .then_with(|| x.action.cmp(&y.action))
    });
    let mut out = FollowUps {
        today: today.to_string(),
        total: items.len(),
        ..FollowUps::default()
    };
    for (due, item) in items {
        let d = due.ordinal();
        if d < today.ordinal() {
            out.overdue.push(item);
        } else if d <= horizon {
            out.this_week.push(item);
        } else {
            out.later.push(item);
        }
    }
    licences(site, today, &mut out);
    out
}

/// The campaigns whose licence ends within [`LICENCE_DAYS`] or has ended.
fn licences(site: &Site, today: Date, out: &mut FollowUps) {
    let mut all: Vec<(Date, LicenceItem)> = site
        .campaigns
        .iter()
        .filter_map(|c| {
            let u = c.usage_rights.as_ref()?;
            let end = u.end?;
            let item = LicenceItem {
                campaign: campaign_link(c),
                end: end.to_string(),
                days: end.ordinal() - today.ordinal(),
                paid_media: u.paid_media == Some(true),
            };
            Some((end, item))
        })
        .collect();
    all.sort_by(|(a, x), (b, y)| a.cmp(b).then_with(|| x.campaign.slug.cmp(&y.campaign.slug)));
    for (_, item) in all {
        if item.days < 0 {
            out.licences_ended.push(item);
        } else if item.days <= LICENCE_DAYS {
            out.licences_ending.push(item);
        }
    }
    // Most recent first (ties keep slug order reversed, still fixed).
    out.licences_ended.reverse();
}

fn slug(l: &Option<Link>) -> &str {
    l.as_ref().map_or("", |l| l.slug.as_str())
}

/// The latest dated interaction with a creator: any `history` event but a
/// `note`, or `since` (first contact).
fn last_contact(c: &CreatorFm) -> Option<Date> {
    c.history
        .iter()
        .filter(|h| h.kind != HistoryType::Note)
        .map(|h| h.date)
        .chain(c.since)
        .max()
}

/// When a `contacted` participation's outreach went out: the creator's
/// latest `outreach` event up to today, else the campaign's `start`.
/// `None` (no item) when a `reply` event follows that outreach, or when
/// neither date exists.
fn outreach_date(creator: Option<&CreatorFm>, c: &CampaignFm, today: Date) -> Option<Date> {
    let events = creator.map(|c| c.history.as_slice()).unwrap_or_default();
    let last = |kind: HistoryType| {
        events
            .iter()
            .filter(|h| h.kind == kind && h.date <= today)
            .map(|h| h.date)
            .max()
    };
    let sent = last(HistoryType::Outreach).or(c.start)?;
    match last(HistoryType::Reply) {
        Some(reply) if reply >= sent => None,
        _ => Some(sent),
    }
}

/// The pipeline board of `site` (one language).
pub fn board(site: &Site) -> Board {
    let l = &site.lang;
    let mut columns: Vec<Column> = Stage::ALL
        .iter()
        .map(|s| Column {
            value: s.as_str(),
            label: labels::stage_label(l, *s),
            count: 0,
            campaigns: Vec::new(),
        })
        .collect();
    columns.push(Column {
        value: "none",
        label: l.t("pipeline.no_stage").to_string(),
        count: 0,
        campaigns: Vec::new(),
    });
    for c in &site.campaigns {
        let at = c
            .card
            .stage
            .as_ref()
            .and_then(|s| Stage::ALL.iter().position(|x| x.as_str() == s.value))
            .unwrap_or(Stage::ALL.len());
        let mut statuses: Vec<StatusGroup> = Vec::new();
        let order = |v: &str| {
            ParticipationStatus::ALL
                .iter()
                .position(|s| s.as_str() == v)
                .unwrap_or(ParticipationStatus::ALL.len())
        };
        for p in &c.participants {
            let (value, label) = match &p.participation.status {
                Some(s) => (s.value, s.label.clone()),
                None => ("none", l.t("pipeline.no_status").to_string()),
            };
            match statuses.iter_mut().find(|g| g.value == value) {
                Some(g) => {
                    g.count += 1;
                    g.creators.push(p.creator.clone());
                }
                None => statuses.push(StatusGroup {
                    value,
                    label,
                    count: 1,
                    creators: vec![p.creator.clone()],
                }),
            }
        }
        statuses.sort_by_key(|g| order(g.value));
        if let Some(col) = columns.get_mut(at) {
            col.count += 1;
            col.campaigns.push(BoardCampaign {
                link: campaign_link(c),
                brand: c.card.brand.name.clone(),
                participants: c.participants.len(),
                statuses,
            });
        }
    }
    // The no-stage column only when some campaign has no stage.
    if columns.last().is_some_and(|c| c.count == 0) {
        columns.pop();
    }
    Board { columns }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_through_dates() {
        for iso in ["1970-01-01", "2000-02-29", "2026-12-31", "2025-03-01"] {
            let d = Date::parse(iso).unwrap();
            assert_eq!(Date::from_ordinal(d.ordinal()), d);
        }
        assert_eq!(
            plus(Date::parse("2025-12-28").unwrap(), 7).to_string(),
            "2026-01-04"
        );
        assert_eq!(Date::from_ordinal(719_468).to_string(), "1970-01-01");
    }
}
