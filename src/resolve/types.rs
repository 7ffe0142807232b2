//! The resolved site: what templates see.
//!
//! Every value here is already filtered for the audience and formatted for
//! display. URLs in `path`/`href` fields are relative to the site root
//! (`creators/lea-martin/`); templates prefix them with the page's `root`
//! (`../../`), which keeps the output browsable from disk. Fields that only
//! exist in team builds are `None`/empty in public builds, and are skipped
//! when serialized, so no template can print them.

use crate::model::types::{CreatorStatus, Extra};
use serde::Serialize;
use std::sync::Arc;

/// A number with its display form; `display` is "—" when unknown.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Figure {
    /// Raw value (a ratio 0–1 for rates), `None` when the denominator is zero.
    pub value: Option<f64>,
    /// Formatted for display: `83.3%`, `1.5`, `—`.
    pub display: String,
    /// What a rate or a mean was computed from, so a page can say
    /// "100 % · 2 of 2 campaigns" rather than a bare figure; `None` for a
    /// plain count or an unknown figure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample: Option<Sample>,
}

/// The sample behind a figure: `n` of `of` (for a mean, `n == of`, the
/// number of values averaged).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Sample {
    /// Cases that count (answered, on time); for a mean, the values.
    pub n: u32,
    /// Cases with a known answer: the denominator.
    pub of: u32,
}

/// A link target with its label.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// Label.
    pub name: String,
    /// Root-relative URL (empty: plain text, no page).
    pub path: String,
    /// Identity of what is linked — an entry slug, a taxonomy slug or an ISO
    /// code (lowercase) — so later stages never parse it back out of `path`
    /// (which ends in `index.html` in offline builds). Empty for navigation.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub slug: String,
    /// Set when the target has no version in the page's language.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<Fallback>,
}

impl Link {
    /// A navigation link (breadcrumbs): no identity of its own.
    pub fn nav(name: impl Into<String>, path: impl Into<String>) -> Link {
        Link {
            name: name.into(),
            path: path.into(),
            slug: String::new(),
            fallback: None,
        }
    }
}

/// An entry listed in a language it has not been translated into: it links
/// to the original, and says in which language that is.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Fallback {
    /// Language code of the original (`en`).
    pub lang: String,
    /// The mark shown after it, in the page's language: `(in English)`.
    pub fallback: String,
}

/// The figures computed from campaign participations.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Kpis {
    /// Number of (visible) campaigns.
    pub campaigns: usize,
    /// Participations that answered the outreach / those contacted.
    pub response_rate: Figure,
    /// Deliveries on time / deliveries with a known answer.
    pub on_time_rate: Figure,
    /// Mean approval rounds.
    pub approval_rounds: Figure,
    /// Mean quality, 1–5.
    pub quality: Figure,
    /// Roster only: creators with 2+ campaigns / creators with 1+.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeat_rate: Option<Figure>,
    /// Summed results by metric.
    pub results: Vec<Metric>,
}

/// One named result.
#[derive(Debug, Clone, Serialize)]
pub struct Metric {
    /// Metric key as written (`reach`).
    pub key: String,
    /// Human label (`Reach`).
    pub label: String,
    /// Raw value.
    pub value: f64,
    /// Formatted value.
    pub display: String,
}

/// The site-wide settings templates need.
#[derive(Debug, Clone, Serialize)]
pub struct SiteInfo {
    /// Site title.
    pub title: String,
    /// Site description.
    pub description: String,
    /// Absolute base URL ending in `/`.
    pub base_url: String,
    /// Default language code.
    pub language: String,
    /// Language of these pages.
    pub lang: String,
    /// Where these pages live: `""` for the default language, `fr/` otherwise.
    pub prefix: String,
    /// Every language of the site, default first.
    pub languages: Vec<LangInfo>,
    /// Publisher.
    pub organization: Option<crate::model::config::Organization>,
    /// `true` in a team build.
    pub team: bool,
    /// Links end in `index.html` (`build --offline`).
    pub offline: bool,
    /// `public` or `team`.
    pub audience: &'static str,
    /// Free map from `site.yaml`.
    pub extra: Extra,
    /// Number of visible creators, campaigns, terms.
    pub counts: Counts,
    /// Entries per page of the paginated listings (`paginate`, at least 1).
    pub paginate: usize,
    /// Links to the three sections and the home page.
    pub nav: Nav,
}

/// One language of the site.
#[derive(Debug, Clone, Serialize)]
pub struct LangInfo {
    /// `fr`.
    pub code: String,
    /// Its name in itself: `Français`.
    pub name: String,
    /// Root-relative home page of that language.
    pub home: String,
}

