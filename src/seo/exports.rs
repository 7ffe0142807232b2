//! Data exports for the agency's own tools: `data/creators.json`,
//! `data/creators.csv`, `data/campaigns.json`, `data/glossary.json`.
//!
//! The shape is documented in `docs/seo.md` and stable: keys are never
//! renamed or removed within a `version`. Public keys are always present
//! (`null` or `[]` when unknown); team-only keys (`status`, `owner`, `rates`,
//! `contact`, `timeline`, `budget`, `fee`) exist only in team builds. A
//! public build is built from the resolved site, which has no private value.

use super::Urls;
use crate::model::types::Extra;
use crate::plan::OutputFile;
use crate::resolve::Site;
use crate::resolve::types::{Campaign, Creator, Figure, Kpis, Link, Metric, Term};
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;

/// Version of the export shape, in every JSON file.
pub const VERSION: u32 = 1;

/// The export files with what they hold (for `llms.txt` and the docs).
pub static DOCUMENTED: &[(&str, &str)] = &[
    (
        "data/creators.json",
        "every creator: networks, followers, audience, figures",
    ),
    ("data/creators.csv", "the same creators, one row each"),
    (
        "data/campaigns.json",
        "every campaign recap with participants, results and learnings",
    ),
    (
        "data/glossary.json",
        "every glossary term with definition, synonyms, translations and FAQ",
    ),
];

/// A number written as an integer when it is one (`2385`, not `2385.0`).
#[derive(Clone, Copy)]
pub struct Num(pub f64);

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v = self.0;
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            s.serialize_i64(v as i64)
        } else {
            s.serialize_f64(v)
        }
    }
}

pub(super) fn fig(f: &Figure) -> Option<Num> {
    f.value.map(Num)
}

fn metrics(m: &[Metric]) -> BTreeMap<&str, Num> {
    m.iter().map(|m| (m.key.as_str(), Num(m.value))).collect()
}

pub(super) fn names(links: &[Link]) -> Vec<&str> {
    links.iter().map(|l| l.name.as_str()).collect()
}

pub(super) fn slugs(links: &[Link]) -> Vec<&str> {
    links.iter().map(|l| l.slug.as_str()).collect()
}

/// Envelope of every JSON export.
#[derive(Serialize)]
struct Doc<'a, T> {
    version: u32,
    audience: &'static str,
    site: SiteOut<'a>,
    #[serde(flatten)]
    items: T,
}

#[derive(Serialize)]
struct SiteOut<'a> {
    title: &'a str,
    base_url: &'a str,
    language: &'a str,
}

#[derive(Serialize)]
struct KpisOut {
    campaigns: usize,
    response_rate: Option<Num>,
    on_time_rate: Option<Num>,
    approval_rounds: Option<Num>,
    quality: Option<Num>,
}

impl KpisOut {
    fn new(k: &Kpis) -> Self {
        KpisOut {
            campaigns: k.campaigns,
            response_rate: fig(&k.response_rate),
            on_time_rate: fig(&k.on_time_rate),
            approval_rounds: fig(&k.approval_rounds),
            quality: fig(&k.quality),
        }
    }
}

#[derive(Serialize)]
struct PlatformOut<'a> {
    network: &'a str,
    handle: Option<&'a str>,
    url: Option<&'a str>,
    followers: Option<Num>,
    engagement_rate: Option<Num>,
}

#[derive(Serialize)]
struct CreatorOut<'a> {
    slug: &'a str,
    name: &'a str,
    url: String,
    summary: &'a str,
    image: Option<String>,
    handle: Option<&'a str>,
    location: Option<&'a str>,
    country: Option<String>,
    languages: Vec<&'a str>,
    niches: Vec<&'a str>,
    tags: &'a [String],
    platforms: Vec<PlatformOut<'a>>,
    total_followers: Option<Num>,
    audience: Option<AudienceOut<'a>>,
    preferences: Option<PreferencesOut<'a>>,
    since: Option<&'a str>,
    updated: Option<&'a str>,
    first_collaboration: Option<&'a str>,
    last_collaboration: Option<&'a str>,
    /// Slugs of every campaign the creator is listed in, newest first.
    campaigns: Vec<&'a str>,
    brands: Vec<&'a str>,
    kpis: KpisOut,
    consent: Option<ConsentOut<'a>>,
    extra: &'a Extra,
    // Team only: absent from public builds (`None`), `null` or a value in
    // team builds (`Some`).
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    owner: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rates: Option<Rates<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact: Option<Option<ContactOut<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    timeline: Option<Vec<EventOut<'a>>>,
}

