//! The report: everything the engine computed for one file, shown by the app, downloaded as JSON
//! and printed by `clv report`. Field names are snake_case, money is a number, dates are ISO
//! `YYYY-MM-DD` (docs/report.md, field by field).
//!
//! This file only assembles: each metric is a function of `metrics`, `rfm` or `models`, called
//! once here, and its result is a field of [`ReportSummary`]. The per-customer lists stay apart
//! in [`Report`], so a page can have the summary without them (a split, not a copy).

use crate::error::{Error, InvalidOption};
use crate::import::{ImportInfo, Imported};
use crate::limits::date_in_range;
use crate::metrics::AnalyticsOptions;
use crate::metrics::{
    aov_buckets, big_orders, cohorts, concentration, customers, kpis, products, segments,
    AovBucket, BigOrders, Cohort, Concentration, CustomerRow, FirstProducts, Kpis, SegmentTable,
};
use crate::models::{
    self, CustomerPrediction, ModelOptions, ModelOutput, ModelsReport, Validation,
};
use crate::order::{Contact, OrderLog};
use crate::parallel;
use crate::rfm::win_back::{win_back, WinBack, WinBackPrediction};
use crate::rfm::{actions, score_customers, Rfm};
use crate::rows::{self, RowCounts, SkippedRow};
use crate::time_unit::TimeUnit;
use crate::warning::{self, Warning};
use crate::AnalysisOptions;
use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Everything the engine computed for one file: the summary, and the per-customer lists.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Everything but the per-customer lists; its fields are the report's top-level fields.
    #[serde(flatten)]
    pub summary: ReportSummary,
    /// One row per customer, in order of first appearance in the file.
    pub customers: Vec<CustomerRow>,
    /// Per-customer model predictions, for the customers the models saw; [`Report::prediction`]
    /// gives a customer row's own.
    pub predictions: Vec<CustomerPrediction>,
    /// For each row of `customers`, the index of its prediction in `predictions`.
    #[serde(skip)]
    prediction_of_row: Vec<Option<u32>>,
    /// For each row of `customers`, its contact details from the file (empty when the file
    /// has no contact columns). Not in the JSON: only the contact lists carry them.
    #[serde(skip)]
    contacts: Vec<Contact>,
    /// For each row of `customers`, the index into [`OrderLog::orders`] of its first order
    /// (whose segment values are the customer's), for [`Report::add_models`].
    #[serde(skip)]
    first_order_of_row: Vec<u32>,
    /// Where in the warnings the models' own are.
    #[serde(skip)]
    models_warnings: std::ops::Range<usize>,
}

/// The report without its per-customer lists: what a page shows above the customer table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportSummary {
    /// Version of the engine that made the report.
    pub engine_version: String,
    /// How the rows of the file were accounted for.
    pub rows: RowCounts,
    /// Rows left out, with line, column and reason.
    #[serde(serialize_with = "rows::serialize_documented")]
    pub skipped_rows: Vec<SkippedRow>,
    /// Things the user should know.
    #[serde(serialize_with = "warning::serialize_documented")]
    pub warnings: Vec<Warning>,
    /// How the file was read: encoding, delimiter, preset, columns and their roles.
    pub import: ImportInfo,
    /// The date the analysis is made at.
    pub analysis_date: NaiveDate,
    /// Unit of recency and T in `customers`.
    pub time_unit: TimeUnit,
    /// Headline numbers.
    pub kpis: Kpis,
    /// Median days between a customer's consecutive purchase days; `None` when nobody bought
    /// twice.
    pub median_days_between_purchases: Option<f64>,
    /// Revenue concentration: top 10 % / 20 % shares, Gini, Lorenz curve.
    pub concentration: Concentration,
    /// Customers by their own AOV against the shop's: below half, half to double, above double.
    pub aov_buckets: Vec<AovBucket>,
    /// Unusually large orders.
    pub big_orders: BigOrders,
    /// Segments by column (the chosen one, or every column with few values).
    pub segments: Vec<SegmentTable>,
    /// Cohorts by month of first order, oldest first.
    pub cohorts: Vec<Cohort>,
    /// Customers by the product(s) of their first order: repeat rate, days to the second
    /// order, early CLV and what the second order holds; `None` without a product column.
    pub first_products: Option<FirstProducts>,
    /// RFM scoring basis, segment totals and the rule table.
    pub rfm: Rfm,
    /// Customers to win back, most valuable first.
    pub win_back: WinBack,
    /// Fitted customer-base models (BG/NBD, Pareto/NBD, Gamma-Gamma), unless turned off.
    pub models: Option<ModelsReport>,
    /// Calibration / hold-out comparison, when a calibration end was given.
    pub validation: Option<Validation>,
}

