//! Builds the display-ready views from visible, private-stripped entries.

use super::kpi::{self, Tally};
use super::names;
use super::types::*;
use super::{Audience, Urls};
use crate::diag::Diagnostics;
use crate::load::Entry;
use crate::markdown::{self, LinkMap, MdContext};
use crate::model::creator::RateValue;
use crate::model::{CampaignFm, CreatorFm, PageFm, Participation, SiteConfig, Stage, TermFm};
use crate::text;
use rayon::prelude::*;
use std::collections::HashMap;

/// The entries that are part of this build.
pub struct Input {
    pub creators: Vec<Entry<CreatorFm>>,
    pub campaigns: Vec<Entry<CampaignFm>>,
    pub terms: Vec<Entry<TermFm>>,
    pub pages: Vec<Entry<PageFm>>,
    pub home: Option<Entry<PageFm>>,
}

/// Settings shared by every view builder.
pub struct Context<'a> {
    pub urls: Urls,
    pub links: &'a LinkMap,
    pub team: bool,
    pub unsafe_html: bool,
    /// Memo of rendered bodies (dev server), `None` in a plain build.
    pub md_cache: Option<&'a crate::mdcache::MdCache>,
}

impl Context<'_> {
    fn md(
        &self,
        e_path: &str,
        body: &str,
        body_line: u32,
        root: &str,
        faq: bool,
        d: &mut Diagnostics,
    ) -> markdown::Rendered {
        let cx = MdContext {
            file: e_path,
            body_line,
            root,
            links: self.links,
            unsafe_html: self.unsafe_html,
            team: self.team,
        };
        match self.md_cache {
            Some(cache) => cache.render(body, &cx, faq, d),
            None => markdown::render(body, &cx, faq, d),
        }
    }
}

