//! Campaign cards, recaps and participations.

use super::build::{
    Context, country_link, image_href, image_set, opt_date, recap_date, safe, taxonomy_link,
};
use super::kpi::{self, Tally};
use super::labels::{objective_label, participation_status, stage_label};
use super::types::*;
use crate::diag::Diagnostics;
use crate::fasthash::HashMap;
use crate::load::Entry;
use crate::model::{CampaignFm, Participation, Stage};

/// `currency` is the campaign budget's, which fees are paid in.
pub(super) fn participation_view(
    p: &Participation,
    cx: &Context,
    currency: Option<&str>,
) -> ParticipationView {
    let (team, loc) = (cx.team, &cx.lang.locale);
    ParticipationView {
        status: p.status.map(|s| Labelled {
            value: s.as_str(),
            label: participation_status(cx.lang, s),
        }),
        deliverables: p.deliverables.clone(),
        responded: kpi::responded(p),
        due: opt_date(p.due),
        published: opt_date(p.published),
        due_date: p.due,
        on_time: kpi::on_time(p),
        approval_rounds: p.approval_rounds,
        quality: p.quality.as_ref().map(|q| q.value),
        content: p.content.iter().filter_map(|u| safe(&u.value)).collect(),
        results: kpi::metrics(&p.results, cx.lang),
        disclosure_label: p
            .disclosure
            .as_ref()
            .and_then(|d| d.label.as_ref().map(|l| l.value.clone())),
        disclosure_tool: p.disclosure.as_ref().and_then(|d| d.platform_tool.clone()),
        fee: if team {
            p.fee.map(|f| match currency {
                Some(c) => format!("{} {c}", loc.number(f)),
                None => loc.number(f),
            })
        } else {
            None
        },
        fee_amount: if team { p.fee } else { None },
    }
}

/// What campaign listings show; `creator_count` counts visible participants.
pub(super) fn campaign_card(
    e: &Entry<CampaignFm>,
    cx: &Context,
    creator_count: usize,
) -> CampaignCard {
    let fm = &e.fm;
    let urls = cx.urls;
    let date = recap_date(fm);
    CampaignCard {
        slug: e.slug.clone(),
        path: cx.entry_urls(e).dir(&format!("campaigns/{}/", e.slug)),
        title: fm.title.clone(),
        brand: taxonomy_link("brands", &fm.brand, urls),
        objective: Link {
            name: objective_label(cx.lang, fm.objective),
            path: urls.dir(&format!("objectives/{}/", fm.objective.as_str())),
            slug: fm.objective.as_str().to_string(),
            fallback: None,
        },
        stage: fm.stage.map(|s| Labelled {
            value: s.as_str(),
            label: stage_label(cx.lang, s),
        }),
        summary: fm.summary.clone().unwrap_or_default(),
        start: opt_date(fm.start),
        end: opt_date(fm.end.as_ref().map(|e| e.value)),
        date: opt_date(date),
        year: date.map(|d| d.year),
        creator_count,
        image: image_href(&fm.image),
        image_set: image_set(e, &fm.image),
        fallback: cx.fallback(e),
    }
}

/// A full recap: participants (visible creators only), figures, team-only money.
pub(super) fn campaign(
    e: &Entry<CampaignFm>,
    card: &CampaignCard,
    creator_idx: &HashMap<&str, usize>,
    cards: &[std::sync::Arc<CreatorCard>],
    cx: &Context,
    d: &mut Diagnostics,
) -> Campaign {
    let fm = &e.fm;
    let body = cx.body(e, "../../", false, d);
    let mut tally = Tally::default();
    let mut participants = Vec::new();
    let mut fees = 0.0;
    let mut any_fee = false;
    for p in &fm.creators {
        let Some(&i) = creator_idx.get(p.creator.value.as_str()) else {
            continue;
        };
        tally.add(p);
        if let Some(f) = p.fee {
            fees += f;
            any_fee = true;
        }
        participants.push(Participant {
            creator: Link {
                name: cards[i].name.clone(),
                path: cards[i].path.clone(),
                slug: cards[i].slug.clone(),
                fallback: cards[i].fallback.clone(),
            },
            initials: cards[i].initials.clone(),
            participation: participation_view(
                p,
                cx,
                fm.budget.as_ref().and_then(|b| b.currency.as_deref()),
            ),
        });
    }
    let current = fm
        .stage
        .map(|s| Stage::ALL.iter().position(|x| *x == s).unwrap_or(0));
    let steps = Stage::ALL
        .iter()
        .filter(|s| **s != Stage::Done)
        .enumerate()
        .map(|(i, s)| Step {
            label: stage_label(cx.lang, *s),
            state: match current {
                Some(c) if i < c => "done",
                Some(c) if i == c => "current",
                _ => "todo",
            },
        })
        .collect();
    let currency = |c: &Option<String>| c.clone().map(|c| format!(" {c}")).unwrap_or_default();
    Campaign {
        card: card.clone(),
        steps,
        author: fm.author.clone(),
        channels: fm
            .channels
            .iter()
            .map(|c| Labelled {
                value: c.as_str(),
                label: c.label().to_string(),
            })
            .collect(),
        markets: fm
            .markets
            .iter()
            .map(|m| country_link(&m.value, cx))
            .collect(),
        participants,
        results: kpi::metrics(&fm.results, cx.lang),
        learnings: fm.learnings.clone(),
        disclosure: fm.disclosure.as_ref().map(|x| DisclosureView {
            labels: x.labels.clone(),
            platform_tools: x.platform_tools.clone(),
            compliant: x.compliant.as_ref().map(|c| c.value),
        }),
        usage_rights: fm.usage_rights.as_ref().map(|u| UsageRightsView {
            duration: u.duration.clone(),
            channels: u.channels.clone(),
            paid_media: u.paid_media,
            start: u.start.filter(|_| cx.team),
            end: u.end.as_ref().map(|e| e.value).filter(|_| cx.team),
        }),
        exclusivity: fm
            .exclusivity
            .as_ref()
            .filter(|_| cx.team)
            .map(|x| ExclusivityView {
                category: x.category.clone(),
                until: x.until.as_ref().map(|u| u.value),
            }),
        kpis: tally.kpis(1, cx.lang),
        budget: if cx.team {
            fm.budget.as_ref().and_then(|b| {
                b.amount
                    .map(|a| format!("{}{}", cx.lang.locale.number(a), currency(&b.currency)))
            })
        } else {
            None
        },
        fees_total: if cx.team && any_fee {
            let cur = fm
                .budget
                .as_ref()
                .map(|b| currency(&b.currency))
                .unwrap_or_default();
            Some(format!("{}{cur}", cx.lang.locale.number(fees)))
        } else {
            None
        },
        body_html: body.html,
        extra: fm.extra.clone(),
        budget_amount: if cx.team {
            fm.budget.as_ref().and_then(|b| b.amount)
        } else {
            None
        },
        budget_currency: if cx.team {
            fm.budget.as_ref().and_then(|b| b.currency.clone())
        } else {
            None
        },
        source: e.path.clone(),
    }
}
