//! What the worker keeps of the last file: the orders as read (to analyse again with other
//! settings without reading the file again, and to check the models on a hold-out period), the
//! report (for the JSON download), and the customer table the page pages through.
//! Independent of the browser, so it is tested natively.

use chrono::{Duration, NaiveDate};
use clv_engine::export::{self, HeaderNames};
use clv_engine::models::{self, ModelOptions};
use clv_engine::rfm::rules::SegmentRule;
use std::rc::Rc;

use clv_engine::models::ModelOutput;
use clv_engine::{AnalysisOptions, Error, Imported, Report, ReportSummary, Validation};
use serde::{Deserialize, Serialize};

use super::table::{self, Column, CustomerIndex, TablePage, TableQuery};
use crate::charts::histogram::{histogram, Histogram};

/// Most skipped rows sent to the page with the overview; all of them are in the CSV export and
/// the JSON report. (The engine already caps the win-back and big-order lists at 500.)
pub const LIST_CAP: usize = 200;

/// The user's choices for looking at the data (the page remembers them).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Settings {
    /// Gross margin, a fraction 0..=1.
    pub margin: Option<f64>,
    /// CAC per value of the segment column.
    pub cac: Vec<(String, f64)>,
    /// The column to segment customers by (channels); every column with few values when unset.
    pub segment_by: Option<String>,
    /// RFM segment rules; the defaults when unset.
    pub rules: Option<Vec<SegmentRule>>,
    /// The day the analysis is made at; the last order's day when unset.
    pub analysis_date: Option<NaiveDate>,
}

impl Settings {
    /// `base` (how the file is read) with these choices.
    pub fn options(&self, base: &AnalysisOptions) -> AnalysisOptions {
        let mut analytics = base.analytics.clone().cac(self.cac.clone());
        analytics.margin = self.margin;
        analytics.segment_by = self.segment_by.clone();
        if let Some(rules) = &self.rules {
            analytics = analytics.rfm_rules(rules.clone());
        }
        let mut options = base.clone().analytics(analytics);
        options.analysis_date = self.analysis_date;
        options
    }
}

/// A lattice of the BG/NBD model's predictions over frequency × recency for a customer of the
/// longest age seen (the "frequency/recency matrix" of the lifetimes library's plots).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrMatrix {
    /// Repeat purchases, one per row.
    pub frequencies: Vec<u32>,
    /// Recency (time of the last purchase since the first), one per column, in `unit_days` days.
    pub recencies: Vec<f64>,
    /// Age T of the customer the lattice is computed for, in the same unit.
    pub t: f64,
    /// Days in the models' time unit (1 or 7).
    pub unit_days: f64,
    /// Horizon of `expected`, in the models' unit.
    pub horizon: f64,
    /// P(alive) `[frequency][recency]`; `None` where the history is impossible (no repeat
    /// purchase but a recency above 0).
    pub p_alive: Vec<Vec<Option<f64>>>,
    /// Expected purchases in the horizon, same shape.
    pub expected: Vec<Vec<Option<f64>>>,
}

/// Bars in the histograms of spend and predicted CLV, about.
pub const HISTOGRAM_BINS: usize = 20;

/// Values of one per customer as the page needs them: how many, their sum and the histogram's
/// bars. Binned here, in the worker, so the page neither receives nor sorts one number per
/// customer (1.6 MB for 100,000 customers in the message that ends the analysis).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Distribution {
    /// How many values.
    pub count: u64,
    /// Their sum, added in the customers' order.
    pub total: f64,
    /// Their histogram, of about [`HISTOGRAM_BINS`] bars.
    pub histogram: Histogram,
}

impl Distribution {
    /// The distribution of `values`.
    pub fn of(values: &[f64]) -> Distribution {
        Distribution {
            count: values.len() as u64,
            total: values.iter().sum(),
            histogram: histogram(values, HISTOGRAM_BINS),
        }
    }

    /// The average, when there is a value.
    pub fn mean(&self) -> Option<f64> {
        (self.count > 0).then(|| self.total / self.count as f64)
    }
}

