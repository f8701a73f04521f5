//! The first customers of the report, sortable by any column.

use std::cmp::Ordering;

use clv_engine::CustomerRow;
use leptos::prelude::*;

use crate::format::{count, date, money};
use crate::i18n::{t, t_count};
use crate::state::AppState;

/// How many rows the table shows.
const SHOWN_ROWS: usize = 50;

/// A column the table can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// Customer key, alphabetically.
    Customer,
    /// Number of orders.
    Orders,
    /// Revenue.
    Revenue,
    /// First order date.
    FirstOrder,
    /// Last order date.
    LastOrder,
}

impl SortKey {
    fn compare(self, a: &CustomerRow, b: &CustomerRow) -> Ordering {
        match self {
            SortKey::Customer => a.customer_id.cmp(&b.customer_id),
            SortKey::Orders => a.orders.cmp(&b.orders),
            SortKey::Revenue => a.revenue.total_cmp(&b.revenue),
            SortKey::FirstOrder => a.first_order.cmp(&b.first_order),
            SortKey::LastOrder => a.last_order.cmp(&b.last_order),
        }
    }
}

/// Indices of the first `limit` customers in the chosen order (ties keep file order).
pub fn sorted_rows(
    customers: &[CustomerRow],
    key: SortKey,
    descending: bool,
    limit: usize,
) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..customers.len()).collect();
    idx.sort_by(|&a, &b| {
        let o = key.compare(&customers[a], &customers[b]);
        if descending {
            o.reverse()
        } else {
            o
        }
    });
    idx.truncate(limit);
    idx
}

/// The table of customers.
#[component]
pub fn CustomerTable() -> impl IntoView {
    let state = expect_context::<AppState>();
    let sort = RwSignal::new((SortKey::Revenue, true));
    let rows = Memo::new(move |_| {
        let (key, descending) = sort.get();
        state.report.with(|r| {
            r.as_ref()
                .map(|r| {
                    sorted_rows(&r.customers, key, descending, SHOWN_ROWS)
                        .into_iter()
                        .map(|i| r.customers[i].clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let total = move || {
        state
            .report
            .with(|r| r.as_ref().map_or(0, |r| r.customers.len()))
    };
    let header = move |key: SortKey, label: fn() -> String| {
        let aria = move || match sort.get() {
            (k, true) if k == key => "descending",
            (k, false) if k == key => "ascending",
            _ => "none",
        };
        view! {
            <th aria-sort=aria>
                <button
                    type="button"
                    class="sort"
                    on:click=move |_| {
                        sort.update(|(k, desc)| {
                            if *k == key {
                                *desc = !*desc;
                            } else {
                                *k = key;
                                *desc = key != SortKey::Customer;
                            }
                        })
                    }
                >
                    {label}
                </button>
            </th>
        }
    };
    view! {
        <section class="panel" aria-labelledby="customers-title">
            <h2 id="customers-title">{move || t("table.title")}</h2>
            <p class="caption">
                {move || {
                    t_count(
                        "table.caption",
                        total() as f64,
                        &[("shown", &count(SHOWN_ROWS.min(total()) as u64))],
                    )
                }}
            </p>
            <div class="table-scroll">
                <table data-testid="customer-table">
                    <thead>
                        <tr>
                            {header(SortKey::Customer, || t("table.customer"))}
                            {header(SortKey::Orders, || t("table.orders"))}
                            {header(SortKey::Revenue, || t("table.revenue"))}
                            {header(SortKey::FirstOrder, || t("table.first_order"))}
                            {header(SortKey::LastOrder, || t("table.last_order"))}
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            rows.get()
                                .into_iter()
                                .map(|c| {
                                    view! {
                                        <tr>
                                            <td>{c.customer_id}</td>
                                            <td class="num">{count(c.orders as u64)}</td>
                                            <td class="num">{money(c.revenue)}</td>
                                            <td>{date(c.first_order)}</td>
                                            <td>{date(c.last_order)}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn customer(id: &str, orders: u32, revenue: f64) -> CustomerRow {
        let d = "2024-01-01".parse().unwrap();
        CustomerRow {
            customer_id: id.into(),
            orders,
            revenue,
            aov: revenue / orders as f64,
            first_order: d,
            last_order: d,
            tenure_days: 0,
            annual_spend: revenue,
            frequency: 0,
            recency: 0.0,
            t: 0.0,
            monetary_value: 0.0,
            days_since_last_order: 0,
            r_score: 1,
            f_score: 1,
            m_score: 1,
            rfm_cell: "111".into(),
            rfm_score: 3,
            segment: "Other".into(),
        }
    }

    #[test]
    fn sorts_by_revenue_descending_and_truncates() {
        let c = [
            customer("a", 1, 5.0),
            customer("b", 3, 50.0),
            customer("c", 2, 20.0),
        ];
        assert_eq!(sorted_rows(&c, SortKey::Revenue, true, 2), vec![1, 2]);
        assert_eq!(sorted_rows(&c, SortKey::Orders, false, 10), vec![0, 2, 1]);
        assert_eq!(sorted_rows(&c, SortKey::Customer, true, 10), vec![2, 1, 0]);
    }

    #[test]
    fn ties_keep_file_order() {
        let c = [customer("x", 1, 5.0), customer("y", 1, 5.0)];
        assert_eq!(sorted_rows(&c, SortKey::Revenue, true, 10), vec![0, 1]);
    }
}
