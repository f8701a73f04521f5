//! The customer table, kept in the worker: the page asks for the rows it can see (filtered,
//! searched, sorted, one window at a time), so 100 k customers never cross to the page's thread
//! at once and scrolling stays smooth. Also writes what is shown as CSV.

use std::cell::RefCell;
use std::cmp::Ordering;

use clv_engine::export::{customers_csv, Cell};
use clv_engine::metrics::CustomerRow;
use clv_engine::{CsvFile, CustomerColumn, CustomerPrediction, Report};
use serde::{Deserialize, Serialize};

/// A column of the customer table (also what it can be sorted by).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Column {
    /// Customer key.
    Customer,
    /// Counted orders.
    Orders,
    /// Net revenue.
    Revenue,
    /// Own average order value.
    Aov,
    /// Date of the first order.
    FirstOrder,
    /// Date of the last order.
    LastOrder,
    /// Days since the last order.
    DaysSince,
    /// Revenue per year of tenure.
    AnnualSpend,
    /// RFM cell, e.g. "545".
    Rfm,
    /// Named RFM segment.
    Segment,
    /// Probability the customer is still active (BG/NBD).
    PAlive,
    /// Expected purchases in the models' horizon (BG/NBD).
    ExpectedPurchases,
    /// Predicted CLV (BG/NBD × Gamma-Gamma).
    PredictedClv,
}

impl Column {
    /// Every column, in the table's order.
    pub const ALL: [Column; 13] = [
        Column::Customer,
        Column::Orders,
        Column::Revenue,
        Column::Aov,
        Column::FirstOrder,
        Column::LastOrder,
        Column::DaysSince,
        Column::AnnualSpend,
        Column::Rfm,
        Column::Segment,
        Column::PAlive,
        Column::ExpectedPurchases,
        Column::PredictedClv,
    ];

    /// The column's header in exported files (stable, like `clv customers`).
    pub fn key(self) -> &'static str {
        CustomerColumn::from(self).header()
    }

    /// Whether the column holds text or dates (sorted ascending first) rather than amounts
    /// (sorted largest first).
    pub fn ascending_first(self) -> bool {
        matches!(
            self,
            Column::Customer
                | Column::FirstOrder
                | Column::LastOrder
                | Column::DaysSince
                | Column::Segment
        )
    }
}

impl From<Column> for CustomerColumn {
    fn from(column: Column) -> Self {
        match column {
            Column::Customer => CustomerColumn::CustomerId,
            Column::Orders => CustomerColumn::Orders,
            Column::Revenue => CustomerColumn::Revenue,
            Column::Aov => CustomerColumn::Aov,
            Column::FirstOrder => CustomerColumn::FirstOrder,
            Column::LastOrder => CustomerColumn::LastOrder,
            Column::DaysSince => CustomerColumn::DaysSinceLastOrder,
            Column::AnnualSpend => CustomerColumn::AnnualSpend,
            Column::Rfm => CustomerColumn::RfmCell,
            Column::Segment => CustomerColumn::Segment,
            Column::PAlive => CustomerColumn::PAlive,
            Column::ExpectedPurchases => CustomerColumn::ExpectedPurchases,
            Column::PredictedClv => CustomerColumn::PredictedClv,
        }
    }
}

/// Which customers the table shows.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Filter {
    /// Everyone.
    #[default]
    All,
    /// One named RFM segment.
    Segment(String),
    /// One cell of the R × F grid (recency score, frequency score).
    Cell(u8, u8),
    /// One RFM cell, e.g. "555" (the top score: recent, frequent, big spenders).
    Rfm(String),
}

/// What the page asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableQuery {
    /// Answers carry it back, so the page ignores stale ones.
    pub id: u64,
    /// Part of the customer key, any case, or a whole RFM cell ("555"); empty = no search.
    pub search: String,
    /// Segments whose name, as the page shows it in the reader's language, contains the
    /// search: their customers match it too (the worker does not know the reader's words).
    #[serde(default)]
    pub segments: Vec<String>,
    /// Which customers.
    pub filter: Filter,
    /// Sort column.
    pub sort: Column,
    /// Largest / latest first.
    pub descending: bool,
    /// First matching row to send.
    pub offset: u32,
    /// How many rows to send.
    pub limit: u32,
}