impl Report {
    /// Builds the report from what was imported. Fails with [`Error::NoOrders`] when no row is
    /// an order (with the count of rows per reason), and with [`Error::InvalidOption`] for a
    /// margin outside 0..=1, a negative CAC, a date outside 1900..=2200, an analysis date
    /// before every order, a horizon or CLV period beyond 100 years.
    pub fn build(imported: Imported, options: &AnalysisOptions) -> Result<Report, Error> {
        Report::build_cow(Cow::Owned(imported), options)
    }

    /// [`Report::build`] from orders the caller keeps (to analyse them again with other
    /// settings): the same report, without a copy of the orders — only the per-row accounts,
    /// the warnings and the contact details are copied into it.
    pub fn build_from(imported: &Imported, options: &AnalysisOptions) -> Result<Report, Error> {
        Report::build_cow(Cow::Borrowed(imported), options)
    }

    fn build_cow(imported: Cow<'_, Imported>, options: &AnalysisOptions) -> Result<Report, Error> {
        let (analysis_date, model_options) = Report::models_step(&imported, options)?;
        let mut owned_log = OrderLog::default();
        let (log, parts) = Parts::of(imported, &mut owned_log);
        // Models first: their P(alive) and predicted CLV rank the win-back list and fill the
        // segments' predicted CLV. (Side by side with the rest, the two held their memory at
        // once, +50 MB on the 1 M-row log, for no time measurably gained: each already uses
        // both cores.)
        let model_output = models::run(log, analysis_date, &model_options);
        Report::describe(log, parts, options, analysis_date, model_output)
    }

    /// Checks `options` for an analysis of `imported` (the errors [`Report::build`] gives) and
    /// returns the day it is made at and the options of its models step (every CLV on the
    /// analytics' margin). With them a caller runs the models itself ([`models::run`], or
    /// [`models::prepare`] and [`models::Plan::finish`] with a fit made elsewhere) and hands
    /// the output to [`Report::build_from_with_models`].
    pub fn models_step(
        imported: &Imported,
        options: &AnalysisOptions,
    ) -> Result<(NaiveDate, ModelOptions), Error> {
        options.analytics.validate()?;
        validate_dates(options)?;
        let Some((first, last)) = imported.log.date_range() else {
            return Err(Error::no_orders(
                &imported.rows,
                imported.log.returns.len() as u64,
                &imported.skipped_rows,
            ));
        };
        let analysis_date = options
            .analysis_date
            .or(imported.analysis_date_hint)
            .unwrap_or(last);
        if analysis_date < first {
            return Err(Error::InvalidOption(
                InvalidOption::AnalysisDateBeforeOrders {
                    date: analysis_date,
                    first_order: first,
                },
            ));
        }
        models::validate_options(&imported.log, analysis_date, &options.models)?;
        let model_options = options.models.clone().margin(options.analytics.margin);
        Ok((analysis_date, model_options))
    }

    /// [`Report::build_from`] with the output of a models step the caller ran on the date and
    /// options [`Report::models_step`] gave: the same report.
    pub fn build_from_with_models(
        imported: &Imported,
        options: &AnalysisOptions,
        analysis_date: NaiveDate,
        model_output: ModelOutput,
    ) -> Result<Report, Error> {
        Report::describe(
            &imported.log,
            Parts::cloned(imported),
            options,
            analysis_date,
            model_output,
        )
    }

    /// The descriptive report of an order log already in memory (no file read: every order
    /// counts as imported), at `analysis_date`, with the models off.
    pub fn descriptive(
        log: OrderLog,
        analysis_date: NaiveDate,
        analytics: &AnalyticsOptions,
    ) -> Result<Report, Error> {
        let options = AnalysisOptions::new()
            .analysis_date(analysis_date)
            .time_unit(analytics.time_unit)
            .analytics(analytics.clone())
            .models(ModelOptions::new().enabled(false));
        let imported = Imported {
            log,
            ..Imported::default()
        };
        Report::build(imported, &options)
    }