pub fn build(
    input: Input,
    config: &SiteConfig,
    base_url: String,
    audience: Audience,
    cx: &Context,
    diags: &mut Diagnostics,
) -> Site {
    let urls = cx.urls;
    // Campaigns newest first; creators by name; terms by term.
    let mut campaigns = input.campaigns;
    campaigns.sort_by(|a, b| {
        recap_date(&b.fm)
            .cmp(&recap_date(&a.fm))
            .then_with(|| a.slug.cmp(&b.slug))
    });
    let mut creators = input.creators;
    // Slugs are unique, so (folded name, slug) is a total order.
    creators.sort_by_cached_key(|e| (text::fold(&e.fm.name), e.slug.clone()));
    let mut terms = input.terms;
    terms.sort_by_cached_key(|e| (text::fold(&e.fm.term), e.slug.clone()));
    let mut pages = input.pages;
    pages.sort_by(|a, b| a.slug.cmp(&b.slug));

    let creator_idx: HashMap<&str, usize> = creators
        .iter()
        .enumerate()
        .map(|(i, e)| (e.slug.as_str(), i))
        .collect();
    // Backlinks: for each creator, (campaign index, participation).
    let mut per_creator: Vec<Vec<(usize, &Participation)>> = vec![Vec::new(); creators.len()];
    for (ci, c) in campaigns.iter().enumerate() {
        for p in &c.fm.creators {
            if let Some(&i) = creator_idx.get(p.creator.value.as_str()) {
                per_creator[i].push((ci, p));
            }
        }
    }

    let campaign_cards: Vec<CampaignCard> = campaigns
        .iter()
        .map(|c| {
            campaign_card(
                c,
                urls,
                c.fm.creators
                    .iter()
                    .filter(|p| creator_idx.contains_key(p.creator.value.as_str()))
                    .count(),
            )
        })
        .collect();
    let cards: Vec<CreatorCard> = creators
        .iter()
        .enumerate()
        .map(|(i, c)| {
            creator_card(
                c,
                urls,
                cx.team,
                per_creator[i]
                    .iter()
                    .filter(|(_, p)| kpi::collaborated(p))
                    .count(),
            )
        })
        .collect();

    // Roster figures over every visible participation.
    let mut roster_tally = Tally::default();
    let (mut with_one, mut with_two) = (0u32, 0u32);
    for (i, list) in per_creator.iter().enumerate() {
        for (_, p) in list {
            roster_tally.add(p);
        }
        match cards[i].campaign_count {
            0 => {}
            1 => with_one += 1,
            _ => {
                with_one += 1;
                with_two += 1;
            }
        }
    }
    let mut roster = roster_tally.kpis(campaigns.len());
    roster.repeat_rate = Some(kpi::rate(with_two, with_one));

    let built_creators: Vec<(Creator, Diagnostics)> = creators
        .par_iter()
        .enumerate()
        .map(|(i, e)| {
            let mut d = Diagnostics::new();
            let c = creator(
                e,
                &cards[i],
                &per_creator[i],
                &campaigns,
                &campaign_cards,
                cx,
                &mut d,
            );
            (c, d)
        })
        .collect();
    let built_campaigns: Vec<(Campaign, Diagnostics)> = campaigns
        .par_iter()
        .enumerate()
        .map(|(i, e)| {
            let mut d = Diagnostics::new();
            let c = campaign(e, &campaign_cards[i], &creator_idx, &cards, cx, &mut d);
            (c, d)
        })
        .collect();
    let term_names: HashMap<&str, (&str, String)> = terms
        .iter()
        .map(|t| {
            (
                t.slug.as_str(),
                (
                    t.fm.term.as_str(),
                    urls.dir(&format!("glossary/{}/", t.slug)),
                ),
            )
        })
        .collect();
    let built_terms: Vec<(Term, Diagnostics)> = terms
        .par_iter()
        .map(|e| {
            let mut d = Diagnostics::new();
            let t = term(e, &term_names, cx, &mut d);
            (t, d)
        })
        .collect();
    let built_pages: Vec<(Page, Diagnostics)> = pages
        .par_iter()
        .map(|e| {
            let mut d = Diagnostics::new();
            let path = urls.dir(&format!("{}/", e.slug));
            let p = page(e, path, "../", cx, &mut d);
            (p, d)
        })
        .collect();
    let home = match &input.home {
        Some(h) => page(h, urls.dir(""), "./", cx, diags),
        None => Page {
            slug: String::new(),
            path: urls.dir(""),
            title: config.title.clone(),
            description: config.description.clone().unwrap_or_default(),
            date: None,
            updated: None,
            body_html: String::new(),
            extra: Default::default(),
            source: String::new(),
        },
    };

    let creators = unzip(built_creators, diags);
    let campaigns = unzip(built_campaigns, diags);
    let terms = unzip(built_terms, diags);
    let pages = unzip(built_pages, diags);

    let info = SiteInfo {
        title: config.title.clone(),
        description: config.description.clone().unwrap_or_default(),
        base_url,
        language: config.language.clone(),
        organization: config.organization.clone(),
        team: audience == Audience::Team,
        audience: audience.as_str(),
        extra: config.extra.clone(),
        counts: Counts {
            creators: creators.len(),
            campaigns: campaigns.len(),
            terms: terms.len(),
            brands: 0,
        },
        nav: Nav {
            home: urls.dir(""),
            creators: urls.dir("creators/"),
            campaigns: urls.dir("campaigns/"),
            glossary: urls.dir("glossary/"),
            search: urls.dir("search/"),
            css: "style.css".to_string(),
        },
    };
    Site {
        info,
        home,
        creators,
        campaigns,
        terms,
        pages,
        roster,
        taxonomies: Vec::new(),
    }
}

/// Keeps the values, moves their problems into `diags`.
fn unzip<T>(v: Vec<(T, Diagnostics)>, diags: &mut Diagnostics) -> Vec<T> {
    v.into_iter()
        .map(|(x, d)| {
            diags.extend(d);
            x
        })
        .collect()
}

fn recap_date(c: &CampaignFm) -> Option<crate::model::Date> {
    c.date.or(c.end.as_ref().map(|e| e.value)).or(c.start)
}