impl Default for TableQuery {
    fn default() -> Self {
        TableQuery {
            id: 0,
            search: String::new(),
            segments: Vec::new(),
            filter: Filter::All,
            sort: Column::Revenue,
            descending: true,
            offset: 0,
            limit: 100,
        }
    }
}

/// One row as the page shows it: the engine's customer row and its prediction, as the report
/// joined them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableRow {
    /// The customer's figures.
    pub customer: CustomerRow,
    /// The models' predictions for the customer, when they made one.
    pub prediction: Option<CustomerPrediction>,
}

impl From<RowRef<'_>> for TableRow {
    fn from(r: RowRef<'_>) -> Self {
        TableRow {
            customer: r.row.clone(),
            prediction: r.prediction.cloned(),
        }
    }
}

/// One customer of the report, read in place: the row and its prediction.
#[derive(Debug, Clone, Copy)]
pub struct RowRef<'a> {
    row: &'a CustomerRow,
    prediction: Option<&'a CustomerPrediction>,
}

impl<'a> RowRef<'a> {
    /// The row's value in `column`, as the CSV has it.
    fn cell(&self, column: Column) -> Cell<'a> {
        CustomerColumn::from(column).cell(self.row, self.prediction)
    }

    fn compare(&self, other: &Self, column: Column) -> Ordering {
        // Missing predictions (empty cells) sort below every number.
        let number = |c: Cell<'_>| match c {
            Cell::Number(v) => Some(v),
            Cell::Int(v) => Some(v as f64),
            _ => None,
        };
        let (a, b) = (self.row, other.row);
        match column {
            Column::Customer => a.customer_id.cmp(&b.customer_id),
            Column::Orders => a.orders.cmp(&b.orders),
            Column::FirstOrder => a.first_order.cmp(&b.first_order),
            Column::LastOrder => a.last_order.cmp(&b.last_order),
            Column::DaysSince => a.days_since_last_order.cmp(&b.days_since_last_order),
            Column::Rfm => a.rfm_cell.cmp(&b.rfm_cell),
            Column::Segment => a.segment.cmp(&b.segment),
            _ => match (number(self.cell(column)), number(other.cell(column))) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                (x, y) => x.is_some().cmp(&y.is_some()),
            },
        }
    }
}

/// The rows a query gives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TablePage {
    /// The query's id.
    pub id: u64,
    /// Customers matching the filter and search.
    pub total: u32,
    /// Index (among the matching) of the first row sent.
    pub offset: u32,
    /// The rows.
    pub rows: Vec<TableRow>,
}

/// The customer table of the last report: its rows are the report's, read in place (nothing
/// copied); only the windows sent to the page are built as [`TableRow`]s.
#[derive(Debug, Default)]
pub struct CustomerIndex {
    /// Lower-cased customer keys for the search, where a key has capitals (e-mails are already
    /// stored lower-cased, so most are `None`): made once, not per row per keystroke.
    lowercase: Vec<Option<String>>,
    /// The last sort order asked for, kept: scrolling asks again and again with the same one.
    sorted: RefCell<Option<(Column, Vec<u32>)>>,
}

impl CustomerIndex {
    /// Prepares the table of a report.
    pub fn new(report: &Report) -> Self {
        let lowercase = report
            .customers
            .iter()
            .map(|c| {
                let lower = c.customer_id.to_lowercase();
                (lower != c.customer_id).then_some(lower)
            })
            .collect();
        CustomerIndex {
            lowercase,
            sorted: RefCell::new(None),
        }
    }