/// The report as the page shows it: its summary (the per-customer lists stay here and are
/// paged) with the skipped rows capped at [`LIST_CAP`], and the distributions the charts need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    /// The report's summary; `skipped_rows` holds at most [`LIST_CAP`] entries.
    pub summary: ReportSummary,
    /// Revenue per customer, in bars.
    pub spend: Histogram,
    /// Predicted CLV of the customers who have one.
    pub predicted_clv: Distribution,
    /// Customers per tenth of P(alive).
    pub p_alive_bins: Vec<u64>,
    /// Customers and revenue per R × F cell: `[r - 1][f - 1]`.
    pub rf_grid: Vec<Vec<(u64, f64)>>,
    /// The models' frequency/recency lattice, when BG/NBD was fitted.
    pub matrix: Option<FrMatrix>,
    /// The settings the report was made with.
    pub settings: Settings,
    /// The report is the descriptive one, sent while the models are being fitted: the full
    /// report follows (the page says the predictions are on their way, not that there are none).
    pub models_pending: bool,
}

/// A list the user can download as CSV.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Export {
    /// The customer table as shown: filter, search, sort and columns.
    Customers {
        /// Which rows, in which order (offset and limit are ignored: all matching rows).
        query: TableQuery,
        /// Which columns.
        columns: Vec<Column>,
    },
    /// The win-back list.
    WinBack,
    /// The big orders.
    BigOrders,
    /// The skipped rows.
    SkippedRows,
    /// The segment table of one column (channels): CLV, CAC, ROI.
    Segments(String),
    /// The RFM segments.
    RfmSegments,
    /// The cohorts: retention and cumulative revenue per customer by month.
    Cohorts,
    /// A segment's customers (or the win-back list) as a contact list for an e-mail tool or
    /// Shopify, in that tool's import layout (customers without an e-mail left out).
    Contacts {
        /// Which customers.
        list: export::ContactList,
        /// For which tool.
        tool: export::ContactTool,
    },
}

/// Why the models could not be checked on a hold-out period (the page words it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ValidationProblem {
    /// The orders span less than 90 days: too short to hold part of them out.
    HistoryTooShort,
    /// The models could not be fitted on the orders up to this day.
    NotFitted {
        /// The end of the calibration period tried.
        calibration_end: NaiveDate,
    },
}

/// The last file, analysed.
#[derive(Debug)]
pub struct Session {
    /// Shared with a models step under way ([`ModelsJob`]), which runs while the worker answers.
    imported: Rc<Imported>,
    base: AnalysisOptions,
    settings: Settings,
    /// The report of the current settings.
    pub report: Report,
    /// Its customer table (search keys and the last sort order).
    table: CustomerIndex,
    /// `report` is the descriptive one; [`Session::fit_models`] makes the full one.
    models_pending: bool,
    /// Bumped by every new report: a models step started before a change of settings does not
    /// replace the report made after it.
    revision: u64,
}

/// What the models step of a descriptive report needs ([`Session::models_job`]): it can run
/// apart from the session (in the browser, while the worker waits for a second worker) and its
/// report is handed back with [`Session::install_models`].
#[derive(Debug, Clone)]
pub struct ModelsJob {
    /// The orders as read.
    pub imported: Rc<Imported>,
    /// The options of the full report.
    pub options: AnalysisOptions,
    revision: u64,
}

impl ModelsJob {
    /// The models step whole, here (Pareto/NBD beside the others natively): its output, for
    /// [`Session::install_models`].
    pub fn run(&self) -> Result<ModelOutput, Error> {
        let step = Report::models_step(&self.imported, &self.options)?;
        Ok(models::run(&self.imported.log, step.0, &step.1))
    }
}

impl Session {
    /// Analyses what was read.
    pub fn new(
        imported: Imported,
        base: AnalysisOptions,
        settings: Settings,
    ) -> Result<Session, clv_engine::Error> {
        let report = Report::build_from(&imported, &settings.options(&base))?;
        Ok(Session::with_report(
            imported, base, settings, report, false,
        ))
    }

    fn with_report(
        imported: Imported,
        base: AnalysisOptions,
        settings: Settings,
        report: Report,
        models_pending: bool,
    ) -> Session {
        let table = CustomerIndex::new(&report);
        Session {
            imported: Rc::new(imported),
            base,
            settings,
            report,
            table,
            models_pending,
            revision: 0,
        }
    }