/// Entry counts.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Counts {
    /// Creators.
    pub creators: usize,
    /// Campaigns.
    pub campaigns: usize,
    /// Glossary terms.
    pub terms: usize,
    /// Brands.
    pub brands: usize,
}

/// Section links, root-relative (offline builds end them in `index.html`).
#[derive(Debug, Clone, Serialize)]
pub struct Nav {
    /// Home.
    pub home: String,
    /// Creators directory.
    pub creators: String,
    /// Campaigns index.
    pub campaigns: String,
    /// Glossary.
    pub glossary: String,
    /// Search page (`?q=` pre-fills the query).
    pub search: String,
    /// Stylesheet.
    pub css: String,
    /// Team builds only: the follow-up queue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follow_ups: Option<String>,
    /// Team builds only: the pipeline board.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pipeline: Option<String>,
    /// Team builds only: the cost comparison.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub costs: Option<String>,
    /// Team builds only: learnings by brand and objective.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub learnings: Option<String>,
}

/// A creator as listed in tables and cards.
#[derive(Debug, Clone, Serialize)]
pub struct CreatorCard {
    /// Slug.
    pub slug: String,
    /// Root-relative URL of the profile.
    pub path: String,
    /// Display name.
    pub name: String,
    /// Initials for the avatar.
    pub initials: String,
    /// One line.
    pub summary: String,
    /// Main handle (of the largest platform), with `@`.
    pub handle: Option<String>,
    /// Portrait href (root-relative or absolute URL).
    pub image: Option<String>,
    /// The portrait's resized copies, for a local JPEG, PNG or WebP.
    pub image_set: Option<crate::images::variants::ImageSet>,
    /// Relationship status; team builds only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<StatusView>,
    /// Account manager; team builds only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Accounts, largest first.
    pub platforms: Vec<PlatformView>,
    /// Sum of followers across platforms.
    pub total_followers: Figure,
    /// Niches with their taxonomy pages.
    pub niches: Vec<Link>,
    /// Languages with their taxonomy pages.
    pub languages: Vec<Link>,
    /// Country with its taxonomy page.
    pub country: Option<Link>,
    /// City, region.
    pub location: Option<String>,
    /// Number of visible campaigns.
    pub campaign_count: usize,
    /// Set when listed in a language the profile is not translated into.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<Fallback>,
}

/// A status with its label and CSS class.
#[derive(Debug, Clone, Serialize)]
pub struct StatusView {
    /// As written: `do-not-contact`.
    pub value: &'static str,
    /// For people: `Do not contact`.
    pub label: String,
}

/// One platform account.
#[derive(Debug, Clone, Serialize)]
pub struct PlatformView {
    /// `instagram`.
    pub network: &'static str,
    /// `Instagram`.
    pub label: &'static str,
    /// Handle with `@`.
    pub handle: Option<String>,
    /// Profile URL (http or https only).
    pub url: Option<String>,
    /// Followers.
    pub followers: Figure,
    /// Followers, compact (`12.4K`).
    pub followers_compact: String,
    /// Engagement rate in percent.
    pub engagement: Figure,
}

/// A full creator profile.
#[derive(Debug, Clone, Serialize)]
pub struct Creator {
    /// What listings show.
    #[serde(flatten)]
    pub card: CreatorCard,
    /// Audience facts.
    pub audience: Option<AudienceView>,
    /// Preferences.
    pub preferences: Option<PreferencesView>,
    /// First contact.
    pub since: Option<String>,
    /// Free tags.
    pub tags: Vec<String>,
    /// Rendered body.
    pub body_html: String,
    /// Figures over the creator's visible campaigns.
    pub kpis: Kpis,
    /// Campaign history, newest first.
    pub history_campaigns: Vec<CreatorCampaign>,
    /// Brands worked with.
    pub brands: Vec<Link>,
    /// First and last collaboration dates.
    pub first_collaboration: Option<String>,
    /// Last collaboration date.
    pub last_collaboration: Option<String>,
    /// Team only: rates.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rates: Vec<Metric>,
    /// Team only: currency of the rates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rates_currency: Option<String>,
    /// Team only: contact details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<ContactView>,
    /// Team only: the relationship timeline, newest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub timeline: Vec<TimelineItem>,
    /// Consent to a public profile, when recorded.
    pub consent: Option<ConsentView>,
    /// Free map.
    pub extra: Extra,
    /// Status, for filtering in Rust (not serialized).
    #[serde(skip)]
    pub status_raw: Option<CreatorStatus>,
    /// Last date known for the sitemap.
    pub updated: Option<String>,
    /// Content file, relative to the site root, for messages (not serialized).
    #[serde(skip)]
    pub source: String,
}