#[derive(Serialize)]
struct AudienceOut<'a> {
    top_countries: Vec<&'a str>,
    age_range: Option<&'a str>,
    female_share: Option<Num>,
    notes: Option<&'a str>,
}

#[derive(Serialize)]
struct PreferencesOut<'a> {
    formats: &'a [String],
    topics: &'a [String],
    avoid: &'a [String],
    brief_style: Option<&'a str>,
    availability: Option<&'a str>,
    notes: Option<&'a str>,
}

#[derive(Serialize)]
struct ConsentOut<'a> {
    date: Option<&'a str>,
    scope: Option<&'a str>,
}

#[derive(Serialize)]
struct ContactOut<'a> {
    email: Option<&'a str>,
    phone: Option<&'a str>,
    agent: Option<&'a str>,
    agency: Option<&'a str>,
}

#[derive(Serialize)]
struct EventOut<'a> {
    date: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct DisclosureOut<'a> {
    labels: &'a [String],
    platform_tools: &'a [String],
    compliant: Option<bool>,
}

#[derive(Serialize)]
struct UsageRightsOut<'a> {
    duration: Option<&'a str>,
    channels: &'a [String],
    paid_media: Option<bool>,
}

#[derive(Serialize)]
struct Rates<'a> {
    currency: Option<&'a str>,
    #[serde(flatten)]
    amounts: BTreeMap<&'a str, Num>,
}

#[derive(Serialize)]
struct ParticipantOut<'a> {
    creator: &'a str,
    name: &'a str,
    status: Option<&'a str>,
    deliverables: &'a [String],
    responded: Option<bool>,
    due: Option<&'a str>,
    published: Option<&'a str>,
    on_time: Option<bool>,
    approval_rounds: Option<u32>,
    quality: Option<u8>,
    content: &'a [String],
    results: BTreeMap<&'a str, Num>,
    disclosure_label: Option<&'a str>,
    disclosure_tool: Option<&'a str>,
    /// Team only (absent from public builds, `null` when unknown).
    #[serde(skip_serializing_if = "Option::is_none")]
    fee: Option<Option<Num>>,
}

#[derive(Serialize)]
struct Budget<'a> {
    amount: Option<Num>,
    currency: Option<&'a str>,
}

#[derive(Serialize)]
struct CampaignOut<'a> {
    slug: &'a str,
    title: &'a str,
    url: String,
    brand: &'a str,
    objective: &'a str,
    stage: Option<&'a str>,
    summary: &'a str,
    image: Option<String>,
    start: Option<&'a str>,
    end: Option<&'a str>,
    date: Option<&'a str>,
    author: Option<&'a str>,
    channels: Vec<&'a str>,
    markets: Vec<String>,
    participants: Vec<ParticipantOut<'a>>,
    results: BTreeMap<&'a str, Num>,
    learnings: &'a [String],
    kpis: KpisOut,
    disclosure: Option<DisclosureOut<'a>>,
    usage_rights: Option<UsageRightsOut<'a>>,
    extra: &'a Extra,
    #[serde(skip_serializing_if = "Option::is_none")]
    budget: Option<Budget<'a>>,
}

#[derive(Serialize)]
struct FaqOut<'a> {
    question: &'a str,
    answer: &'a str,
}

