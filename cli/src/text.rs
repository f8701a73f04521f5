//! The readable `--format text` summary.

use clv_engine::Report;
use std::fmt::Write;

/// How many of the best customers the text summary lists.
const TOP_CUSTOMERS: usize = 10;

/// The table of customers by the products of their first order, when the file has a product
/// column.
fn first_products(out: &mut String, r: &Report) {
    let Some(p) = &r.summary.first_products else {
        return;
    };
    let basis = match r.summary.kpis.margin {
        Some(m) => format!("profit at {:.0} % margin", m * 100.0),
        None => "revenue".to_string(),
    };
    let _ = writeln!(
        out,
        "\nBy first product ({}; a customer counts once for each product of their first order):",
        p.column
    );
    let _ = writeln!(
        out,
        "  {:<20} {:>9} {:>7} {:>11} {:>17}  second order most often",
        "product",
        "customers",
        "repeat",
        "days to 2nd",
        format!("{}-month CLV (n)", p.clv_months)
    );
    for row in p.products.iter().chain(&p.other) {
        let name = if p.other.as_ref().is_some_and(|o| std::ptr::eq(o, row)) {
            format!("other ({} products)", row.products)
        } else {
            row.product.clone()
        };
        let _ = writeln!(
            out,
            "  {:<20} {:>9} {:>5.1} % {:>11} {:>17}  {}",
            name,
            row.customers,
            row.repeat_rate * 100.0,
            row.median_days_to_second_order
                .map_or("-".to_string(), |d| format!("{d}")),
            row.twelve_month_clv.map_or("-".to_string(), |v| format!(
                "{v:.2} ({})",
                row.clv_customers
            )),
            match (&row.second_order_product, row.second_order_product_share) {
                (Some(name), Some(share)) => format!("{name} ({:.1} %)", share * 100.0),
                _ => "-".to_string(),
            }
        );
    }
    let _ = writeln!(
        out,
        "  {}-month CLV ({basis}) is counted over the {} of {} customers whose first order is at \
         least {} months old.",
        p.clv_months, p.customers_with_clv_history, p.customers, p.clv_months
    );
    if p.other.is_some() {
        let _ = writeln!(
            out,
            "  The {} products with the most customers have a row each; the other {} are folded \
             into one.",
            p.products.len(),
            p.distinct_products - p.products.len() as u64
        );
    }
    if p.customers_without_product > 0 {
        let _ = writeln!(
            out,
            "  {} customers' first order names no product.",
            p.customers_without_product
        );
    }
}

/// Renders the report as a few readable lines.
pub fn summary(r: &Report) -> String {
    let k = &r.summary.kpis;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Rows: {} read, {} imported, {} merged into orders, {} skipped",
        r.summary.rows.total,
        r.summary.rows.imported,
        r.summary.rows.merged,
        r.summary.rows.skipped
    );
    let _ = writeln!(
        out,
        "Orders from {} to {} (analysis date {})",
        k.first_order_date, k.last_order_date, r.summary.analysis_date
    );
    let _ = writeln!(out, "Customers:           {}", k.customers);
    let _ = writeln!(out, "Orders:              {}", k.orders);
    let _ = writeln!(out, "Revenue:             {:.2}", k.revenue);
    let _ = writeln!(out, "Average order value: {:.2}", k.aov);
    let _ = writeln!(out, "Orders per customer: {:.2}", k.orders_per_customer);
    let _ = writeln!(
        out,
        "Average lifespan:    {:.0} days",
        k.average_lifespan_days
    );
    let _ = writeln!(out, "Historical CLV:      {:.2}", k.historical_clv);
    let _ = writeln!(
        out,
        "Repeat customers:    {} ({:.1} % of customers, {:.1} % of revenue)",
        k.repeat_customers,
        k.repeat_customer_rate * 100.0,
        k.repeat_revenue_share * 100.0
    );
    let c = &r.summary.concentration;
    let _ = writeln!(
        out,
        "Top 10 % / 20 % of customers bring {:.1} % / {:.1} % of revenue (Gini {:.2})",
        c.top10_revenue_share * 100.0,
        c.top20_revenue_share * 100.0,
        c.gini
    );
    let _ = writeln!(out, "\nRFM segments:");
    for s in r.summary.rfm.segments.iter().filter(|s| s.customers > 0) {
        let _ = writeln!(
            out,
            "  {:<20} {:>7} customers {:>5.1} %  revenue {:>12.2} ({:.1} %)",
            s.segment,
            s.customers,
            s.customer_share * 100.0,
            s.revenue,
            s.revenue_share * 100.0
        );
        let action = clv_engine::rfm::actions::action_for(&s.segment);
        let _ = writeln!(
            out,
            "      worth {:.2} ({}); {}",
            s.worth,
            worth_basis(&s.worth_basis),
            action.english_text()
        );
    }
    for t in &r.summary.segments {
        let _ = writeln!(out, "\nBy {} (value on the first order):", t.column);
        for v in t.values.iter().take(TOP_CUSTOMERS) {
            let _ = writeln!(
                out,
                "  {:<20} {:>7} customers  revenue {:>12.2}  CLV {:>9.2}{}",
                v.value,
                v.customers,
                v.revenue,
                v.historical_clv,
                v.clv_to_cac
                    .map_or(String::new(), |x| format!("  CLV:CAC {x:.2}"))
            );
        }
    }
    first_products(&mut out, r);
    let _ = writeln!(
        out,
        "\nBig orders: {}; to win back: {} one-time and {} lapsed repeat buyers",
        r.summary.big_orders.count,
        r.summary.win_back.one_time_customers,
        r.summary.win_back.lapsed_repeat_customers
    );
    let _ = writeln!(
        out,
        "  worth {:.2} ({}); {}",
        r.summary.win_back.worth,
        worth_basis(&r.summary.win_back.value_basis),
        clv_engine::rfm::actions::WIN_BACK_ACTION.english_text()
    );
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
    for w in &r.summary.warnings {
        let _ = writeln!(out, "\nNote: {w}");
    }
    for s in r.summary.skipped_rows.iter().take(TOP_CUSTOMERS) {
        let column = s.column.as_deref().unwrap_or("-");
        let _ = writeln!(out, "Skipped line {} ({column}): {}", s.line, s.reason);
    }
    if r.summary.skipped_rows.len() > TOP_CUSTOMERS {
        let _ = writeln!(
            out,
            "… and {} more skipped rows (see --format json).",
            r.summary.skipped_rows.len() - TOP_CUSTOMERS
        );
    }
    out.trim_end().to_string()
}

/// What a worth sums, in words.
fn worth_basis(basis: &str) -> &'static str {
    match basis {
        "predicted_clv" => "their predicted CLV",
        "expected_value_lost" => "expected value lost if nobody acts",
        _ => "what they spent",
    }
}
