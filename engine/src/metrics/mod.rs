//! Descriptive analytics of an order log (PRODUCT.md, "Descriptive analytics" and "RFM"): the
//! per-customer table, KPIs, concentration, AOV buckets, big orders, segments by column, cohorts,
//! RFM and the win-back list, all from one grouping of the orders by customer.
//!
//! To add a metric: a file here with a function over [`CustomerRow`]s (or the grouped orders),
//! a field in [`Analysis`] and in [`crate::Report`], a line in docs/report.md.

pub mod aov_buckets;
pub mod big_orders;
pub mod cohorts;
pub mod concentration;
pub mod customers;
pub mod kpis;
pub mod segments;
#[cfg(test)]
pub(crate) mod test_fixtures;

use crate::error::Error;
use crate::order::OrderLog;
use crate::report::Warning;
use crate::rfm::rules::{default_rules, SegmentRule};
use crate::rfm::win_back::{win_back, WinBack, DEFAULT_WIN_BACK_AFTER_DAYS};
use crate::rfm::{score_customers, Rfm};
use crate::summary::TimeUnit;
pub use aov_buckets::AovBucket;
pub use big_orders::{BigOrder, BigOrders};
use chrono::NaiveDate;
pub use cohorts::Cohort;
pub use concentration::{Concentration, LorenzPoint};
pub use customers::CustomerRow;
pub use kpis::Kpis;
use rustc_hash::FxHashMap;
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

    fn validate(&self) -> Result<(), Error> {
        if let Some(m) = self.margin {
            if !(0.0..=1.0).contains(&m) {
                return Err(Error::InvalidOption {
                    option: "margin",
                    message: format!(
                        "the margin is a fraction between 0 and 1 (20 % is 0.2); got {m}"
                    ),
                });
            }
        }
        if let Some((value, cac)) = self.cac.iter().find(|(_, c)| !c.is_finite() || *c < 0.0) {
            return Err(Error::InvalidOption {
                option: "cac",
                message: format!("the CAC of `{value}` must be a number of at least 0; got {cac}"),
            });
        }
        Ok(())
    }
}

/// Everything the descriptive analytics computed.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// Headline numbers.
    pub kpis: Kpis,
    /// The per-customer table, in order of first appearance in the file.
    pub customers: Vec<CustomerRow>,
    /// Revenue concentration.
    pub concentration: Concentration,
    /// AOV buckets.
    pub aov_buckets: Vec<AovBucket>,
    /// Big orders.
    pub big_orders: BigOrders,
    /// Segments by column.
    pub segments: Vec<SegmentTable>,
    /// Cohorts by month of first order.
    pub cohorts: Vec<Cohort>,
    /// RFM summary.
    pub rfm: Rfm,
    /// Win-back list.
    pub win_back: WinBack,
    /// Things the user should know (fewer RFM scores, unknown segment column…).
    pub warnings: Vec<Warning>,
}

/// Per-customer model outputs the analytics can use, in the order of the per-customer table
/// (customers with a counted order by first appearance in the file); NaN where a customer has no
/// prediction.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CustomerPredictions {
    /// Probability that the customer is still active, 0..=1.
    pub p_alive: Vec<f64>,
    /// Predicted CLV over the model's horizon.
    pub predicted_clv: Vec<f64>,
}

impl CustomerPredictions {
    /// Lines up predictions given by customer id, `(customer_id, p_alive, predicted_clv)`, with
    /// the rows the analysis of `log` at `analysis_date` will have. Unknown ids are ignored;
    /// customers without a prediction get NaN.
    pub fn by_customer_id<'a>(
        log: &OrderLog,
        analysis_date: NaiveDate,
        predictions: impl IntoIterator<Item = (&'a str, Option<f64>, Option<f64>)>,
    ) -> Self {
        let mut has_order = vec![false; log.customers.len()];
        for o in log.orders.iter().filter(|o| o.date <= analysis_date) {
            has_order[o.customer as usize] = true;
        }
        let mut row_of: FxHashMap<&str, usize> = FxHashMap::default();
        for (c, _) in has_order.iter().enumerate().filter(|(_, &has)| has) {
            let row = row_of.len();
            row_of.insert(log.customers[c].as_str(), row);
        }
        let mut out = CustomerPredictions {
            p_alive: vec![f64::NAN; row_of.len()],
            predicted_clv: vec![f64::NAN; row_of.len()],
        };
        for (id, p_alive, clv) in predictions {
            if let Some(&row) = row_of.get(id) {
                out.p_alive[row] = p_alive.unwrap_or(f64::NAN);
                out.predicted_clv[row] = clv.unwrap_or(f64::NAN);
            }
        }
        out
    }
}

/// Analyses the orders dated on or before `analysis_date`. Fails with [`Error::NoOrders`] when
/// there are none, and with [`Error::InvalidOption`] for a margin outside 0..=1 or a negative CAC.
pub fn analyse(
    log: &OrderLog,
    analysis_date: NaiveDate,
    options: &AnalyticsOptions,
) -> Result<Analysis, Error> {
    analyse_with_predictions(log, analysis_date, options, None)
}

/// Like [`analyse`], using a fitted model's predictions: segments get their mean predicted CLV
/// and the win-back list is ranked by P(alive) × predicted CLV (PRODUCT.md, "Win-back list").
pub fn analyse_with_predictions(
    log: &OrderLog,
    analysis_date: NaiveDate,
    options: &AnalyticsOptions,
    predictions: Option<&CustomerPredictions>,
) -> Result<Analysis, Error> {
    options.validate()?;
    let mut warnings = Vec::new();
    let grouped = customers::group_orders(log, analysis_date);
    let aggs = customers::aggregate(log, &grouped, analysis_date);
    let mut rows: Vec<CustomerRow> = aggs
        .iter()
        .map(|a| customers::row(log, a, analysis_date, options.time_unit))
        .collect();
    let kpis = kpis::kpis(&rows, options.margin).ok_or(Error::NoOrders {
        rows: log.orders.len() as u64,
    })?;
    let rfm = score_customers(&mut rows, &options.rfm_rules, &mut warnings);
    let segments = segments::segment_tables(
        log,
        &aggs,
        &rows,
        options,
        predictions.map(|p| &p.predicted_clv[..]),
        &mut warnings,
    );
    let win_back_value: Option<Vec<f64>> = predictions.map(|p| {
        p.p_alive
            .iter()
            .zip(&p.predicted_clv)
            .map(|(a, v)| a * v)
            .collect()
    });
    Ok(Analysis {
        concentration: concentration::concentration(&rows),
        aov_buckets: aov_buckets::aov_buckets(&rows, kpis.aov),
        big_orders: big_orders::big_orders(log, &grouped, analysis_date, kpis.aov),
        cohorts: cohorts::cohorts(log, &grouped, &aggs, analysis_date),
        win_back: win_back(
            &rows,
            options.win_back_after_days,
            win_back_value.as_deref(),
        ),
        segments,
        rfm,
        kpis,
        customers: rows,
        warnings,
    })
}