#[derive(Serialize)]
struct TermOut<'a> {
    slug: &'a str,
    term: &'a str,
    url: String,
    definition: &'a str,
    category: Option<&'a str>,
    alternate_names: &'a [String],
    translations: BTreeMap<&'a str, &'a str>,
    related: Vec<&'a str>,
    faq: Vec<FaqOut<'a>>,
    author: Option<&'a str>,
    date: Option<&'a str>,
    updated: Option<&'a str>,
    extra: &'a Extra,
}

#[derive(Serialize)]
enum Items<'a> {
    #[serde(rename = "creators")]
    Creators(Vec<CreatorOut<'a>>),
    #[serde(rename = "campaigns")]
    Campaigns(Vec<CampaignOut<'a>>),
    #[serde(rename = "terms")]
    Terms(Vec<TermOut<'a>>),
}

fn json_file(site: &Site, path: &str, items: Items) -> OutputFile {
    let doc = Doc {
        version: VERSION,
        audience: site.info.audience,
        site: SiteOut {
            title: &site.info.title,
            base_url: &site.info.base_url,
            language: &site.info.language,
        },
        items,
    };
    let mut bytes = serde_json::to_vec(&doc).unwrap_or_default();
    bytes.push(b'\n');
    OutputFile {
        path: path.into(),
        bytes,
    }
}

/// `data/creators.json`.
pub fn creators_json(site: &Site) -> OutputFile {
    let urls = Urls::new(&site.info.base_url);
    let list = site.creators.iter();
    let items = list.map(|c| creator(c, urls, site.info.team)).collect();
    json_file(site, "data/creators.json", Items::Creators(items))
}

/// `data/campaigns.json`.
pub fn campaigns_json(site: &Site) -> OutputFile {
    let urls = Urls::new(&site.info.base_url);
    let list = site.campaigns.iter();
    let items = list.map(|c| campaign(c, urls, site.info.team)).collect();
    json_file(site, "data/campaigns.json", Items::Campaigns(items))
}

/// `data/glossary.json`.
pub fn glossary_json(site: &Site) -> OutputFile {
    let urls = Urls::new(&site.info.base_url);
    let items = site.terms.iter().map(|t| term(t, urls)).collect();
    json_file(site, "data/glossary.json", Items::Terms(items))
}

fn creator<'a>(c: &'a Creator, urls: Urls, team: bool) -> CreatorOut<'a> {
    let card = &c.card;
    CreatorOut {
        slug: &card.slug,
        name: &card.name,
        url: urls.page(&card.path),
        summary: &card.summary,
        image: card.image.as_deref().map(|i| urls.href(i)),
        handle: card.handle.as_deref(),
        location: card.location.as_deref(),
        country: card
            .country
            .as_ref()
            .map(|c| c.slug.as_str().to_ascii_uppercase()),
        languages: slugs(&card.languages),
        niches: names(&card.niches),
        tags: &c.tags,
        platforms: card
            .platforms
            .iter()
            .map(|p| PlatformOut {
                network: p.network,
                handle: p.handle.as_deref(),
                url: p.url.as_deref(),
                followers: fig(&p.followers),
                engagement_rate: fig(&p.engagement),
            })
            .collect(),
        total_followers: fig(&card.total_followers),
        audience: c.audience.as_ref().map(|a| AudienceOut {
            top_countries: names(&a.top_countries),
            age_range: a.age_range.as_deref(),
            female_share: a.female_share.as_ref().and_then(fig),
            notes: a.notes.as_deref(),
        }),
        preferences: c.preferences.as_ref().map(|p| PreferencesOut {
            formats: &p.formats,
            topics: &p.topics,
            avoid: &p.avoid,
            brief_style: p.brief_style.as_deref(),
            availability: p.availability.as_deref(),
            notes: p.notes.as_deref(),
        }),
        since: c.since.as_deref(),
        updated: c.updated.as_deref(),
        first_collaboration: c.first_collaboration.as_deref(),
        last_collaboration: c.last_collaboration.as_deref(),
        campaigns: c
            .history_campaigns
            .iter()
            .map(|h| h.campaign.slug.as_str())
            .collect(),
        brands: names(&c.brands),
        kpis: KpisOut::new(&c.kpis),
        consent: c.consent.as_ref().map(|x| ConsentOut {
            date: x.date.as_deref(),
            scope: x.scope.as_deref(),
        }),
        extra: &c.extra,
        status: team.then(|| card.status.as_ref().map(|s| s.value)),
        owner: team.then_some(card.owner.as_deref()),
        rates: team.then(|| Rates {
            currency: c.rates_currency.as_deref(),
            amounts: metrics(&c.rates),
        }),
        contact: team.then(|| {
            c.contact.as_ref().map(|x| ContactOut {
                email: x.email.as_deref(),
                phone: x.phone.as_deref(),
                agent: x.agent.as_deref(),
                agency: x.agency.as_deref(),
            })
        }),
        timeline: team.then(|| {
            c.timeline
                .iter()
                .map(|e| EventOut {
                    date: &e.date,
                    kind: e.kind,
                    note: e.note.as_deref(),
                })
                .collect()
        }),
    }
}

