//! Human labels of the closed vocabularies.

use crate::model::Stage;

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

/// `in-production` → `In production`.
pub fn participation_status(v: &'static str) -> &'static str {
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