    /// The report at `analysis_date` with the output of a models step (empty with the models
    /// off; [`Report::add_models`] adds one later).
    fn describe(
        log: &OrderLog,
        parts: Parts,
        options: &AnalysisOptions,
        analysis_date: NaiveDate,
        model_output: ModelOutput,
    ) -> Result<Report, Error> {
        let Parts {
            rows,
            skipped_rows,
            mut warnings,
            info,
            contacts_by_customer,
        } = parts;
        let analytics = options.analytics.clone().time_unit(options.time_unit);
        let later = log.orders.iter().filter(|o| o.date > analysis_date).count() as u64;
        if later == log.orders.len() as u64 {
            return Err(match log.date_range() {
                Some((first_order, _)) => {
                    Error::InvalidOption(InvalidOption::AnalysisDateBeforeOrders {
                        date: analysis_date,
                        first_order,
                    })
                }
                None => Error::no_orders(&rows, log.returns.len() as u64, &skipped_rows),
            });
        }
        if later > 0 {
            warnings.push(Warning::OrdersAfterAnalysisDate {
                count: later,
                analysis_date,
            });
        }
        let later_returns = log
            .returns
            .iter()
            .filter(|r| r.date > analysis_date)
            .count() as u64;
        if later_returns > 0 {
            warnings.push(Warning::ReturnsAfterAnalysisDate {
                count: later_returns,
                analysis_date,
            });
        }
        // The models' warnings go here, after the file's and the analysis date's.
        let models_warnings = warnings.len()..warnings.len();

        let mut grouped = customers::Grouped::new(log, analysis_date);
        let (aggs, day_gaps) = customers::aggregate(log, &mut grouped, analysis_date);
        let mut customers: Vec<CustomerRow> = aggs
            .iter()
            .map(|a| customers::row(log, a, analysis_date, analytics.time_unit))
            .collect();
        let mut contacts_by_customer = contacts_by_customer;
        let contacts: Vec<Contact> = if contacts_by_customer.is_empty() {
            Vec::new()
        } else {
            aggs.iter()
                .map(|a| {
                    contacts_by_customer
                        .get_mut(a.customer as usize)
                        .map(std::mem::take)
                        .unwrap_or_default()
                })
                .collect()
        };
        drop(contacts_by_customer);
        let kpis = kpis::kpis(&customers, analytics.margin)
            .ok_or_else(|| Error::no_orders(&rows, log.returns.len() as u64, &skipped_rows))?;
        // What reads the customer rows (RFM scores them) and what reads the orders grouped by
        // customer are independent: side by side natively, one after the other in WebAssembly.
        // The cohorts' warnings keep their place after the segments'.
        let mut cohort_warnings = Vec::new();
        let (
            (rfm, concentration, aov_buckets),
            (big_orders, median_days_between_purchases, (cohorts, first_products)),
        ) = parallel::join(
            || {
                let rfm = score_customers(&mut customers, &analytics.rfm_rules, &mut warnings);
                let concentration = concentration::concentration(&customers);
                (
                    rfm,
                    concentration,
                    aov_buckets::aov_buckets(&customers, kpis.aov),
                )
            },
            || {
                // One visit of the grouped orders for the cohorts and the products' early revenue.
                let mut early = products::EarlyRevenue::new(log, analysis_date);
                let cohorts =
                    cohorts::cohorts(log, &aggs, analysis_date, &mut cohort_warnings, |each| {
                        grouped.visit_aggs(&aggs, |agg, orders| {
                            each(agg, orders);
                            if let Some(early) = &mut early {
                                early.add(agg, orders);
                            }
                        })
                    });
                let margin = analytics.margin;
                (
                    big_orders::big_orders(log, analysis_date, kpis.aov),
                    day_gaps.median(),
                    (
                        cohorts,
                        products::first_products(log, early, &aggs, analysis_date, margin),
                    ),
                )
            },
        );
        drop(grouped);
        let first_order_of_row: Vec<u32> = aggs.iter().map(|a| a.first_order_index).collect();
        drop(aggs);
        let mut report = Report {
            summary: ReportSummary {
                engine_version: env!("CARGO_PKG_VERSION").to_string(),
                rows,
                skipped_rows,
                import: info,
                analysis_date,
                time_unit: options.time_unit,
                concentration,
                aov_buckets,
                big_orders,
                median_days_between_purchases,
                cohorts,
                first_products,
                win_back: WinBack::default(),
                segments: Vec::new(),
                rfm,
                kpis,
                models: None,
                validation: None,
                warnings,
            },
            customers,
            predictions: Vec::new(),
            prediction_of_row: Vec::new(),
            contacts,
            first_order_of_row,
            models_warnings,
        };
        report.set_models(model_output);
        // The segments' warnings come before the cohorts'.
        let mut later_warnings = Vec::new();
        report.rank_by_predictions(log, &analytics, &mut later_warnings);
        later_warnings.extend(cohort_warnings);
        report.summary.warnings.extend(later_warnings);
        Ok(report)
    }