    /// The descriptive report first (everything but the models, a fraction of their time), for
    /// the page to show while [`Session::fit_models`] makes the full one. Settings the models
    /// would refuse are refused here already, so the second step fails only as the full report
    /// would have.
    pub fn descriptive(
        imported: Imported,
        base: AnalysisOptions,
        settings: Settings,
    ) -> Result<Session, clv_engine::Error> {
        let options = settings.options(&base);
        if !options.models.enabled {
            return Session::new(imported, base, settings);
        }
        // The checks the full report makes, the models' included.
        Report::models_step(&imported, &options)?;
        let mut quick = options;
        quick.models = quick.models.enabled(false);
        let report = Report::build_from(&imported, &quick)?;
        Ok(Session::with_report(imported, base, settings, report, true))
    }

    /// True while the report is the descriptive one of [`Session::descriptive`].
    pub fn models_pending(&self) -> bool {
        self.models_pending
    }

    /// The models step still to run for the descriptive report; `None` once the report is the
    /// full one.
    pub fn models_job(&self) -> Option<ModelsJob> {
        self.models_pending.then(|| ModelsJob {
            imported: self.imported.clone(),
            options: self.settings.options(&self.base),
            revision: self.revision,
        })
    }

    /// Adds `output`, the output of `job`'s models step, to the descriptive report, which
    /// becomes the full one ([`Report::add_models`]: the report is not made again); false
    /// (nothing changed) when the report is no longer the descriptive one `job` was made for
    /// (the settings changed meanwhile and their report is full already).
    pub fn install_models(&mut self, job: &ModelsJob, output: ModelOutput) -> bool {
        if !self.models_pending || job.revision != self.revision {
            return false;
        }
        self.report
            .add_models(&self.imported.log, &job.options, output);
        self.report_changed();
        true
    }

    /// The models step failed: the descriptive report stays, no longer waiting for it.
    pub fn models_failed(&mut self) {
        self.models_pending = false;
    }

    /// Fits the models here and makes the full report of the current settings (nothing to do
    /// when it is made already). On error the descriptive report stays.
    pub fn fit_models(&mut self) -> Result<(), clv_engine::Error> {
        if let Some(job) = self.models_job() {
            let output = job.run()?;
            self.install_models(&job, output);
        }
        Ok(())
    }

    fn set_report(&mut self, report: Report) {
        self.report = report;
        self.report_changed();
    }

    /// After a new report, or the models added to it: its table, and a new revision.
    fn report_changed(&mut self) {
        self.table = CustomerIndex::new(&self.report);
        self.models_pending = false;
        self.revision += 1;
    }

    /// Analyses the same orders again with other settings. On error the session is unchanged.
    pub fn change(&mut self, settings: Settings) -> Result<(), clv_engine::Error> {
        let report = Report::build_from(&self.imported, &settings.options(&self.base))?;
        self.set_report(report);
        self.settings = settings;
        Ok(())
    }

    /// A window of the customer table.
    pub fn customers(&self, query: &TableQuery) -> TablePage {
        self.table.page(&self.report, query)
    }

    /// The overview for the page.
    pub fn overview(&mut self) -> Overview {
        // The summary without its skipped rows (up to 100,000 are kept for the CSV), then the
        // first [`LIST_CAP`] of them: no clone of the whole list just to cut it.
        let skipped = std::mem::take(&mut self.report.summary.skipped_rows);
        let mut summary = self.report.summary.clone();
        summary.skipped_rows = skipped.iter().take(LIST_CAP).cloned().collect();
        self.report.summary.skipped_rows = skipped;
        let full = &self.report;
        Overview {
            summary,
            spend: histogram(&table::revenues(full), HISTOGRAM_BINS),
            predicted_clv: Distribution::of(&table::predicted_clvs(full)),
            p_alive_bins: table::p_alive_bins(full),
            rf_grid: table::rf_grid(full).iter().map(|r| r.to_vec()).collect(),
            matrix: self.matrix(),
            settings: self.settings.clone(),
            models_pending: self.models_pending,
        }
    }

