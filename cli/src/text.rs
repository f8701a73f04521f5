//! The readable `--format text` summary.

use clv_engine::Report;
use std::fmt::Write;

/// How many of the best customers the text summary lists.
const TOP_CUSTOMERS: usize = 10;

/// Renders the report as a few readable lines.
pub fn summary(r: &Report) -> String {
    let k = &r.kpis;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Rows: {} read, {} imported, {} merged into orders, {} skipped",
        r.rows.total, r.rows.imported, r.rows.merged, r.rows.skipped
    );
    let _ = writeln!(
        out,
        "Orders from {} to {} (analysis date {})",
        k.first_order_date, k.last_order_date, r.analysis_date
    );
    let _ = writeln!(out, "Customers:           {}", k.customers);
    let _ = writeln!(out, "Orders:              {}", k.orders);
    let _ = writeln!(out, "Revenue:             {:.2}", k.revenue);
    let _ = writeln!(out, "Average order value: {:.2}", k.aov);
    let mut best: Vec<_> = r.customers.iter().collect();
    best.sort_by(|a, b| b.revenue.total_cmp(&a.revenue));
    let _ = writeln!(out, "\nTop customers by revenue:");
    for c in best.iter().take(TOP_CUSTOMERS) {
        let _ = writeln!(
            out,
            "  {:<24} {:>10.2}  {} orders",
            c.customer_id, c.revenue, c.orders
        );
    }
    for w in &r.warnings {
        let _ = writeln!(out, "\nNote: {}", w.message);
    }
    for s in r.skipped_rows.iter().take(TOP_CUSTOMERS) {
        let column = s.column.as_deref().unwrap_or("-");
        let _ = writeln!(out, "Skipped line {} ({column}): {}", s.line, s.reason);
    }
    if r.skipped_rows.len() > TOP_CUSTOMERS {
        let _ = writeln!(
            out,
            "… and {} more skipped rows (see --format json).",
            r.skipped_rows.len() - TOP_CUSTOMERS
        );
    }
    out.trim_end().to_string()
}