    /// Adds the output of a models step (run on this report's orders, date and options) to a
    /// report: the models and their warnings, the predictions joined to the customer rows, and
    /// what they rank and fill — the win-back list, the RFM segments' worth and the segments'
    /// predicted CLV. Everything else does not depend on the models, so the report with the
    /// models off plus their output is the report with them on, and the browser's worker adds
    /// the models to the report it showed first instead of making it again. A report that had
    /// the output of another models step has it replaced.
    pub fn add_models(
        &mut self,
        log: &OrderLog,
        options: &AnalysisOptions,
        model_output: ModelOutput,
    ) {
        let analytics = options.analytics.clone().time_unit(options.time_unit);
        self.set_models(model_output);
        // The segments' warnings are in the report already, the same with predictions or not.
        self.rank_by_predictions(log, &analytics, &mut Vec::new());
    }

    /// Puts `model_output`'s models, predictions and warnings (in their place) in the report,
    /// replacing any it had; [`Report::rank_by_predictions`] then uses the predictions.
    fn set_models(&mut self, model_output: ModelOutput) {
        let ModelOutput {
            models,
            validation,
            predictions,
            warnings,
        } = model_output;
        let start = self.models_warnings.start;
        let added = warnings.len();
        self.summary
            .warnings
            .splice(self.models_warnings.clone(), warnings);
        self.models_warnings = start..start + added;
        self.summary.models = models;
        self.summary.validation = validation;
        self.predictions = predictions;
    }

    /// What the predictions rank and fill (the customer rows' predictions joined by key; the
    /// RFM segments' worth; the win-back list; the segments with their predicted CLV), from
    /// [`Report::predictions`].
    fn rank_by_predictions(
        &mut self,
        log: &OrderLog,
        analytics: &AnalyticsOptions,
        warnings: &mut Vec<Warning>,
    ) {
        let customers = &self.customers;
        let predictions = &self.predictions;
        let contacts = &self.contacts;
        let prediction_of_row = join_by_customer(customers, predictions);
        let predicted = |value: fn(&CustomerPrediction) -> Option<f64>| -> Vec<f64> {
            prediction_of_row
                .iter()
                .map(|p| {
                    p.and_then(|i| value(&predictions[i as usize]))
                        .unwrap_or(f64::NAN)
                })
                .collect()
        };
        let predicted_clv = predicted(|p| p.predicted_clv);
        // The expected value lost ranks the win-back list once a model gives it; without it
        // (models off, not fitted, or data too thin) the list is ranked by revenue.
        let win_back_predictions: Vec<WinBackPrediction> = prediction_of_row
            .iter()
            .map(|p| {
                let p = p.map(|i| &predictions[i as usize]);
                WinBackPrediction {
                    value: p.and_then(|p| p.expected_value_lost).unwrap_or(f64::NAN),
                    p_alive: p.and_then(|p| p.p_alive),
                    next_order_date: p.and_then(|p| p.next_order_date),
                }
            })
            .collect();
        let worth = win_back_predictions
            .iter()
            .any(|p| p.value.is_finite())
            .then_some(&win_back_predictions[..]);
        let expected_lost: Vec<f64> = win_back_predictions.iter().map(|p| p.value).collect();
        let has_email = |row: usize| {
            contacts.get(row).and_then(Contact::email).is_some()
                || customers
                    .get(row)
                    .is_some_and(|c| c.customer_id.contains('@'))
        };
        actions::add_worth(
            &mut self.summary.rfm.segments,
            customers,
            &predicted_clv,
            &expected_lost,
            has_email,
        );
        let mut win_back = win_back(customers, analytics.win_back_after_days, worth);
        win_back.customers_with_email = customers
            .iter()
            .enumerate()
            .filter(|(i, c)| {
                c.days_since_last_order > analytics.win_back_after_days as i64 && has_email(*i)
            })
            .count() as u64;
        self.summary.win_back = win_back;
        self.summary.segments = segments::segment_tables(
            log,
            &self.first_order_of_row,
            customers,
            analytics,
            Some(&predicted_clv[..]),
            warnings,
        );
        self.prediction_of_row = prediction_of_row;
    }