    fn matrix(&self) -> Option<FrMatrix> {
        let models = self.report.summary.models.as_ref()?;
        models.headline.model?;
        let unit_days = models.time_unit.from_days(1).recip();
        let first = self.report.summary.kpis.first_order_date;
        let t = models
            .time_unit
            .from_days((models.fitted_through - first).num_days());
        if t.is_nan() || t <= 0.0 {
            return None;
        }
        let mut frequencies: Vec<u32> = self.report.customers.iter().map(|c| c.frequency).collect();
        frequencies.sort_unstable();
        // Up to the 99th percentile (at least 5, at most 30 rows): the rest is a long, thin tail.
        let top = frequencies
            .get(frequencies.len().saturating_sub(1) * 99 / 100)
            .copied()
            .unwrap_or(0)
            .clamp(5, 30);
        let frequencies: Vec<u32> = (0..=top).collect();
        const COLUMNS: usize = 12;
        let recencies: Vec<f64> = (0..=COLUMNS)
            .map(|i| t * i as f64 / COLUMNS as f64)
            .collect();
        let cell = |f: u32, r: f64, value: &dyn Fn(u32, f64) -> f64| {
            (f > 0 || r == 0.0)
                .then(|| value(f, r))
                .filter(|v| v.is_finite())
        };
        let lattice = |value: &dyn Fn(u32, f64) -> f64| -> Vec<Vec<Option<f64>>> {
            frequencies
                .iter()
                .map(|&f| recencies.iter().map(|&r| cell(f, r, value)).collect())
                .collect()
        };
        let horizon = models.horizon;
        Some(FrMatrix {
            p_alive: lattice(&|f, r| models.p_alive(f, r, t).unwrap_or(f64::NAN)),
            expected: lattice(&|f, r| {
                models
                    .expected_purchases(f, r, t, horizon)
                    .unwrap_or(f64::NAN)
            }),
            frequencies,
            recencies,
            t,
            unit_days,
            horizon,
        })
    }

    /// The day a hold-out check would start by default: the last third of the history is held
    /// out (the CDNOW papers hold out 39 of 78 weeks; a third keeps more to fit on).
    pub fn default_calibration_end(&self) -> Option<NaiveDate> {
        let first = self.report.summary.kpis.first_order_date;
        let span = (self.report.summary.analysis_date - first).num_days();
        (span >= 90).then(|| self.report.summary.analysis_date - Duration::days(span / 3))
    }

    /// Fits the models on the orders up to `calibration_end` (the default when `None`) and
    /// compares their predictions for the rest with what happened.
    pub fn validate(
        &self,
        calibration_end: Option<NaiveDate>,
    ) -> Result<Validation, ValidationProblem> {
        let end = calibration_end
            .or_else(|| self.default_calibration_end())
            .ok_or(ValidationProblem::HistoryTooShort)?;
        let output = models::run(
            &self.imported.log,
            self.report.summary.analysis_date,
            &ModelOptions::new().calibration_end(end),
        );
        output.validation.ok_or(ValidationProblem::NotFitted {
            calibration_end: end,
        })
    }

    /// A list as a CSV file: (file name, text), with the engine's headers.
    pub fn export(&self, what: &Export) -> (String, String) {
        self.export_named(what, &HeaderNames::default())
    }