/// Audience facts.
#[derive(Debug, Clone, Serialize)]
pub struct AudienceView {
    /// Top countries.
    pub top_countries: Vec<Link>,
    /// Age range.
    pub age_range: Option<String>,
    /// Share of women.
    pub female_share: Option<Figure>,
    /// Notes.
    pub notes: Option<String>,
}

/// Preferences.
#[derive(Debug, Clone, Serialize)]
pub struct PreferencesView {
    /// Formats.
    pub formats: Vec<String>,
    /// Topics.
    pub topics: Vec<String>,
    /// Avoid.
    pub avoid: Vec<String>,
    /// `loose`, `guided`, `strict`, for people.
    pub brief_style: Option<String>,
    /// Availability.
    pub availability: Option<String>,
    /// Notes.
    pub notes: Option<String>,
}

/// Team-only contact details.
#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    /// Email.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Agent.
    pub agent: Option<String>,
    /// Agency.
    pub agency: Option<String>,
}

/// Consent.
#[derive(Debug, Clone, Serialize)]
pub struct ConsentView {
    /// Date.
    pub date: Option<String>,
    /// Scope.
    pub scope: Option<String>,
}

/// One event of the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineItem {
    /// `2026-03-12`.
    pub date: String,
    /// Event type.
    pub kind: &'static str,
    /// Note.
    pub note: Option<String>,
}

/// One line of a creator's campaign history.
#[derive(Debug, Clone, Serialize)]
pub struct CreatorCampaign {
    /// The campaign.
    pub campaign: CampaignCard,
    /// This creator's participation.
    pub participation: ParticipationView,
}

/// A campaign as listed.
#[derive(Debug, Clone, Serialize)]
pub struct CampaignCard {
    /// Slug.
    pub slug: String,
    /// Root-relative URL.
    pub path: String,
    /// Title.
    pub title: String,
    /// Brand with its taxonomy page.
    pub brand: Link,
    /// Objective value, label and taxonomy page.
    pub objective: Link,
    /// Workflow stage.
    pub stage: Option<Labelled>,
    /// One line.
    pub summary: String,
    /// Start date.
    pub start: Option<String>,
    /// End date.
    pub end: Option<String>,
    /// Recap date (`date`, else `end`).
    pub date: Option<String>,
    /// Year of `date`, for filters.
    pub year: Option<u16>,
    /// Number of visible participants.
    pub creator_count: usize,
    /// Key visual href.
    pub image: Option<String>,
    /// The key visual's resized copies, for a local JPEG, PNG or WebP.
    pub image_set: Option<crate::images::variants::ImageSet>,
    /// Set when listed in a language the recap is not translated into.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<Fallback>,
}

/// A value with its label.
#[derive(Debug, Clone, Serialize)]
pub struct Labelled {
    /// As written.
    pub value: &'static str,
    /// For people.
    pub label: String,
}

/// A full campaign recap.
#[derive(Debug, Clone, Serialize)]
pub struct Campaign {
    /// What listings show.
    #[serde(flatten)]
    pub card: CampaignCard,
    /// The ten workflow steps and where this campaign stands.
    pub steps: Vec<Step>,
    /// Author of the recap.
    pub author: Option<String>,
    /// Networks.
    pub channels: Vec<Labelled>,
    /// Markets with their country pages.
    pub markets: Vec<Link>,
    /// Participants, in the order written.
    pub participants: Vec<Participant>,
    /// Campaign totals.
    pub results: Vec<Metric>,
    /// What to repeat or change.
    pub learnings: Vec<String>,
    /// Disclosure.
    pub disclosure: Option<DisclosureView>,
    /// Usage rights.
    pub usage_rights: Option<UsageRightsView>,
    /// Team only: the exclusivity clause.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exclusivity: Option<ExclusivityView>,
    /// Figures over the participations.
    pub kpis: Kpis,
    /// Team only: budget, formatted with currency.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget: Option<String>,
    /// Team only: sum of fees, formatted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fees_total: Option<String>,
    /// Rendered body.
    pub body_html: String,
    /// Free map.
    pub extra: Extra,
    /// Team only: the budget amount, for data exports (not serialized).
    #[serde(skip)]
    pub budget_amount: Option<f64>,
    /// Team only: the budget currency, for data exports (not serialized).
    #[serde(skip)]
    pub budget_currency: Option<String>,
    /// Content file, relative to the site root, for messages (not serialized).
    #[serde(skip)]
    pub source: String,
}

/// One workflow step of the stage indicator.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// Label.
    pub label: String,
    /// `done`, `current` or `todo`.
    pub state: &'static str,
}