fn campaign<'a>(c: &'a Campaign, urls: Urls, team: bool) -> CampaignOut<'a> {
    let card = &c.card;
    CampaignOut {
        slug: &card.slug,
        title: &card.title,
        url: urls.page(&card.path),
        brand: &card.brand.name,
        objective: card.objective.slug.as_str(),
        stage: card.stage.as_ref().map(|s| s.value),
        summary: &card.summary,
        image: card.image.as_deref().map(|i| urls.href(i)),
        start: card.start.as_deref(),
        end: card.end.as_deref(),
        date: card.date.as_deref(),
        author: c.author.as_deref(),
        channels: c.channels.iter().map(|x| x.value).collect(),
        markets: c
            .markets
            .iter()
            .map(|m| m.slug.as_str().to_ascii_uppercase())
            .collect(),
        participants: c
            .participants
            .iter()
            .map(|p| {
                let v = &p.participation;
                ParticipantOut {
                    creator: p.creator.slug.as_str(),
                    name: &p.creator.name,
                    status: v.status.as_ref().map(|s| s.value),
                    deliverables: &v.deliverables,
                    responded: v.responded,
                    due: v.due.as_deref(),
                    published: v.published.as_deref(),
                    on_time: v.on_time,
                    approval_rounds: v.approval_rounds,
                    quality: v.quality,
                    content: &v.content,
                    results: metrics(&v.results),
                    disclosure_label: v.disclosure_label.as_deref(),
                    disclosure_tool: v.disclosure_tool.as_deref(),
                    fee: team.then(|| v.fee_amount.map(Num)),
                }
            })
            .collect(),
        results: metrics(&c.results),
        learnings: &c.learnings,
        kpis: KpisOut::new(&c.kpis),
        disclosure: c.disclosure.as_ref().map(|d| DisclosureOut {
            labels: &d.labels,
            platform_tools: &d.platform_tools,
            compliant: d.compliant,
        }),
        usage_rights: c.usage_rights.as_ref().map(|u| UsageRightsOut {
            duration: u.duration.as_deref(),
            channels: &u.channels,
            paid_media: u.paid_media,
        }),
        extra: &c.extra,
        budget: team.then(|| Budget {
            amount: c.budget_amount.map(Num),
            currency: c.budget_currency.as_deref(),
        }),
    }
}

fn term<'a>(t: &'a Term, urls: Urls) -> TermOut<'a> {
    TermOut {
        slug: &t.slug,
        term: &t.term,
        url: urls.page(&t.path),
        definition: &t.definition,
        category: t.category.as_deref(),
        alternate_names: &t.alternate_names,
        translations: t
            .translations
            .iter()
            .map(|x| (x.lang.as_str(), x.term.as_str()))
            .collect(),
        related: slugs(&t.related),
        faq: t
            .faq
            .iter()
            .map(|f| FaqOut {
                question: &f.question,
                answer: &f.answer_text,
            })
            .collect(),
        author: t.author.as_deref(),
        date: t.date.as_deref(),
        updated: t.updated.as_deref(),
        extra: &t.extra,
    }
}
