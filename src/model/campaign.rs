//! Front matter of a campaign recap (`content/campaigns/<slug>.md`).

use super::types::{Date, Extra, Network, Objective, ParticipationStatus, Stage};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;

/// A campaign recap as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignFm {
    /// Title.
    pub title: String,
    /// Overrides the file stem as slug.
    pub slug: Option<Spanned<String>>,
    /// The brand; a taxonomy.
    pub brand: String,
    /// What the campaign is for.
    pub objective: Objective,
    /// Where it stands in the workflow.
    pub stage: Option<Stage>,
    /// First day.
    pub start: Option<Date>,
    /// Last day; not before `start`.
    pub end: Option<Spanned<Date>>,
    /// Publication date of the recap; defaults to `end`.
    pub date: Option<Date>,
    /// Who wrote the recap.
    pub author: Option<String>,
    /// One line for listings.
    pub summary: Option<String>,
    /// Key visual.
    pub image: Option<Spanned<String>>,
    /// Networks used.
    #[serde(default)]
    pub channels: Vec<Network>,
    /// ISO 3166-1 alpha-2 markets.
    #[serde(default)]
    pub markets: Vec<Spanned<String>>,
    /// The creators taking part. `creators:` with nothing after it (its
    /// items still commented out, as `new campaign` writes it) is none.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub creators: Vec<Participation>,
    /// Campaign totals by metric.
    #[serde(default)]
    pub results: BTreeMap<String, f64>,
    /// What to repeat or change next time.
    #[serde(default)]
    pub learnings: Vec<String>,
    /// How the content was disclosed as advertising.
    pub disclosure: Option<Disclosure>,
    /// What the brand may do with the content.
    pub usage_rights: Option<UsageRights>,
    /// **Private**: the campaign budget.
    pub budget: Option<Budget>,
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

/// One creator's part in a campaign.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Participation {
    /// Slug of an existing creator.
    pub creator: Spanned<String>,
    /// Place in this campaign.
    pub status: Option<ParticipationStatus>,
    /// What was agreed, e.g. "1 reel".
    #[serde(default)]
    pub deliverables: Vec<String>,
    /// Answered the outreach; derived from `status` when absent.
    pub responded: Option<bool>,
    /// Agreed delivery date.
    pub due: Option<Date>,
    /// Actual delivery date.
    pub published: Option<Date>,
    /// Delivered on time; derived from `due` and `published` when absent.
    pub on_time: Option<bool>,
    /// The advertising label used on this creator's posts.
    pub disclosure: Option<ParticipationDisclosure>,
    /// Rounds of feedback before approval.
    pub approval_rounds: Option<u32>,
    /// Content quality, 1–5.
    pub quality: Option<Spanned<u8>>,
    /// Published posts.
    #[serde(default)]
    pub content: Vec<Spanned<String>>,
    /// This creator's results by metric.
    #[serde(default)]
    pub results: BTreeMap<String, f64>,
    /// **Private**: what the creator was paid.
    pub fee: Option<f64>,
    /// **Private**: the next thing to do for this participation.
    pub next: Option<super::creator::NextAction>,
}

/// Campaign-level disclosure.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Disclosure {
    /// Labels used, e.g. `#ad`.
    #[serde(default)]
    pub labels: Vec<String>,
    /// Platform tools used, e.g. "Paid partnership".
    #[serde(default)]
    pub platform_tools: Vec<String>,
    /// Whether the disclosure met the rules.
    pub compliant: Option<bool>,
}

/// One creator's disclosure.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParticipationDisclosure {
    /// The label, e.g. `Collaboration commerciale`.
    pub label: Option<String>,
    /// The platform tool, e.g. "Paid partnership".
    pub platform_tool: Option<String>,
}

/// What the brand may do with the content.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsageRights {
    /// For how long, e.g. "12 months".
    pub duration: Option<String>,
    /// Where.
    #[serde(default)]
    pub channels: Vec<String>,
    /// Whether paid amplification is allowed.
    pub paid_media: Option<bool>,
}

/// **Private** budget.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    /// Amount.
    pub amount: Option<f64>,
    /// ISO 4217 code.
    pub currency: Option<String>,
}

/// A list key written with no value (`key:` then only comments) is empty.
fn null_as_empty<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}