/// One creator in a campaign.
#[derive(Debug, Clone, Serialize)]
pub struct Participant {
    /// The creator's card fields needed here.
    pub creator: Link,
    /// Initials for the avatar.
    pub initials: String,
    /// This participation.
    #[serde(flatten)]
    pub participation: ParticipationView,
}

/// One participation, formatted.
#[derive(Debug, Clone, Serialize)]
pub struct ParticipationView {
    /// Status in this campaign.
    pub status: Option<Labelled>,
    /// Deliverables.
    pub deliverables: Vec<String>,
    /// Answered the outreach (explicit or derived).
    pub responded: Option<bool>,
    /// Due date.
    pub due: Option<String>,
    /// Published date.
    pub published: Option<String>,
    /// The due date as a date, for the calendar (not serialized).
    #[serde(skip)]
    pub due_date: Option<crate::model::Date>,
    /// On time (explicit or derived).
    pub on_time: Option<bool>,
    /// Approval rounds.
    pub approval_rounds: Option<u32>,
    /// Quality 1–5.
    pub quality: Option<u8>,
    /// Published posts (http/https only).
    pub content: Vec<String>,
    /// Results.
    pub results: Vec<Metric>,
    /// Disclosure label and tool.
    pub disclosure_label: Option<String>,
    /// Platform tool used for disclosure.
    pub disclosure_tool: Option<String>,
    /// Team only: fee, formatted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fee: Option<String>,
    /// Team only: the fee as a number, for data exports (not serialized).
    #[serde(skip)]
    pub fee_amount: Option<f64>,
}

/// Campaign-level disclosure.
#[derive(Debug, Clone, Serialize)]
pub struct DisclosureView {
    /// Labels.
    pub labels: Vec<String>,
    /// Platform tools.
    pub platform_tools: Vec<String>,
    /// Compliance, when stated.
    pub compliant: Option<bool>,
}

/// Usage rights.
#[derive(Debug, Clone, Serialize)]
pub struct UsageRightsView {
    /// Duration.
    pub duration: Option<String>,
    /// Channels.
    pub channels: Vec<String>,
    /// Paid media allowed.
    pub paid_media: Option<bool>,
    /// Team only: first day of the licence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<crate::model::Date>,
    /// Team only: last day of the licence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<crate::model::Date>,
}

/// Team only: an exclusivity clause.
#[derive(Debug, Clone, Serialize)]
pub struct ExclusivityView {
    /// The competing category.
    pub category: Option<String>,
    /// Last day of the clause.
    pub until: Option<crate::model::Date>,
}

/// A glossary term.
#[derive(Debug, Clone, Serialize)]
pub struct Term {
    /// Slug.
    pub slug: String,
    /// Root-relative URL.
    pub path: String,
    /// The term.
    pub term: String,
    /// Definition (plain text).
    pub definition: String,
    /// First letter for the A–Z index.
    pub letter: String,
    /// Synonyms.
    pub alternate_names: Vec<String>,
    /// Translations: `name` is the language code, `path` unused.
    pub translations: Vec<Translation>,
    /// Category.
    pub category: Option<String>,
    /// Related terms.
    pub related: Vec<Link>,
    /// Questions and answers, front matter first, then the body's `## FAQ`.
    pub faq: Vec<FaqView>,
    /// Author.
    pub author: Option<String>,
    /// Published.
    pub date: Option<String>,
    /// Updated.
    pub updated: Option<String>,
    /// Rendered body, without the FAQ section.
    pub body_html: String,
    /// Set when listed in a language the term is not translated into.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<Fallback>,
    /// Free map.
    pub extra: Extra,
    /// Content file, relative to the site root, for messages (not serialized).
    #[serde(skip)]
    pub source: String,
}

/// A translated name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Translation {
    /// Language code.
    pub lang: String,
    /// Language name.
    pub language: String,
    /// The term in that language.
    pub term: String,
}

/// One FAQ entry.
#[derive(Debug, Clone, Serialize)]
pub struct FaqView {
    /// Question.
    pub question: String,
    /// Rendered answer.
    pub answer_html: String,
    /// Answer as plain text (for structured data).
    pub answer_text: String,
}

/// A free page or the home intro.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// Slug (empty for home).
    pub slug: String,
    /// Root-relative URL.
    pub path: String,
    /// Title.
    pub title: String,
    /// Meta description.
    pub description: String,
    /// Published.
    pub date: Option<String>,
    /// Updated.
    pub updated: Option<String>,
    /// Rendered body.
    pub body_html: String,
    /// Free map.
    pub extra: Extra,
    /// Content file, relative to the site root (empty for a home page
    /// without `_index.md`), for messages (not serialized).
    #[serde(skip)]
    pub source: String,
    /// The page has no version in this site's language (no page is made for
    /// it here; links go to the original). Not serialized.
    #[serde(skip)]
    pub fallback: bool,
}

