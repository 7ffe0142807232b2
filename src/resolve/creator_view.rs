//! Creator cards and full profiles.

use super::build::{
    Context, country_link, image_href, image_set, opt_date, recap_date, safe, taxonomy_link,
};
use super::campaign_view::participation_view;
use super::kpi::{self, Tally};
use super::labels::{brief_style_label, status_label};
use super::types::*;
use crate::diag::Diagnostics;
use crate::load::Entry;
use crate::model::creator::RateValue;
use crate::model::{CampaignFm, CreatorFm, Participation};
use crate::text;

/// What directory rows and cards show; status and owner only in team builds.
pub(super) fn creator_card(
    e: &Entry<CreatorFm>,
    cx: &Context,
    campaign_count: usize,
) -> CreatorCard {
    let fm = &e.fm;
    let (urls, team, loc) = (cx.urls, cx.team, &cx.lang.locale);
    let mut platforms: Vec<PlatformView> = fm
        .platforms
        .iter()
        .map(|p| PlatformView {
            network: p.network.as_str(),
            label: p.network.label(),
            handle: p
                .handle
                .as_ref()
                .map(|h| format!("@{}", h.trim_start_matches('@'))),
            url: p.url.as_ref().and_then(|u| safe(&u.value)),
            followers: p
                .followers
                .map_or_else(kpi::unknown, |n| kpi::count(n, loc)),
            followers_compact: p
                .followers
                .map_or_else(|| "—".to_string(), |n| loc.compact(n)),
            engagement: p
                .engagement_rate
                .as_ref()
                .map_or_else(kpi::unknown, |e| Figure {
                    value: Some(e.value),
                    display: loc.percent_value(e.value),
                    sample: None,
                }),
        })
        .collect();
    platforms.sort_by(|a, b| {
        b.followers
            .value
            .unwrap_or(-1.0)
            .total_cmp(&a.followers.value.unwrap_or(-1.0))
            .then(a.network.cmp(b.network))
    });
    let total: u64 = fm
        .platforms
        .iter()
        .filter_map(|p| p.followers)
        .fold(0u64, u64::saturating_add);
    let any_followers = fm.platforms.iter().any(|p| p.followers.is_some());
    CreatorCard {
        slug: e.slug.clone(),
        path: cx.entry_urls(e).dir(&format!("creators/{}/", e.slug)),
        name: fm.name.clone(),
        initials: text::initials(&fm.name),
        summary: fm.summary.clone().unwrap_or_default(),
        handle: platforms.iter().find_map(|p| p.handle.clone()),
        image: image_href(&fm.image),
        image_set: image_set(e, &fm.image),
        status: team.then(|| StatusView {
            value: fm.status.as_str(),
            label: status_label(cx.lang, fm.status),
        }),
        owner: if team { fm.owner.clone() } else { None },
        platforms,
        total_followers: if any_followers {
            kpi::count(total, loc)
        } else {
            kpi::unknown()
        },
        niches: fm
            .niches
            .iter()
            .map(|n| taxonomy_link("niches", n, urls))
            .collect(),
        languages: fm
            .languages
            .iter()
            .map(|l| Link {
                name: capitalize(&cx.lang.language_name(&l.value)),
                path: urls.dir(&format!("languages/{}/", l.value)),
                slug: l.value.clone(),
                fallback: None,
            })
            .collect(),
        country: fm.country.as_ref().map(|c| country_link(&c.value, cx)),
        location: fm.location.clone(),
        campaign_count,
        fallback: cx.fallback(e),
    }
}