    /// A list as a CSV file: (file name, text), its header row in `names` (the page's: the
    /// reader's language), the columns in the same order in every language.
    pub fn export_named(&self, what: &Export, names: &HeaderNames) -> (String, String) {
        let report = &self.report.summary;
        let file = match what {
            Export::Customers { query, columns } => self.table.csv(&self.report, query, columns),
            Export::SkippedRows => export::skipped_rows_csv(&report.skipped_rows),
            Export::WinBack => export::win_back_csv(&report.win_back),
            Export::BigOrders => export::big_orders_csv(&report.big_orders),
            Export::Segments(column) => export::segments_csv(&report.segments, column),
            Export::RfmSegments => export::rfm_segments_csv(&report.rfm.segments),
            Export::Cohorts => export::cohorts_csv(&report.cohorts),
            Export::Contacts { list, tool } => {
                let file = export::contacts_csv(&self.report, list, *tool);
                return (file.name, file.text);
            }
        };
        let file = file.with_headers(names);
        (file.name, file.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &[u8] = include_bytes!("../../public/sample-orders.csv");

    fn session(settings: Settings) -> Session {
        let imported = clv_engine::read_orders(SAMPLE, &clv_engine::ImportOptions::new()).unwrap();
        Session::new(imported, AnalysisOptions::new(), settings).unwrap()
    }

    #[test]
    fn settings_beyond_their_limits_are_refused_with_the_engines_typed_error() {
        use clv_engine::error::InvalidOption;
        let mut s = session(Settings::default());
        let before = s.report.clone();
        let day = |d: &str| d.parse::<NaiveDate>().unwrap();
        let early = Settings {
            analysis_date: Some(day("2000-01-01")),
            ..Settings::default()
        };
        assert_eq!(
            s.change(early),
            Err(clv_engine::Error::InvalidOption(
                InvalidOption::AnalysisDateBeforeOrders {
                    date: day("2000-01-01"),
                    first_order: day("2023-01-01"),
                }
            ))
        );
        let far = Settings {
            analysis_date: Some(day("9999-12-31")),
            ..Settings::default()
        };
        assert!(matches!(
            s.change(far),
            Err(clv_engine::Error::InvalidOption(
                InvalidOption::AnalysisDate { .. }
            ))
        ));
        assert_eq!(
            s.report, before,
            "a refused change leaves the session as it was"
        );
    }

    #[test]
    fn the_report_is_the_engines_and_the_overview_leaves_out_the_lists() {
        let mut s = session(Settings::default());
        assert_eq!(
            s.report,
            clv_engine::analyze(SAMPLE, &AnalysisOptions::new()).unwrap()
        );
        let o = s.overview();
        assert_eq!(o.summary, s.report.summary);
        let binned: u64 = o.spend.bins.iter().map(|b| u64::from(b.count)).sum();
        assert_eq!(binned as usize, s.report.customers.len());
        let clvs = table::predicted_clvs(&s.report);
        assert_eq!(o.predicted_clv.count as usize, clvs.len());
        assert_eq!(o.predicted_clv.total, clvs.iter().sum::<f64>());
        assert_eq!(o.predicted_clv.histogram, histogram(&clvs, HISTOGRAM_BINS));
        let grid: u64 = o.rf_grid.iter().flatten().map(|c| c.0).sum();
        assert_eq!(grid, s.report.summary.kpis.customers);
        let m = o.matrix.expect("BG/NBD is fitted on the sample");
        assert_eq!(m.p_alive.len(), m.frequencies.len());
        assert!(m.p_alive[0][1].is_none(), "no repeat purchase, recency > 0");
        assert!(m
            .p_alive
            .iter()
            .flatten()
            .flatten()
            .all(|p| (0.0..=1.0).contains(p)));
    }

    #[test]
    fn settings_change_the_report_like_the_cli_options() {
        let mut s = session(Settings::default());
        let settings = Settings {
            margin: Some(0.3),
            ..Settings::default()
        };
        s.change(settings.clone()).unwrap();
        let expected =
            clv_engine::analyze(SAMPLE, &settings.options(&AnalysisOptions::new())).unwrap();
        assert_eq!(s.report, expected);
        assert_eq!(s.overview().settings, settings);
        // A bad margin is refused and leaves the session as it was.
        let bad = Settings {
            margin: Some(3.0),
            ..Settings::default()
        };
        assert!(s.change(bad).is_err());
        assert_eq!(s.report, expected);
    }

    #[test]
    fn validation_holds_out_the_last_third() {
        let s = session(Settings::default());
        let end = s.default_calibration_end().unwrap();
        let v = s.validate(None).unwrap();
        assert_eq!(v.calibration_end, end);
        assert!(!v.tracking.is_empty());
    }

    #[test]
    fn every_list_exports_with_a_header_and_one_line_per_entry() {
        let s = session(Settings::default());
        let lines = |what: Export| s.export(&what).1.lines().count();
        assert_eq!(
            lines(Export::WinBack),
            s.report.summary.win_back.customers.len() + 1
        );
        assert_eq!(
            lines(Export::BigOrders),
            s.report.summary.big_orders.orders.len() + 1
        );
        assert_eq!(
            lines(Export::RfmSegments),
            s.report.summary.rfm.segments.len() + 1
        );
        assert_eq!(lines(Export::Cohorts), s.report.summary.cohorts.len() + 1);
        // A segment's contact list: one line per customer with an e-mail (the sample is
        // keyed by e-mail, so all of them), in the chosen tool's layout and named after both.
        let champions = &s.report.summary.rfm.segments[0];
        let contacts = Export::Contacts {
            list: export::ContactList::Segment(champions.segment.clone()),
            tool: export::ContactTool::Shopify,
        };
        assert_eq!(lines(contacts.clone()), champions.customers as usize + 1);
        let (name, text) = s.export(&contacts);
        assert_eq!(name, "champions-shopify.csv");
        assert!(text.starts_with("First Name,Last Name,Email,"));
        let column = s.report.summary.segments[0].column.clone();
        assert_eq!(
            lines(Export::Segments(column)),
            s.report.summary.segments[0].values.len() + 1
        );
        let customers = Export::Customers {
            query: TableQuery::default(),
            columns: vec![Column::Customer, Column::Revenue],
        };
        assert_eq!(lines(customers), s.report.customers.len() + 1);
    }

    #[test]
    fn every_export_has_its_file_name_header_and_crlf_lines() {
        let s = session(Settings::default());
        let column = s.report.summary.segments[0].column.clone();
        let segments_name = export::segments_file_name(&column);
        assert_eq!(segments_name, format!("clv-by-{column}.csv"));
        let expected = [
            (
                Export::WinBack,
                "win-back.csv",
                "customer_id,kind,orders,revenue,last_order,days_since_last_order,segment,value",
            ),
            (
                Export::BigOrders,
                "big-orders.csv",
                "customer_id,order_id,date,amount,quantity,line,reason",
            ),
            (
                Export::SkippedRows,
                "skipped-rows.csv",
                "line,column,reason",
            ),
            (
                Export::Segments(column.clone()),
                &segments_name,
                &format!(
                    "{column},customers,customer_share,orders,revenue,revenue_share,aov,\
                     historical_clv,predicted_clv,cac,roi,clv_to_cac"
                ),
            ),
            (
                Export::RfmSegments,
                "rfm-segments.csv",
                "segment,customers,customer_share,revenue,revenue_share,\
                 average_days_since_last_order,average_orders,average_revenue",
            ),
            (
                Export::Cohorts,
                "cohorts.csv",
                "cohort,customers,retention_m0,",
            ),
            (
                Export::Customers {
                    query: TableQuery::default(),
                    columns: Column::ALL.to_vec(),
                },
                "customers.csv",
                "customer_id,orders,revenue,aov,first_order,last_order,days_since_last_order,\
                 annual_spend,rfm_cell,segment,p_alive,expected_purchases,predicted_clv",
            ),
        ];
        for (what, name, header) in expected {
            let (file_name, text) = s.export(&what);
            assert_eq!(file_name, name);
            assert!(text.starts_with(header), "{name}: {text:.200}");
            assert!(text.ends_with("\r\n"), "{name}");
            assert_eq!(
                text.matches("\r\n").count(),
                text.matches('\n').count(),
                "{name}: every line ends with CRLF"
            );
            // In other words: the same rows under a header of the same columns.
            let names = HeaderNames::new(vec![
                ("customer_id".into(), "Klients".into()),
                ("revenue".into(), "Ieņēmumi".into()),
                ("retention_m{n}".into(), "Noturība {n}".into()),
            ]);
            let (named_file, named) = s.export_named(&what, &names);
            assert_eq!(named_file, name);
            let (head, body) = text.split_once("\r\n").unwrap();
            let (named_head, named_body) = named.split_once("\r\n").unwrap();
            assert_eq!(body, named_body, "{name}");
            let renamed = |h: &str| {
                h.split(',')
                    .map(|c| names.name(c))
                    .collect::<Vec<_>>()
                    .join(",")
            };
            assert_eq!(renamed(head), named_head, "{name}");
            assert!(
                !named_head.contains("customer_id") && !named_head.contains("retention_m"),
                "{name}: {named_head}"
            );
        }
    }
}
