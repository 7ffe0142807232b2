//! The audience filter: which entries a build contains, and the removal of
//! private values before anything is rendered.

use crate::load::Entry;
use crate::model::{CampaignFm, CreatorFm, CreatorStatus};

/// Who a build is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Anyone: no private field, entry or block.
    Public,
    /// The agency: everything, marked internal.
    Team,
}

impl Audience {
    /// `public` or `team`.
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Public => "public",
            Audience::Team => "team",
        }
    }
}

/// What decides whether an entry is part of a build.
#[derive(Clone, Copy, Debug)]
pub struct Visibility {
    /// Audience of the build.
    pub audience: Audience,
    /// Include drafts.
    pub drafts: bool,
    /// `require_consent` from `site.yaml`.
    pub require_consent: bool,
}

impl Visibility {
    /// Common rule for every kind: drafts and private entries.
    pub fn entry(&self, draft: bool, private: bool) -> bool {
        (!draft || self.drafts) && (!private || self.audience == Audience::Team)
    }

    /// Creators also drop out of public builds when `do-not-contact`, or
    /// without consent when the site requires it.
    pub fn creator(&self, c: &CreatorFm) -> bool {
        if !self.entry(c.draft, c.private) {
            return false;
        }
        if self.audience == Audience::Public {
            if c.status == CreatorStatus::DoNotContact {
                return false;
            }
            if self.require_consent && c.consent.is_none() {
                return false;
            }
        }
        true
    }
}

/// Clears every private field of a creator.
pub fn strip_creator(e: &mut Entry<CreatorFm>) {
    e.fm.rates = None;
    e.fm.contact = None;
    e.fm.owner = None;
    e.fm.history.clear();
    e.fm.next = None;
    // Consent is the agency's record, not something to show clients. Its
    // presence still decides `require_consent` (filtered after stripping),
    // so only its details go; the views leave it out of public builds.
    if let Some(c) = &mut e.fm.consent {
        c.date = None;
        c.scope = None;
    }
}

/// Clears every private field of a campaign.
pub fn strip_campaign(e: &mut Entry<CampaignFm>) {
    e.fm.budget = None;
    // Licence dates and exclusivity are contract terms, private like fees.
    if let Some(u) = &mut e.fm.usage_rights {
        u.start = None;
        u.end = None;
    }
    e.fm.exclusivity = None;
    for p in &mut e.fm.creators {
        p.fee = None;
        p.next = None;
    }
}