/// `anglais` → `Anglais`: language names as taxonomy terms start with a capital.
fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A full profile: backlinked campaigns, figures, team-only contact, rates, timeline.
pub(super) fn creator(
    e: &Entry<CreatorFm>,
    card: &CreatorCard,
    parts: &[(usize, &Participation)],
    campaigns: &[&Entry<CampaignFm>],
    campaign_cards: &[std::sync::Arc<CampaignCard>],
    cx: &Context,
    d: &mut Diagnostics,
) -> Creator {
    let fm = &e.fm;
    let body = cx.body(e, "../../", false, d);
    let mut tally = Tally::default();
    let mut brands: Vec<Link> = Vec::new();
    let (mut first, mut last) = (None, None);
    for (ci, p) in parts {
        tally.add(p);
        if !kpi::collaborated(p) {
            continue;
        }
        let c = &campaigns[*ci].fm;
        if !brands.iter().any(|b| b.name == c.brand) {
            brands.push(taxonomy_link("brands", &c.brand, cx.urls));
        }
        let start = c.start.or(recap_date(c));
        let end = c.end.as_ref().map(|e| e.value).or(start);
        first = first.min(start).or(first).or(start);
        last = last.max(end);
    }
    brands.sort_by(|a, b| a.name.cmp(&b.name));
    let mut kpis = tally.kpis(card.campaign_count, cx.lang);
    kpis.repeat_rate = None;
    let history_campaigns = parts
        .iter()
        .map(|(ci, p)| CreatorCampaign {
            campaign: (*campaign_cards[*ci]).clone(),
            participation: participation_view(
                p,
                cx,
                campaigns[*ci]
                    .fm
                    .budget
                    .as_ref()
                    .and_then(|b| b.currency.as_deref()),
            ),
        })
        .collect();
    let mut timeline: Vec<TimelineItem> = fm
        .history
        .iter()
        .map(|h| TimelineItem {
            date: h.date.to_string(),
            kind: h.kind.as_str(),
            note: h.note.clone(),
        })
        .collect();
    timeline.sort_by(|a, b| b.date.cmp(&a.date));
    let (rates, rates_currency) = match &fm.rates {
        Some(r) if cx.team => (
            r.iter()
                .filter_map(|(k, v)| match v {
                    RateValue::Amount(a) if k != "currency" => Some(Metric {
                        key: k.clone(),
                        label: kpi::metric_label(k, cx.lang),
                        value: *a,
                        display: cx.lang.locale.number(*a),
                    }),
                    _ => None,
                })
                .collect(),
            r.get("currency").and_then(|v| match v {
                RateValue::Text(t) => Some(t.clone()),
                RateValue::Amount(_) => None,
            }),
        ),
        _ => (Vec::new(), None),
    };
    // The profile last changed when something happened, not when a planned
    // campaign will end: deliveries, timeline events, first contact.
    let updated = fm
        .history
        .iter()
        .map(|h| h.date)
        .chain(parts.iter().filter_map(|(_, p)| p.published))
        .max()
        .max(fm.since)
        .map(|d| d.to_string());
    Creator {
        card: card.clone(),
        audience: fm.audience.as_ref().map(|a| AudienceView {
            top_countries: a
                .top_countries
                .iter()
                // Audience countries are not a taxonomy: plain names, no page.
                .map(|c| Link {
                    name: cx.lang.country(&c.value).unwrap_or_else(|| c.value.clone()),
                    path: String::new(),
                    slug: c.value.to_ascii_lowercase(),
                    fallback: None,
                })
                .collect(),
            age_range: a.age_range.clone(),
            female_share: a.female_share.as_ref().map(|f| Figure {
                value: Some(f.value),
                display: cx.lang.locale.percent_value(f.value),
                sample: None,
            }),
            notes: a.notes.clone(),
        }),
        preferences: fm.preferences.as_ref().map(|p| PreferencesView {
            formats: p.formats.clone(),
            topics: p.topics.clone(),
            avoid: p.avoid.clone(),
            brief_style: p.brief_style.map(|b| brief_style_label(cx.lang, b)),
            availability: p.availability.clone(),
            notes: p.notes.clone(),
        }),
        since: opt_date(fm.since),
        tags: fm.tags.clone(),
        body_html: body.html,
        kpis,
        history_campaigns,
        brands,
        first_collaboration: opt_date(first),
        last_collaboration: opt_date(last),
        rates,
        rates_currency,
        contact: if cx.team {
            fm.contact.as_ref().map(|c| ContactView {
                email: c.email.clone(),
                phone: c.phone.clone(),
                agent: c.agent.clone(),
                agency: c.agency.clone(),
            })
        } else {
            None
        },
        timeline: if cx.team { timeline } else { Vec::new() },
        // Team builds only: a public profile says nothing about consent.
        consent: fm
            .consent
            .as_ref()
            .filter(|_| cx.team)
            .map(|c| ConsentView {
                date: opt_date(c.date),
                scope: c.scope.clone(),
            }),
        extra: fm.extra.clone(),
        status_raw: Some(fm.status),
        updated,
        source: e.path.clone(),
    }
}
