//! Value types shared by every kind of entry: dates, the closed vocabularies
//! of the content model, and the free `extra` map.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar date written `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, 1–9999.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, valid for that month.
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, checking that the day exists in that month.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = s.get(r)?;
            if !part.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            part.parse().ok()
        };
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        if year == 0 || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date {
            year: year as u16,
            month: month as u8,
            day: day as u8,
        })
    }

    /// Days since 0000-03-01, for differences between dates.
    pub fn ordinal(self) -> i64 {
        let (y, m) = if self.month <= 2 {
            (i64::from(self.year) - 1, i64::from(self.month) + 9)
        } else {
            (i64::from(self.year), i64::from(self.month) - 3)
        };
        365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + i64::from(self.day) - 1
    }

    /// The date whose [`Date::ordinal`] is `n` (years clamped to 1–9999).
    pub fn from_ordinal(n: i64) -> Date {
        let era = n.div_euclid(146_097);
        let doe = n.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year: u16::try_from(year.clamp(1, 9999)).unwrap_or(1970),
            month: u8::try_from(month).unwrap_or(1),
            day: u8::try_from(day).unwrap_or(1),
        }
    }

    /// This date plus `days`.
    pub fn plus_days(self, days: i64) -> Date {
        Date::from_ordinal(self.ordinal() + days)
    }

    /// Today's date in UTC, from the system clock (1970-01-01 if the clock
    /// is before it): the default of `--today`.
    pub fn today_utc() -> Date {
        /// [`Date::ordinal`] of 1970-01-01.
        const EPOCH: i64 = 719_468;
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_ordinal(i64::try_from(secs / 86_400).unwrap_or(0) + EPOCH)
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        _ => 28,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "invalid date `{s}`: expected a real calendar date written YYYY-MM-DD, e.g. 2026-03-12"
            ))
        })
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Declares a closed vocabulary: a kebab-case enum with its spellings.
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $text)] $variant),+
        }
        impl $name {
            /// Every value, in the order of the content model.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The spelling used in files and URLs.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// A creator's long-lived relationship with the agency.
    CreatorStatus {
        /// Identified, not yet contacted.
        Prospect = "prospect",
        /// Contacted, no agreement yet.
        Contacted = "contacted",
        /// Discussing terms.
        Negotiating = "negotiating",
        /// Working with us.
        Active = "active",
        /// Relationship on hold.
        Paused = "paused",
        /// Worked with us in the past.
        Alumni = "alumni",
        /// Must never be contacted; never published.
        DoNotContact = "do-not-contact",
    }
}

vocabulary! {
    /// A social network or publishing channel.
    Network {
        /// Instagram.
        Instagram = "instagram",
        /// TikTok.
        Tiktok = "tiktok",
        /// YouTube.
        Youtube = "youtube",
        /// Twitch.
        Twitch = "twitch",
        /// X (formerly Twitter).
        X = "x",
        /// LinkedIn.
        Linkedin = "linkedin",
        /// Pinterest.
        Pinterest = "pinterest",
        /// Snapchat.
        Snapchat = "snapchat",
        /// Facebook.
        Facebook = "facebook",
        /// A blog or website.
        Blog = "blog",
        /// A podcast.
        Podcast = "podcast",
        /// Anything else.
        Other = "other",
    }
}

impl Network {
    /// The name people know the network by.
    pub fn label(self) -> &'static str {
        match self {
            Network::Instagram => "Instagram",
            Network::Tiktok => "TikTok",
            Network::Youtube => "YouTube",
            Network::Twitch => "Twitch",
            Network::X => "X",
            Network::Linkedin => "LinkedIn",
            Network::Pinterest => "Pinterest",
            Network::Snapchat => "Snapchat",
            Network::Facebook => "Facebook",
            Network::Blog => "Blog",
            Network::Podcast => "Podcast",
            Network::Other => "Other",
        }
    }
}

vocabulary! {
    /// What a campaign is for.
    Objective {
        /// Awareness.
        Awareness = "awareness",
        /// Consideration.
        Consideration = "consideration",
        /// Traffic.
        Traffic = "traffic",
        /// Conversion.
        Conversion = "conversion",
        /// Content production.
        Content = "content",
        /// Trust.
        Trust = "trust",
    }
}

vocabulary! {
    /// Where a campaign stands in the workflow.
    Stage {
        /// Setting the objective.
        Objective = "objective",
        /// Creator mapping.
        Mapping = "mapping",
        /// Outreach.
        Outreach = "outreach",
        /// Negotiation.
        Negotiation = "negotiation",
        /// Brief.
        Brief = "brief",
        /// Production.
        Production = "production",
        /// Approval.
        Approval = "approval",
        /// Publication.
        Publication = "publication",
        /// Reporting.
        Reporting = "reporting",
        /// Follow-up.
        FollowUp = "follow-up",
        /// Finished.
        Done = "done",
    }
}

vocabulary! {
    /// A creator's place in one campaign.
    ParticipationStatus {
        /// On the shortlist.
        Shortlisted = "shortlisted",
        /// Contacted.
        Contacted = "contacted",
        /// Replied.
        Replied = "replied",
        /// Declined.
        Declined = "declined",
        /// Negotiating.
        Negotiating = "negotiating",
        /// Briefed.
        Briefed = "briefed",
        /// Producing.
        InProduction = "in-production",
        /// Content under review.
        InReview = "in-review",
        /// Content approved.
        Approved = "approved",
        /// Content published.
        Published = "published",
        /// Results reported.
        Reported = "reported",
        /// Cancelled.
        Cancelled = "cancelled",
    }
}

vocabulary! {
    /// How a creator likes to be briefed.
    BriefStyle {
        /// A few lines and freedom.
        Loose = "loose",
        /// Key messages and a structure.
        Guided = "guided",
        /// A precise script.
        Strict = "strict",
    }
}

vocabulary! {
    /// A kind of event in the relationship timeline.
    HistoryType {
        /// Outreach.
        Outreach = "outreach",
        /// Reply.
        Reply = "reply",
        /// Call.
        Call = "call",
        /// Meeting.
        Meeting = "meeting",
        /// Negotiation.
        Negotiation = "negotiation",
        /// Contract.
        Contract = "contract",
        /// Brief.
        Brief = "brief",
        /// Delivery.
        Delivery = "delivery",
        /// Payment.
        Payment = "payment",
        /// Feedback.
        Feedback = "feedback",
        /// Note.
        Note = "note",
    }
}

/// The free `extra` map handed to templates untouched.
pub type Extra = serde_json::Map<String, serde_json::Value>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2025-02-29").is_none());
        assert!(Date::parse("2025-13-01").is_none());
        assert!(Date::parse("25-01-01").is_none());
        assert!(Date::parse("２０２５-01-01").is_none());
        let a = Date::parse("2025-03-01").unwrap();
        let b = Date::parse("2025-02-28").unwrap();
        assert_eq!(a.ordinal() - b.ordinal(), 1);
    }
}
