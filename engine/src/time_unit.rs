//! The time unit of the lifetimes convention (Fader, Hardie & Lee 2005) in which recency and T
//! are counted: the per-customer table (`metrics::customers`) and the models' summary
//! (`models::data`) both use it.

use serde::{Deserialize, Serialize};

/// Days in a year (the Julian year): the one definition for tenure in years, the models'
/// default horizon and their month (PRODUCT.md: u = 365.25/12 days).
pub const DAYS_PER_YEAR: f64 = 365.25;

/// Whole days from `from` to `to`: `(to - from).num_days()`, from the two dates' day numbers
/// instead of through a [`chrono::TimeDelta`] (the metrics run it once per order and per
/// customer).
#[inline]
pub(crate) fn days_between(from: chrono::NaiveDate, to: chrono::NaiveDate) -> i64 {
    use chrono::Datelike;
    i64::from(to.num_days_from_ce()) - i64::from(from.num_days_from_ce())
}

/// Days in a week, for [`TimeUnit::Weeks`].
const DAYS_PER_WEEK: f64 = 7.0;

/// Unit of frequency-independent durations (recency, T).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    /// Days.
    #[default]
    Days,
    /// Weeks (days / 7), the unit of the CDNOW papers.
    Weeks,
}

impl TimeUnit {
    /// Converts a number of days to this unit.
    pub fn from_days(self, days: i64) -> f64 {
        match self {
            TimeUnit::Days => days as f64,
            TimeUnit::Weeks => days as f64 / DAYS_PER_WEEK,
        }
    }
}
