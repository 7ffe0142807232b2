//! `calendar.ics`: the team's dates for a calendar app — deliverables due
//! and not yet published, licence ends, exclusivity ends and the items of
//! the follow-up queue.
//!
//! Team builds only: the dates are private (licence dates, exclusivity)
//! or internal (deadlines), so a public build has no calendar at all.
//! It uses the site's reference date (`Site::today`, from `--today`), from
//! which `DTSTAMP` is made, so the same sources on the same day give the
//! same bytes. Events are sorted by date and UID; a UID names the kind of
//! event, the campaign and the creator, so it is stable across builds and
//! unique (a creator takes part in a campaign once).

pub mod ics;

use crate::model::Date;
use crate::model::types::ParticipationStatus;
use crate::plan::OutputFile;
use crate::resolve::Site;

/// Where the calendar is written.
pub const PATH: &str = "calendar.ics";

/// One all-day event.
struct Event {
    date: Date,
    uid: String,
    summary: String,
    url: String,
}

/// The calendar of a team build; nothing for a public one.
pub fn files(site: &Site, today: Date) -> Vec<OutputFile> {
    if !site.info.team {
        return Vec::new();
    }
    vec![OutputFile {
        path: PATH.to_string(),
        bytes: calendar(site, today).into_bytes(),
    }]
}

/// The host part of UIDs: the site's address without scheme or slashes.
fn host(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    rest.trim_end_matches('/').replace('/', ".")
}

fn events(site: &Site) -> Vec<Event> {
    let lang = &site.lang;
    let host = host(&site.info.base_url);
    let mut events = Vec::new();
    for c in &site.campaigns {
        let slug = &c.card.slug;
        let url = format!("{}campaigns/{slug}/", site.info.base_url);
        for p in &c.participants {
            let v = &p.participation;
            let dropped = matches!(
                v.status.as_ref().map(|s| s.value),
                Some(s) if s == ParticipationStatus::Cancelled.as_str()
                    || s == ParticipationStatus::Declined.as_str()
            );
            let (Some(due), None, false) = (v.due_date, &v.published, dropped) else {
                continue;
            };
            let what = if v.deliverables.is_empty() {
                lang.t("calendar.content").to_string()
            } else {
                v.deliverables.join(", ")
            };
            events.push(Event {
                date: due,
                uid: format!("due-{slug}-{}@{host}", p.creator.slug),
                summary: lang.fmt(
                    "calendar.due",
                    &[
                        ("deliverables", &what),
                        ("creator", &p.creator.name),
                        ("campaign", &c.card.title),
                    ],
                ),
                url: url.clone(),
            });
        }
        if let Some(end) = c.usage_rights.as_ref().and_then(|u| u.end) {
            events.push(Event {
                date: end,
                uid: format!("licence-end-{slug}@{host}"),
                summary: lang.fmt(
                    "calendar.licence_end",
                    &[("campaign", &c.card.title), ("brand", &c.card.brand.name)],
                ),
                url: url.clone(),
            });
        }
        if let Some(x) = &c.exclusivity
            && let Some(until) = x.until
        {
            events.push(Event {
                date: until,
                uid: format!("exclusivity-end-{slug}@{host}"),
                summary: lang.fmt(
                    "calendar.exclusivity_end",
                    &[
                        ("category", x.category.as_deref().unwrap_or("—")),
                        ("campaign", &c.card.title),
                    ],
                ),
                url,
            });
        }
    }
    follow_ups(site, &host, &mut events);
    events.sort_by(|a, b| (a.date, &a.uid).cmp(&(b.date, &b.uid)));
    events
}

/// The follow-up queue's items (`follow-ups/`), but deliverables, which are
/// events of their own above: one event on each item's due date.
fn follow_ups(site: &Site, host: &str, events: &mut Vec<Event>) {
    let Some(queue) = &site.follow_ups else {
        return;
    };
    let all = queue
        .overdue
        .iter()
        .chain(&queue.this_week)
        .chain(&queue.later);
    for item in all.filter(|i| i.kind != "deliverable") {
        let Some(date) = Date::parse(&item.due) else {
            continue;
        };
        let slug = |l: &Option<crate::resolve::types::Link>| {
            l.as_ref().map_or(String::new(), |l| l.slug.clone())
        };
        let (creator, campaign) = (slug(&item.creator), slug(&item.campaign));
        // A rule gives one item per creator, or per participation.
        let uid = format!("follow-up-{}-{creator}-{campaign}@{host}", item.kind);
        let page = item.campaign.as_ref().or(item.creator.as_ref());
        let url = page.map_or(String::new(), |l| {
            format!("{}{}", site.info.base_url, l.path)
        });
        let who = [&item.creator, &item.campaign]
            .iter()
            .filter_map(|l| l.as_ref().map(|l| l.name.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        let summary = match item.action.is_empty() {
            true => format!("{}: {who}", item.label),
            false => format!("{}: {who} — {}", item.label, item.action),
        };
        events.push(Event {
            date,
            uid,
            summary,
            url,
        });
    }
}

fn ymd(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year, d.month, d.day)
}

/// The whole `VCALENDAR`, CRLF-terminated.
fn calendar(site: &Site, today: Date) -> String {
    let mut w = ics::Writer::default();
    w.raw("BEGIN", "VCALENDAR");
    w.raw("VERSION", "2.0");
    w.raw(
        "PRODID",
        concat!(
            "-//creatorkb//creatorkb ",
            env!("CARGO_PKG_VERSION"),
            "//EN"
        ),
    );
    w.raw("CALSCALE", "GREGORIAN");
    w.raw("METHOD", "PUBLISH");
    w.text("X-WR-CALNAME", &site.info.title);
    let stamp = format!("{}T000000Z", ymd(today));
    for e in events(site) {
        w.raw("BEGIN", "VEVENT");
        w.text("UID", &e.uid);
        w.raw("DTSTAMP", &stamp);
        w.raw("DTSTART;VALUE=DATE", &ymd(e.date));
        w.text("SUMMARY", &e.summary);
        w.raw("URL", &e.url);
        w.raw("TRANSP", "TRANSPARENT");
        w.raw("END", "VEVENT");
    }
    w.raw("END", "VCALENDAR");
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uid_host_has_no_scheme_or_slash() {
        assert_eq!(host("https://x.example/sub/"), "x.example.sub");
        assert_eq!(host("http://x.example/"), "x.example");
    }
}