fn opt_date(d: Option<crate::model::Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

/// An image reference as an href: URLs stay, `/x.jpg` becomes root-relative.
fn image_href(img: &Option<serde_saphyr::Spanned<String>>) -> Option<String> {
    let v = img.as_ref()?.value.trim();
    if !super::validate::safe_url(v) {
        return None;
    }
    Some(v.strip_prefix('/').unwrap_or(v).to_string())
}

fn safe(url: &str) -> Option<String> {
    super::validate::safe_url(url).then(|| url.to_string())
}

pub fn status_label(s: crate::model::CreatorStatus) -> &'static str {
    use crate::model::CreatorStatus as S;
    match s {
        S::Prospect => "Prospect",
        S::Contacted => "Contacted",
        S::Negotiating => "Negotiating",
        S::Active => "Active",
        S::Paused => "Paused",
        S::Alumni => "Alumni",
        S::DoNotContact => "Do not contact",
    }
}

fn taxonomy_link(tax: &str, name: &str, urls: Urls) -> Link {
    Link {
        name: name.to_string(),
        path: urls.dir(&format!("{tax}/{}/", text::slugify(name))),
    }
}

fn country_link(code: &str, urls: Urls) -> Link {
    Link {
        name: names::country(code).unwrap_or(code).to_string(),
        path: urls.dir(&format!("countries/{}/", code.to_ascii_lowercase())),
    }
}

fn creator_card(
    e: &Entry<CreatorFm>,
    urls: Urls,
    team: bool,
    campaign_count: usize,
) -> CreatorCard {
    let fm = &e.fm;
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
            followers: p.followers.map_or_else(kpi::unknown, kpi::count),
            followers_compact: p.followers.map_or_else(|| "—".to_string(), text::compact),
            engagement: p
                .engagement_rate
                .as_ref()
                .map_or_else(kpi::unknown, |e| Figure {
                    value: Some(e.value),
                    display: text::percent_value(e.value),
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
        path: urls.dir(&format!("creators/{}/", e.slug)),
        name: fm.name.clone(),
        initials: text::initials(&fm.name),
        summary: fm.summary.clone().unwrap_or_default(),
        handle: platforms.iter().find_map(|p| p.handle.clone()),
        image: image_href(&fm.image),
        status: team.then(|| StatusView {
            value: fm.status.as_str(),
            label: status_label(fm.status),
        }),
        owner: if team { fm.owner.clone() } else { None },
        platforms,
        total_followers: if any_followers {
            kpi::count(total)
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
                name: names::language(&l.value),
                path: urls.dir(&format!("languages/{}/", l.value)),
            })
            .collect(),
        country: fm.country.as_ref().map(|c| country_link(&c.value, urls)),
        location: fm.location.clone(),
        campaign_count,
    }
}

fn participation_view(p: &Participation, team: bool) -> ParticipationView {
    ParticipationView {
        status: p.status.map(|s| Labelled {
            value: s.as_str(),
            label: stage_like_label(s.as_str()),
        }),
        deliverables: p.deliverables.clone(),
        responded: kpi::responded(p),
        due: opt_date(p.due),
        published: opt_date(p.published),
        on_time: kpi::on_time(p),
        approval_rounds: p.approval_rounds,
        quality: p.quality.as_ref().map(|q| q.value),
        content: p.content.iter().filter_map(|u| safe(&u.value)).collect(),
        results: kpi::metrics(&p.results),
        disclosure_label: p.disclosure.as_ref().and_then(|d| d.label.clone()),
        disclosure_tool: p.disclosure.as_ref().and_then(|d| d.platform_tool.clone()),
        fee: if team { p.fee.map(text::number) } else { None },
        fee_amount: if team { p.fee } else { None },
    }
}

