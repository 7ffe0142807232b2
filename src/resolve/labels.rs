//! Human labels of the closed vocabularies.

use crate::model::{ParticipationStatus, Stage};

/// Label of a creator's relationship status.
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

/// Label of a creator's place in one campaign: `in-production` → `In production`.
pub fn participation_status(s: ParticipationStatus) -> &'static str {
    use ParticipationStatus as P;
    match s {
        P::Shortlisted => "Shortlisted",
        P::Contacted => "Contacted",
        P::Replied => "Replied",
        P::Declined => "Declined",
        P::Negotiating => "Negotiating",
        P::Briefed => "Briefed",
        P::InProduction => "In production",
        P::InReview => "In review",
        P::Approved => "Approved",
        P::Published => "Published",
        P::Reported => "Reported",
        P::Cancelled => "Cancelled",
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

/// Label of a campaign objective.
pub fn objective_label(o: crate::model::Objective) -> &'static str {
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
