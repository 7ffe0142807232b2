//! Front matter of glossary terms and free pages.

use super::types::{Date, Extra};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;

/// A glossary term as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermFm {
    /// The term.
    pub term: String,
    /// One or two sentences.
    pub definition: String,
    /// Overrides the file stem as slug.
    pub slug: Option<Spanned<String>>,
    /// Synonyms.
    #[serde(default)]
    pub alternate_names: Vec<String>,
    /// The term in other languages.
    #[serde(default)]
    pub translations: BTreeMap<String, String>,
    /// Grouping.
    pub category: Option<String>,
    /// Slugs of related terms.
    #[serde(default)]
    pub related: Vec<Spanned<String>>,
    /// Questions and Markdown answers.
    #[serde(default)]
    pub faq: Vec<Faq>,
    /// Article author.
    pub author: Option<String>,
    /// First published.
    pub date: Option<Date>,
    /// Last updated.
    pub updated: Option<Date>,
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

/// One question of a FAQ.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faq {
    /// The question.
    pub question: String,
    /// The answer, in Markdown.
    pub answer: String,
}

/// A free page (`content/pages/<slug>.md`) or the home intro (`content/_index.md`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFm {
    /// Title; required for free pages.
    pub title: Option<String>,
    /// Meta description.
    pub description: Option<String>,
    /// Overrides the file stem as slug.
    pub slug: Option<Spanned<String>>,
    /// First published.
    pub date: Option<Date>,
    /// Last updated.
    pub updated: Option<Date>,
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