/// `in-production` → `In production`.
fn stage_like_label(v: &'static str) -> &'static str {
    match v {
        "shortlisted" => "Shortlisted",
        "contacted" => "Contacted",
        "replied" => "Replied",
        "declined" => "Declined",
        "negotiating" => "Negotiating",
        "briefed" => "Briefed",
        "in-production" => "In production",
        "in-review" => "In review",
        "approved" => "Approved",
        "published" => "Published",
        "reported" => "Reported",
        "cancelled" => "Cancelled",
        other => other,
    }
}

/// Human label of a workflow stage.
pub fn stage_label(s: Stage) -> &'static str {
    match s {
        Stage::Objective => "Objective",
        Stage::Mapping => "Creator mapping",
        Stage::Outreach => "Outreach",
        Stage::Negotiation => "Negotiation",
        Stage::Brief => "Brief",
        Stage::Production => "Production",
        Stage::Approval => "Approval",
        Stage::Publication => "Publication",
        Stage::Reporting => "Reporting",
        Stage::FollowUp => "Follow-up",
        Stage::Done => "Done",
    }
}

fn objective_label(o: crate::model::Objective) -> &'static str {
    use crate::model::Objective as O;
    match o {
        O::Awareness => "Awareness",
        O::Consideration => "Consideration",
        O::Traffic => "Traffic",
        O::Conversion => "Conversion",
        O::Content => "Content",
        O::Trust => "Trust",
    }
}

fn campaign_card(e: &Entry<CampaignFm>, urls: Urls, creator_count: usize) -> CampaignCard {
    let fm = &e.fm;
    let date = recap_date(fm);
    CampaignCard {
        slug: e.slug.clone(),
        path: urls.dir(&format!("campaigns/{}/", e.slug)),
        title: fm.title.clone(),
        brand: taxonomy_link("brands", &fm.brand, urls),
        objective: Link {
            name: objective_label(fm.objective).to_string(),
            path: urls.dir(&format!("objectives/{}/", fm.objective.as_str())),
        },
        stage: fm.stage.map(|s| Labelled {
            value: s.as_str(),
            label: stage_label(s),
        }),
        summary: fm.summary.clone().unwrap_or_default(),
        start: opt_date(fm.start),
        end: opt_date(fm.end.as_ref().map(|e| e.value)),
        date: opt_date(date),
        year: date.map(|d| d.year),
        creator_count,
        image: image_href(&fm.image),
    }
}

fn creator(
    e: &Entry<CreatorFm>,
    card: &CreatorCard,
    parts: &[(usize, &Participation)],
    campaigns: &[Entry<CampaignFm>],
    campaign_cards: &[CampaignCard],
    cx: &Context,
    d: &mut Diagnostics,
) -> Creator {
    let fm = &e.fm;
    let body = cx.md(&e.path, &e.body, e.body_line, "../../", false, d);
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
    let mut kpis = tally.kpis(card.campaign_count);
    kpis.repeat_rate = None;
    let history_campaigns = parts
        .iter()
        .map(|(ci, p)| CreatorCampaign {
            campaign: campaign_cards[*ci].clone(),
            participation: participation_view(p, cx.team),
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
                        label: kpi::label(k),
                        value: *a,
                        display: text::number(*a),
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
                    name: names::country(&c.value).unwrap_or(&c.value).to_string(),
                    path: String::new(),
                })
                .collect(),
            age_range: a.age_range.clone(),
            female_share: a.female_share.as_ref().map(|f| Figure {
                value: Some(f.value),
                display: text::percent_value(f.value),
            }),
            notes: a.notes.clone(),
        }),
        preferences: fm.preferences.as_ref().map(|p| PreferencesView {
            formats: p.formats.clone(),
            topics: p.topics.clone(),
            avoid: p.avoid.clone(),
            brief_style: p.brief_style.map(|b| b.as_str()),
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
        consent: fm.consent.as_ref().map(|c| ConsentView {
            date: opt_date(c.date),
            scope: c.scope.clone(),
        }),
        extra: fm.extra.clone(),
        status_raw: Some(fm.status),
        updated,
        source: e.path.clone(),
    }
}

