//! Front matter of a creator profile (`content/creators/<slug>.md`).

use super::types::{BriefStyle, CreatorStatus, Date, Extra, HistoryType, Network};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;

/// A creator profile as written. Private fields are marked; the audience
/// filter clears them before any template sees the entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreatorFm {
    /// Display name.
    pub name: String,
    /// Relationship status.
    pub status: CreatorStatus,
    /// Overrides the file stem as slug.
    pub slug: Option<Spanned<String>>,
    /// One line for listings and the meta description.
    pub summary: Option<String>,
    /// Portrait, a path or URL.
    pub image: Option<Spanned<String>>,
    /// Accounts on networks.
    #[serde(default)]
    pub platforms: Vec<Platform>,
    /// Taxonomy: niches.
    #[serde(default)]
    pub niches: Vec<String>,
    /// ISO 639-1 codes of the languages the creator publishes in.
    #[serde(default)]
    pub languages: Vec<Spanned<String>>,
    /// City, region.
    pub location: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<Spanned<String>>,
    /// Who follows the creator.
    pub audience: Option<Audience>,
    /// How the creator likes to work.
    pub preferences: Option<Preferences>,
    /// First contact.
    pub since: Option<Date>,
    /// Free tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// **Private**: price per deliverable.
    pub rates: Option<BTreeMap<String, RateValue>>,
    /// **Private**: how to reach the creator.
    pub contact: Option<Contact>,
    /// **Private**: the account manager.
    pub owner: Option<String>,
    /// Agreement to a public profile.
    pub consent: Option<Consent>,
    /// **Private**: the relationship timeline.
    #[serde(default)]
    pub history: Vec<HistoryItem>,
    /// **Private**: the next thing to do with this creator, and when.
    pub next: Option<NextAction>,
    /// Left out unless `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Left out of public builds.
    #[serde(default)]
    pub private: bool,
    /// Free map for templates.
    #[serde(default)]
    pub extra: Extra,
}

/// One account on one network.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Platform {
    /// The network.
    pub network: Network,
    /// Handle, without `@`.
    pub handle: Option<String>,
    /// Profile URL.
    pub url: Option<Spanned<String>>,
    /// Follower count.
    pub followers: Option<u64>,
    /// Engagement rate, in percent.
    pub engagement_rate: Option<Spanned<f64>>,
}

/// Who the audience is.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Audience {
    /// ISO 3166-1 alpha-2 codes, largest first.
    #[serde(default)]
    pub top_countries: Vec<Spanned<String>>,
    /// Such as `18-34`.
    pub age_range: Option<String>,
    /// Share of women, 0–100.
    pub female_share: Option<Spanned<f64>>,
    /// Free text.
    pub notes: Option<String>,
}

/// What the creator likes to do and how they like to be briefed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Preferences {
    /// Preferred formats.
    #[serde(default)]
    pub formats: Vec<String>,
    /// Topics they enjoy.
    #[serde(default)]
    pub topics: Vec<String>,
    /// Topics or brands they refuse.
    #[serde(default)]
    pub avoid: Vec<String>,
    /// Loose, guided or strict.
    pub brief_style: Option<BriefStyle>,
    /// Free text.
    pub availability: Option<String>,
    /// Free text.
    pub notes: Option<String>,
}

/// A value in `rates`: a price, or the currency under the `currency` key.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RateValue {
    /// A price.
    Amount(f64),
    /// The currency code.
    Text(String),
}

/// **Private** contact details.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Email address.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Agent's name.
    pub agent: Option<String>,
    /// Talent agency.
    pub agency: Option<String>,
}

/// The creator agreed to a public profile.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consent {
    /// When.
    pub date: Option<Date>,
    /// For what.
    pub scope: Option<String>,
}

/// One event of the relationship timeline.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryItem {
    /// When.
    pub date: Date,
    /// What kind of event.
    #[serde(rename = "type")]
    pub kind: HistoryType,
    /// What happened.
    pub note: Option<String>,
}

/// **Private**: a planned follow-up (`next: {date, action}`), listed on
/// the team's follow-up page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NextAction {
    /// When it is due.
    pub date: Date,
    /// What to do.
    pub action: String,
}