    /// The contact details the file gives for the customer in row `row` of `customers`.
    pub fn contact(&self, row: usize) -> Option<&Contact> {
        self.contacts.get(row)
    }

    /// The e-mail of the customer in row `row`: from the file's e-mail column, or the
    /// customer key itself when it is an e-mail (a file keyed by e-mail); `None` when the
    /// file gives none.
    pub fn email(&self, row: usize) -> Option<&str> {
        self.contact(row).and_then(Contact::email).or_else(|| {
            self.customers
                .get(row)
                .map(|c| c.customer_id.as_str())
                .filter(|key| key.contains('@'))
        })
    }

    /// The model predictions of the customer in row `row` of `customers`, when the models
    /// made one for them.
    pub fn prediction(&self, row: usize) -> Option<&CustomerPrediction> {
        let index = (*self.prediction_of_row.get(row)?)?;
        self.predictions.get(index as usize)
    }
}

/// What a report takes from the import besides the orders: moved out of an import the report
/// owns, copied from one the caller keeps (the orders are only read).
struct Parts {
    rows: RowCounts,
    skipped_rows: Vec<SkippedRow>,
    warnings: Vec<Warning>,
    info: ImportInfo,
    contacts_by_customer: Vec<Contact>,
}

impl Parts {
    /// The parts of `imported`, and its orders: moved into `owned` when it is owned.
    fn of<'a>(imported: Cow<'a, Imported>, owned: &'a mut OrderLog) -> (&'a OrderLog, Parts) {
        match imported {
            Cow::Owned(Imported {
                mut log,
                rows,
                skipped_rows,
                warnings,
                info,
                ..
            }) => {
                let contacts_by_customer = std::mem::take(&mut log.contacts);
                *owned = log;
                let parts = Parts {
                    rows,
                    skipped_rows,
                    warnings,
                    info,
                    contacts_by_customer,
                };
                (owned, parts)
            }
            Cow::Borrowed(i) => (&i.log, Parts::cloned(i)),
        }
    }

    /// Copies of the parts of an import the caller keeps.
    fn cloned(imported: &Imported) -> Parts {
        Parts {
            rows: imported.rows,
            skipped_rows: imported.skipped_rows.clone(),
            warnings: imported.warnings.clone(),
            info: imported.info.clone(),
            contacts_by_customer: imported.log.contacts.clone(),
        }
    }
}

/// Refuses an analysis date or calibration end outside 1900..=2200 ([`crate::limits`]).
fn validate_dates(options: &AnalysisOptions) -> Result<(), Error> {
    if let Some(date) = options.analysis_date.filter(|d| !date_in_range(*d)) {
        return Err(Error::InvalidOption(InvalidOption::AnalysisDate { date }));
    }
    if let Some(date) = options
        .models
        .calibration_end
        .filter(|d| options.models.enabled && !date_in_range(*d))
    {
        return Err(Error::InvalidOption(InvalidOption::CalibrationEnd { date }));
    }
    Ok(())
}

/// For each customer row, the index of its prediction: the one join of the two lists, by
/// customer key.
fn join_by_customer(
    customers: &[CustomerRow],
    predictions: &[CustomerPrediction],
) -> Vec<Option<u32>> {
    let by_id: FxHashMap<&str, u32> = predictions
        .iter()
        .enumerate()
        .map(|(i, p)| (p.customer_id.as_str(), i as u32))
        .collect();
    customers
        .iter()
        .map(|c| by_id.get(c.customer_id.as_str()).copied())
        .collect()
}

#[cfg(test)]
mod tests;