    /// Customer `i` of `report`, with its prediction.
    fn row<'a>(report: &'a Report, i: usize) -> RowRef<'a> {
        RowRef {
            row: &report.customers[i],
            prediction: report.prediction(i),
        }
    }

    fn matches(&self, report: &Report, i: usize, query: &TableQuery, search: &str) -> bool {
        let row = &report.customers[i];
        let in_filter = match &query.filter {
            Filter::All => true,
            Filter::Segment(s) => &row.segment == s,
            Filter::Cell(r, f) => row.r_score == *r && row.f_score == *f,
            Filter::Rfm(cell) => &row.rfm_cell == cell,
        };
        let key = self
            .lowercase
            .get(i)
            .and_then(Option::as_deref)
            .unwrap_or(&row.customer_id);
        in_filter
            && (search.is_empty()
                || key.contains(search)
                || row.rfm_cell == search
                || query.segments.contains(&row.segment))
    }

    /// Indices of the rows of `report` matching `query`, in its order (ties keep the report's
    /// order, so the order is stable from one query to the next).
    pub fn matching(&self, report: &Report, query: &TableQuery) -> Vec<u32> {
        let n = report.customers.len().min(self.lowercase.len());
        let mut sorted = self.sorted.borrow_mut();
        if sorted.as_ref().map(|(c, _)| *c) != Some(query.sort) {
            let mut order: Vec<u32> = (0..n as u32).collect();
            order.sort_by(|&a, &b| {
                Self::row(report, a as usize).compare(&Self::row(report, b as usize), query.sort)
            });
            *sorted = Some((query.sort, order));
        }
        let Some((_, order)) = sorted.as_ref() else {
            return Vec::new();
        };
        let search = query.search.trim().to_lowercase();
        let keep = |&&i: &&u32| self.matches(report, i as usize, query, &search);
        if query.descending {
            // Reversing a stable ascending sort would reverse ties too; walk ties forwards.
            let mut out = Vec::new();
            let mut end = order.len();
            while end > 0 {
                let mut start = end - 1;
                let last = Self::row(report, order[end - 1] as usize);
                while start > 0
                    && Self::row(report, order[start - 1] as usize).compare(&last, query.sort)
                        == Ordering::Equal
                {
                    start -= 1;
                }
                out.extend(order[start..end].iter().filter(keep));
                end = start;
            }
            out
        } else {
            order.iter().filter(keep).copied().collect()
        }
    }

    /// The window of rows `query` asks for.
    pub fn page(&self, report: &Report, query: &TableQuery) -> TablePage {
        let matching = self.matching(report, query);
        let start = (query.offset as usize).min(matching.len());
        let end = (start + query.limit as usize).min(matching.len());
        TablePage {
            id: query.id,
            total: matching.len() as u32,
            offset: start as u32,
            rows: matching[start..end]
                .iter()
                .map(|&i| Self::row(report, i as usize).into())
                .collect(),
        }
    }

    /// Every row matching `query` (not only the window), with `columns`, as CSV.
    pub fn csv(&self, report: &Report, query: &TableQuery, columns: &[Column]) -> CsvFile {
        let columns: Vec<CustomerColumn> = columns.iter().map(|&c| c.into()).collect();
        let rows = self.matching(report, query).into_iter().map(|i| i as usize);
        customers_csv(report, &columns, rows)
    }
}

/// Revenue per customer, for the spend histogram.
pub fn revenues(report: &Report) -> Vec<f64> {
    report.customers.iter().map(|r| r.revenue).collect()
}

/// Predicted CLV per customer, where the models gave one.
pub fn predicted_clvs(report: &Report) -> Vec<f64> {
    report
        .predictions
        .iter()
        .filter_map(|p| p.predicted_clv)
        .collect()
}

/// Customers and revenue per cell of the R × F grid: `[r-1][f-1]`.
pub fn rf_grid(report: &Report) -> [[(u64, f64); 5]; 5] {
    let mut grid = [[(0u64, 0.0f64); 5]; 5];
    for row in &report.customers {
        let (r, f) = (row.r_score as usize, row.f_score as usize);
        if (1..=5).contains(&r) && (1..=5).contains(&f) {
            grid[r - 1][f - 1].0 += 1;
            grid[r - 1][f - 1].1 += row.revenue;
        }
    }
    grid
}

