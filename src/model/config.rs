//! `site.yaml`: the site configuration.

use super::types::Extra;
use serde::Deserialize;
use serde_saphyr::Spanned;

/// The site configuration as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Site title.
    pub title: String,
    /// Absolute base URL, ending in `/` once normalised.
    pub base_url: Spanned<String>,
    /// Site description.
    pub description: Option<String>,
    /// Default language (`en`).
    #[serde(default = "default_language")]
    pub language: String,
    /// Further languages, under `/<lang>/`.
    #[serde(default)]
    pub languages: Vec<Spanned<String>>,
    /// Theme folder under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// The publisher in structured data.
    pub organization: Option<Organization>,
    /// Leave creators without `consent` out of public builds.
    #[serde(default)]
    pub require_consent: bool,
    /// Pass raw HTML in Markdown through.
    #[serde(default)]
    pub unsafe_html: bool,
    /// Delays of the team's follow-up queue.
    #[serde(default)]
    pub follow_up: FollowUpConfig,
    /// Entries per page of the paginated listings (the directory, the
    /// campaign list, the glossary, taxonomy terms); default 50, 0 counts
    /// as 1.
    #[serde(default = "fifty")]
    pub paginate: usize,
    /// Free map for templates.
    #[serde(default)]
    pub extra: Extra,
}

/// `follow_up:` in `site.yaml`: after how many days a rule puts an item
/// on the team's follow-up page.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUpConfig {
    /// Days after an outreach with no reply (default 7).
    #[serde(default = "seven")]
    pub no_reply_days: u32,
    /// Days after a `reporting` campaign's end (default 14).
    #[serde(default = "fourteen")]
    pub reporting_days: u32,
    /// Days without contact for an `active` creator (default 60).
    #[serde(default = "sixty")]
    pub no_contact_days: u32,
}

impl Default for FollowUpConfig {
    fn default() -> Self {
        FollowUpConfig {
            no_reply_days: seven(),
            reporting_days: fourteen(),
            no_contact_days: sixty(),
        }
    }
}

fn fifty() -> usize {
    50
}

fn seven() -> u32 {
    7
}

fn fourteen() -> u32 {
    14
}

fn sixty() -> u32 {
    60
}

/// The publishing organization.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// Name.
    pub name: String,
    /// Website.
    pub url: Option<String>,
    /// Logo URL or path.
    pub logo: Option<String>,
}

fn default_language() -> String {
    "en".to_string()
}

fn default_theme() -> String {
    "default".to_string()
}

/// Whether `name` can name a theme: one folder name under `themes/`, not
/// a path that could lead elsewhere.
pub fn valid_theme_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', ':', '\0'])
        && !name.starts_with('.')
}