fn campaign(
    e: &Entry<CampaignFm>,
    card: &CampaignCard,
    creator_idx: &HashMap<&str, usize>,
    cards: &[CreatorCard],
    cx: &Context,
    d: &mut Diagnostics,
) -> Campaign {
    let fm = &e.fm;
    let body = cx.md(&e.path, &e.body, e.body_line, "../../", false, d);
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
            },
            initials: cards[i].initials.clone(),
            participation: participation_view(p, cx.team),
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
            label: stage_label(*s),
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
                label: c.label(),
            })
            .collect(),
        markets: fm
            .markets
            .iter()
            .map(|m| country_link(&m.value, cx.urls))
            .collect(),
        participants,
        results: kpi::metrics(&fm.results),
        learnings: fm.learnings.clone(),
        disclosure: fm.disclosure.as_ref().map(|x| DisclosureView {
            labels: x.labels.clone(),
            platform_tools: x.platform_tools.clone(),
            compliant: x.compliant,
        }),
        usage_rights: fm.usage_rights.as_ref().map(|u| UsageRightsView {
            duration: u.duration.clone(),
            channels: u.channels.clone(),
            paid_media: u.paid_media,
        }),
        kpis: tally.kpis(1),
        budget: if cx.team {
            fm.budget.as_ref().and_then(|b| {
                b.amount
                    .map(|a| format!("{}{}", text::number(a), currency(&b.currency)))
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
            Some(format!("{}{cur}", text::number(fees)))
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

fn term(
    e: &Entry<TermFm>,
    names_by_slug: &HashMap<&str, (&str, String)>,
    cx: &Context,
    d: &mut Diagnostics,
) -> Term {
    let fm = &e.fm;
    let body = cx.md(&e.path, &e.body, e.body_line, "../../", true, d);
    let md_cx = MdContext {
        file: &e.path,
        body_line: e.body_line,
        root: "../../",
        links: cx.links,
        unsafe_html: cx.unsafe_html,
        team: cx.team,
    };
    let mut faq: Vec<FaqView> = fm
        .faq
        .iter()
        .map(|f| {
            let (answer_html, answer_text) = markdown::render_inline(&f.answer, &md_cx, d);
            FaqView {
                question: f.question.clone(),
                answer_html,
                answer_text,
            }
        })
        .collect();
    faq.extend(body.faq.into_iter().map(|(q, a, t)| FaqView {
        question: q,
        answer_html: a,
        answer_text: t,
    }));
    let letter = fm
        .term
        .chars()
        .next()
        .map(|c| text::fold(&c.to_string()).to_uppercase())
        .filter(|l| l.chars().all(|c| c.is_ascii_alphabetic()))
        .unwrap_or_else(|| "#".to_string());
    Term {
        slug: e.slug.clone(),
        path: cx.urls.dir(&format!("glossary/{}/", e.slug)),
        term: fm.term.clone(),
        definition: fm.definition.trim().to_string(),
        letter,
        alternate_names: fm.alternate_names.clone(),
        translations: fm
            .translations
            .iter()
            .map(|(l, t)| Translation {
                lang: l.clone(),
                language: names::language(l),
                term: t.clone(),
            })
            .collect(),
        category: fm.category.clone(),
        related: fm
            .related
            .iter()
            .filter_map(|r| names_by_slug.get(r.value.as_str()))
            .map(|(n, p)| Link {
                name: (*n).to_string(),
                path: p.clone(),
            })
            .collect(),
        faq,
        author: fm.author.clone(),
        date: opt_date(fm.date),
        updated: opt_date(fm.updated.or(fm.date)),
        body_html: body.html,
        extra: fm.extra.clone(),
        source: e.path.clone(),
    }
}

fn page(e: &Entry<PageFm>, path: String, root: &str, cx: &Context, d: &mut Diagnostics) -> Page {
    let body = cx.md(&e.path, &e.body, e.body_line, root, false, d);
    Page {
        slug: e.slug.clone(),
        path,
        title: e.fm.title.clone().unwrap_or_default(),
        description: e.fm.description.clone().unwrap_or_default(),
        date: opt_date(e.fm.date),
        updated: opt_date(e.fm.updated.or(e.fm.date)),
        body_html: body.html,
        extra: e.fm.extra.clone(),
        source: e.path.clone(),
    }
}
