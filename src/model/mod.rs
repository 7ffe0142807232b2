//! The content model: what users write, as typed Rust values.
//!
//! These types mirror the front matter one to one; they are deserialized
//! strictly (unknown keys are errors) and carry source positions where a
//! later check needs to point at a value.

pub mod campaign;
pub mod config;
pub mod creator;
pub mod glossary;
pub mod types;

pub use campaign::{CampaignFm, Participation};
pub use config::SiteConfig;
pub use creator::CreatorFm;
pub use glossary::{PageFm, TermFm};
pub use types::{BriefStyle, CreatorStatus, Date, Network, Objective, ParticipationStatus, Stage};