/// Customers per tenth of P(alive) (`[0, 0.1)`, … `[0.9, 1]`).
pub fn p_alive_bins(report: &Report) -> Vec<u64> {
    let mut bins = vec![0u64; 10];
    for p in report.predictions.iter().filter_map(|p| p.p_alive) {
        if p.is_finite() {
            bins[((p * 10.0).floor().max(0.0) as usize).min(9)] += 1;
        }
    }
    bins
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> Report {
        clv_engine::analyze(
            b"customer,date,amount\n\
              b@x,2024-01-05,10\n\
              a@x,2024-01-06,30\n\
              c@x,2024-02-01,30\n\
              a@x,2024-03-01,5\n\
              =d,2024-03-02,1\n",
            &clv_engine::AnalysisOptions::new(),
        )
        .unwrap()
    }

    fn ids(page: &TablePage) -> Vec<&str> {
        page.rows
            .iter()
            .map(|r| r.customer.customer_id.as_str())
            .collect()
    }

    #[test]
    fn sorts_both_ways_keeping_ties_in_file_order() {
        let report = report();
        let index = CustomerIndex::new(&report);
        let mut q = TableQuery::default();
        // Revenue: a 35, b 10, c 30, =d 1; descending.
        assert_eq!(ids(&index.page(&report, &q)), ["a@x", "c@x", "b@x", "=d"]);
        q.descending = false;
        assert_eq!(ids(&index.page(&report, &q)), ["=d", "b@x", "c@x", "a@x"]);
        // Orders: a 2, the rest 1 (ties in file order b, c, =d either way).
        q.sort = Column::Orders;
        assert_eq!(ids(&index.page(&report, &q)), ["b@x", "c@x", "=d", "a@x"]);
        q.descending = true;
        assert_eq!(ids(&index.page(&report, &q)), ["a@x", "b@x", "c@x", "=d"]);
    }

    #[test]
    fn windows_search_and_filters() {
        let report = report();
        let index = CustomerIndex::new(&report);
        let q = TableQuery {
            offset: 1,
            limit: 2,
            ..TableQuery::default()
        };
        let page = index.page(&report, &q);
        assert_eq!((page.total, page.offset), (4, 1));
        assert_eq!(ids(&page), ["c@x", "b@x"]);
        let q = TableQuery {
            search: " A@ ".into(),
            ..TableQuery::default()
        };
        assert_eq!(ids(&index.page(&report, &q)), ["a@x"]);
        let a = &index.page(&report, &q).rows[0];
        let q = TableQuery {
            filter: Filter::Cell(a.customer.r_score, a.customer.f_score),
            ..TableQuery::default()
        };
        assert!(ids(&index.page(&report, &q)).contains(&"a@x"));
        let q = TableQuery {
            filter: Filter::Segment("no such segment".into()),
            ..TableQuery::default()
        };
        assert_eq!(index.page(&report, &q).total, 0);
        // A whole RFM cell, and the segments whose shown name matched, are found too.
        let cell = a.customer.rfm_cell.clone();
        let q = TableQuery {
            search: cell.clone(),
            ..TableQuery::default()
        };
        let found = index.page(&report, &q);
        assert!(found.total >= 1);
        assert!(found.rows.iter().all(|r| r.customer.rfm_cell == cell));
        let q = TableQuery {
            filter: Filter::Rfm(cell.clone()),
            ..TableQuery::default()
        };
        assert_eq!(index.page(&report, &q).total, found.total);
        let q = TableQuery {
            search: "čemp".into(),
            segments: vec![a.customer.segment.clone()],
            ..TableQuery::default()
        };
        let found = index.page(&report, &q);
        assert!(found.total >= 1);
        assert!(found
            .rows
            .iter()
            .all(|r| r.customer.segment == a.customer.segment));
        let past_the_end = TableQuery {
            offset: 99,
            ..TableQuery::default()
        };
        assert_eq!(index.page(&report, &past_the_end).rows.len(), 0);
    }

    #[test]
    fn csv_has_every_matching_row_and_is_formula_safe() {
        let report = report();
        let index = CustomerIndex::new(&report);
        let q = TableQuery {
            limit: 1,
            ..TableQuery::default()
        };
        let csv = index.csv(
            &report,
            &q,
            &[Column::Customer, Column::Revenue, Column::Orders],
        );
        assert_eq!(csv.name, "customers.csv");
        assert_eq!(
            csv.text,
            "customer_id,revenue,orders\r\na@x,35,2\r\nc@x,30,1\r\nb@x,10,1\r\n'=d,1,1\r\n"
        );
    }

    #[test]
    fn grid_and_bins_count_everyone() {
        let report = report();
        let grid = rf_grid(&report);
        let customers: u64 = grid.iter().flatten().map(|c| c.0).sum();
        let revenue: f64 = grid.iter().flatten().map(|c| c.1).sum();
        assert_eq!(customers, 4);
        assert_eq!(revenue, 76.0);
        let bins = p_alive_bins(&report);
        assert_eq!(bins.len(), 10);
        assert!(bins.iter().sum::<u64>() <= 4);
    }
}
