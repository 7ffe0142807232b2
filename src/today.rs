//! The reference date ("today") of licence checks and the calendar.
//!
//! One small function so that a later `--today` option can replace it:
//! `CREATORKB_TODAY=YYYY-MM-DD` fixes the date (tests, reproducible builds),
//! otherwise the system clock's UTC date is used.

use crate::model::Date;

/// The environment variable that fixes the reference date.
pub const VAR: &str = "CREATORKB_TODAY";

/// Today's date: `CREATORKB_TODAY` when set, else the system's UTC date.
/// A set variable that is not a real `YYYY-MM-DD` date is an error message.
pub fn today() -> Result<Date, String> {
    match std::env::var(VAR) {
        Ok(v) => Date::parse(v.trim()).ok_or_else(|| {
            format!("`{v}` is not a real calendar date written YYYY-MM-DD, e.g. 2026-03-12")
        }),
        Err(std::env::VarError::NotUnicode(_)) => {
            Err("is not a date written YYYY-MM-DD".to_string())
        }
        Err(std::env::VarError::NotPresent) => Ok(system_date()),
    }
}

/// The UTC date of the system clock (1970-01-01 if the clock is before it).
fn system_date() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_from_days(i64::try_from(secs / 86_400).unwrap_or(0))
}

/// The calendar date `days` days after 1970-01-01 (proleptic Gregorian).
pub fn civil_from_days(days: i64) -> Date {
    // Count from 0000-03-01 so that the leap day ends a "year".
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_become_dates() {
        assert_eq!(civil_from_days(0).to_string(), "1970-01-01");
        assert_eq!(civil_from_days(11_016).to_string(), "2000-02-29");
        assert_eq!(civil_from_days(20_454).to_string(), "2026-01-01");
        // Every day of four centuries round-trips through `Date::ordinal`.
        let base = civil_from_days(0).ordinal();
        for d in 0..146_097 {
            assert_eq!(civil_from_days(d).ordinal() - base, d);
        }
    }
}