/// A taxonomy: niches, networks, brands, countries, languages, objectives.
#[derive(Debug, Clone, Serialize)]
pub struct Taxonomy {
    /// `niches`.
    pub key: &'static str,
    /// `Niches`.
    pub title: String,
    /// Singular label: `Niche`.
    pub singular: String,
    /// Root-relative URL of the list page.
    pub path: String,
    /// Terms, sorted by name.
    pub terms: Vec<TaxonomyTerm>,
}

/// One value of a taxonomy and what carries it.
#[derive(Debug, Clone, Serialize)]
pub struct TaxonomyTerm {
    /// Display name.
    pub name: String,
    /// Slug.
    pub slug: String,
    /// Root-relative URL.
    pub path: String,
    /// Number of creators plus campaigns.
    pub count: usize,
    /// Indices into `Site::creators` (not serialized).
    #[serde(skip)]
    pub creators: Vec<usize>,
    /// Indices into `Site::campaigns` (not serialized).
    #[serde(skip)]
    pub campaigns: Vec<usize>,
}

/// The whole resolved site. Views are shared (`Arc`) so that the dev
/// server can reuse unchanged ones across rebuilds (see `resolve::memo`).
#[derive(Debug, Clone)]
pub struct Site {
    /// Settings.
    pub info: SiteInfo,
    /// Home intro.
    pub home: Page,
    /// Creators, sorted by name.
    pub creators: Vec<Arc<Creator>>,
    /// Campaigns, newest first.
    pub campaigns: Vec<Arc<Campaign>>,
    /// Glossary terms, sorted by term.
    pub terms: Vec<Arc<Term>>,
    /// Free pages, sorted by slug.
    pub pages: Vec<Arc<Page>>,
    /// Figures over the whole roster.
    pub roster: Kpis,
    /// Taxonomies in a fixed order.
    pub taxonomies: Vec<Taxonomy>,
    /// The same site in each further language of `site.yaml` (empty in
    /// those sites themselves).
    pub translations: Vec<Site>,
    /// Team builds only: the follow-up queue (`follow-ups/`).
    pub follow_ups: Option<super::followups::FollowUps>,
    /// Team builds only: the pipeline board (`pipeline/`).
    pub pipeline: Option<super::followups::Board>,
    /// Team builds only: cost figures (`costs/`, campaign and creator pages).
    pub costs: Option<super::costs::Costs>,
    /// Team builds only: learnings by brand and objective (`learnings/`).
    pub learnings: Option<super::learnings::Learnings>,
    /// The language of these pages: strings and formats.
    pub lang: crate::i18n::Lang,
    /// The reference date of date-dependent output (`--today`, else the
    /// system date): the follow-up queue, the team calendar.
    pub today: crate::model::Date,
    /// The pages whose bodies embed each entry (`{{ creator(…) }}`).
    pub embedded_in: super::embeds::Backlinks,
}

impl Site {
    /// This site and its translations, default language first.
    pub fn all(&self) -> impl Iterator<Item = &Site> {
        std::iter::once(self).chain(self.translations.iter())
    }

    /// The addresses of every shared view of this site, in every language:
    /// a view's identity while it is alive (what the dev server's memos
    /// keyed by view keep, see `cache::by_view`).
    pub fn view_addresses(&self) -> crate::fasthash::HashSet<usize> {
        let addr = |p: *const ()| p as usize;
        let mut all = crate::fasthash::HashSet::default();
        for s in self.all() {
            all.extend(s.creators.iter().map(|v| addr(Arc::as_ptr(v).cast())));
            all.extend(s.campaigns.iter().map(|v| addr(Arc::as_ptr(v).cast())));
            all.extend(s.terms.iter().map(|v| addr(Arc::as_ptr(v).cast())));
            all.extend(s.pages.iter().map(|v| addr(Arc::as_ptr(v).cast())));
        }
        all
    }

    /// The pages whose bodies embed the entry `slug` of `kind`.
    pub fn embedded_in(&self, kind: crate::embeds::Kind, slug: &str) -> &[Link] {
        self.embedded_in
            .get(&(kind, slug.to_string()))
            .map_or(&[], Vec::as_slice)
    }

    /// Whether this is a further language's site, whose entries may be
    /// fallbacks to the originals.
    pub fn is_translation(&self) -> bool {
        !self.info.prefix.is_empty()
    }
}
