//! Descriptive analytics of an order log (PRODUCT.md, "Descriptive analytics" and "RFM"): the
//! per-customer table, KPIs, concentration, AOV buckets, big orders, segments by column, cohorts,
//! RFM and the win-back list, all from one grouping of the orders by customer.
//!
//! To add a metric: a function here over [`CustomerRow`]s (or the grouped orders), called once
//! in [`crate::report::Report::build`] into a field of [`crate::report::ReportSummary`], a line
//! in docs/report.md, and the component that shows it.

pub(crate) mod aov_buckets;
pub(crate) mod big_orders;
pub(crate) mod cohorts;
pub(crate) mod concentration;
pub(crate) mod customers;
pub(crate) mod kpis;
pub(crate) mod products;
pub(crate) mod quantile;
pub(crate) mod segments;
#[cfg(test)]
pub(crate) mod test_fixtures;

use crate::error::{Error, InvalidOption};
use crate::rfm::rules::{default_rules, SegmentRule};
use crate::rfm::win_back::DEFAULT_WIN_BACK_AFTER_DAYS;
use crate::time_unit::TimeUnit;
pub use aov_buckets::AovBucket;
pub use big_orders::{BigOrder, BigOrders};
pub use cohorts::Cohort;
pub use concentration::{Concentration, LorenzPoint};
pub use customers::CustomerRow;
pub use kpis::Kpis;
pub use products::{FirstProductRow, FirstProducts};
pub use segments::{SegmentRow, SegmentTable};

/// How the analytics look at the orders. Build with [`AnalyticsOptions::new`] and the setters.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct AnalyticsOptions {
    /// Gross margin as a fraction 0..=1; CLVs are multiplied by it when given.
    pub margin: Option<f64>,
    /// Cost to acquire a customer per value of the segmenting column, e.g. `("instagram", 12.5)`.
    pub cac: Vec<(String, f64)>,
    /// The column to segment customers by; all columns with few values when `None`.
    pub segment_by: Option<String>,
    /// Days without an order after which a customer is on the win-back list.
    pub win_back_after_days: u32,
    /// Named RFM segments, first matching rule wins.
    pub rfm_rules: Vec<SegmentRule>,
    /// Unit of recency and T in the per-customer table. [`crate::analyze`] sets it from
    /// [`crate::AnalysisOptions::time_unit`].
    pub time_unit: TimeUnit,
}

impl Default for AnalyticsOptions {
    fn default() -> Self {
        AnalyticsOptions {
            margin: None,
            cac: Vec::new(),
            segment_by: None,
            win_back_after_days: DEFAULT_WIN_BACK_AFTER_DAYS,
            rfm_rules: default_rules(),
            time_unit: TimeUnit::Days,
        }
    }
}

impl AnalyticsOptions {
    /// Defaults: no margin, no CAC, automatic segment columns, win-back after 180 days, the
    /// default RFM rules, days.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the gross margin (fraction 0..=1).
    pub fn margin(mut self, margin: f64) -> Self {
        self.margin = Some(margin);
        self
    }

    /// Sets the CAC per value of the segmenting column.
    pub fn cac(mut self, cac: Vec<(String, f64)>) -> Self {
        self.cac = cac;
        self
    }

    /// Sets the column to segment by.
    pub fn segment_by(mut self, column: impl Into<String>) -> Self {
        self.segment_by = Some(column.into());
        self
    }

    /// Sets the days without an order after which a customer is to be won back.
    pub fn win_back_after_days(mut self, days: u32) -> Self {
        self.win_back_after_days = days;
        self
    }

    /// Replaces the RFM segment rules.
    pub fn rfm_rules(mut self, rules: Vec<SegmentRule>) -> Self {
        self.rfm_rules = rules;
        self
    }

    /// Sets the time unit of recency and T.
    pub fn time_unit(mut self, unit: TimeUnit) -> Self {
        self.time_unit = unit;
        self
    }

    /// Refuses a margin outside 0..=1 and a negative or infinite CAC.
    pub(crate) fn validate(&self) -> Result<(), Error> {
        if let Some(m) = self.margin {
            if !(0.0..=1.0).contains(&m) {
                return Err(Error::InvalidOption(InvalidOption::Margin { margin: m }));
            }
        }
        if let Some((value, cac)) = self.cac.iter().find(|(_, c)| !c.is_finite() || *c < 0.0) {
            return Err(Error::InvalidOption(InvalidOption::Cac {
                value: value.clone(),
                cac: *cac,
            }));
        }
        Ok(())
    }
}
