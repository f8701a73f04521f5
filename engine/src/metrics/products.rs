//! Products that bring customers back: customers grouped by the product(s) of their **first**
//! order, and for each group how many came back, how soon, what they were worth in their first
//! twelve months and what their second order most often held (PRODUCT.md, "Segments by any
//! column": product group; docs/report.md, `first_products`).
//!
//! An order can hold several products (one row per line item, merged by order id; the import
//! keeps every line's product in [`crate::order::ProductColumn`]). A customer whose first order
//! holds several products counts once in the group of each of them, so the groups overlap and
//! their customers can add up to more than the shop's. A customer whose first order names no
//! product is in no group (counted apart). Only the [`TOP_FIRST_PRODUCTS`] products with the
//! most customers get a row of their own; the others are folded into one "other products" row
//! (a customer counted there once), so the output stays bounded whatever the catalogue's size.

use super::customers::{ratio, CustomerAgg, Entry};
use super::quantile::quantile;
use crate::order::OrderLog;
use chrono::{Months, NaiveDate};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// Products with a row of their own, at most; the rest are folded into [`FirstProducts::other`].
pub const TOP_FIRST_PRODUCTS: usize = 20;

/// Months from the first order over which the early CLV is counted.
pub const CLV_MONTHS: u32 = 12;

/// Name of the row that folds the products beyond the top ones.
pub const OTHER_PRODUCTS: &str = "(other products)";

/// How a customer's first product is chosen, as the report says it.
pub const ASSIGNED_BY: &str = "each_product_of_first_order";

/// Customers by the product(s) of their first order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FirstProducts {
    /// Header of the product column.
    pub column: String,
    /// Always [`ASSIGNED_BY`]: a customer is in the group of each product of their first order.
    pub assigned_by: String,
    /// Customers whose first order names at least one product.
    pub customers: u64,
    /// Customers whose first order names no product (empty cells): in no group.
    pub customers_without_product: u64,
    /// Distinct products found in first orders.
    pub distinct_products: u64,
    /// Months from the first order over which `twelve_month_clv` is counted: [`CLV_MONTHS`].
    pub clv_months: u32,
    /// Of `customers`, those whose first order is at least `clv_months` before the analysis
    /// date: the ones the early CLV is counted over.
    pub customers_with_clv_history: u64,
    /// One row per product, most customers first (then by name), at most
    /// [`TOP_FIRST_PRODUCTS`].
    pub products: Vec<FirstProductRow>,
    /// The other products folded into one row, when there are more than the top ones.
    pub other: Option<FirstProductRow>,
}

/// One group: the customers whose first order holds the product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FirstProductRow {
    /// The product as written in the file; [`OTHER_PRODUCTS`] for the folded row.
    pub product: String,
    /// Products in the row: 1, or how many were folded into the other row.
    pub products: u64,
    /// Customers whose first order holds the product (one of the products, for the folded row).
    pub customers: u64,
    /// Of them, customers with 2 or more counted orders.
    pub repeat_customers: u64,
    /// repeat_customers / customers (0..1).
    pub repeat_rate: f64,
    /// Median days from the first order to the second (0 for a second order on the same day),
    /// over the repeat customers; `None` when there are none.
    pub median_days_to_second_order: Option<f64>,
    /// Customers with at least `clv_months` of history (first order that long before the
    /// analysis date).
    pub clv_customers: u64,
    /// Mean revenue in the first `clv_months` after the first order (orders dated before the
    /// first order's date plus `clv_months` calendar months, less returns dated in that window),
    /// × margin when a margin is given, over the `clv_customers`; `None` when there are none.
    pub twelve_month_clv: Option<f64>,
    /// The product the second orders of these customers most often hold (then by name);
    /// `None` when no second order names a product.
    pub second_order_product: Option<String>,
    /// Share of the repeat customers whose second order holds that product (0..1).
    pub second_order_product_share: Option<f64>,
}

/// What is summed for one row while the customers are read.
#[derive(Default)]
struct Sums {
    customers: u64,
    repeat: u64,
    days_to_second: Vec<f64>,
    clv_customers: u64,
    clv_sum: f64,
    second_products: FxHashMap<u32, u64>,
}

/// Each customer's net revenue in the [`CLV_MONTHS`] months from its first order, for the
/// customers with that much history: filled a customer at a time ([`EarlyRevenue::add`]) during
/// a visit of the grouped orders another table makes anyway, then read by [`first_products`].
pub(crate) struct EarlyRevenue {
    analysis_date: NaiveDate,
    /// By customer index: the first order's date, the end of the months and the revenue.
    slots: Vec<Option<(NaiveDate, NaiveDate, f64)>>,
}

impl EarlyRevenue {
    /// Room for every customer of `log`; `None` when the file has no product column (nothing
    /// reads it).
    pub fn new(log: &OrderLog, analysis_date: NaiveDate) -> Option<EarlyRevenue> {
        log.products.as_ref().map(|_| EarlyRevenue {
            analysis_date,
            slots: vec![None; log.customers.len()],
        })
    }

    /// Counts a customer's orders (sorted by date) within its first months, when the analysis
    /// date is past them.
    pub fn add(&mut self, agg: &CustomerAgg, orders: &[Entry]) {
        let Some(end) = agg
            .first
            .checked_add_months(Months::new(CLV_MONTHS))
            .filter(|end| *end <= self.analysis_date)
        else {
            return;
        };
        let revenue = orders
            .iter()
            .take_while(|o| o.date < end)
            .map(|o| o.amount)
            .sum();
        if let Some(slot) = self.slots.get_mut(agg.customer as usize) {
            *slot = Some((agg.first, end, revenue));
        }
    }
}

/// Customers by the products of their first order, with the top [`TOP_FIRST_PRODUCTS`]
/// products in rows of their own; `None` when the file has no product column.
pub(crate) fn first_products(
    log: &OrderLog,
    early: Option<EarlyRevenue>,
    aggs: &[CustomerAgg],
    analysis_date: NaiveDate,
    margin: Option<f64>,
) -> Option<FirstProducts> {
    first_products_top(log, early, aggs, analysis_date, margin, TOP_FIRST_PRODUCTS)
}

/// Per customer, the index of its second counted order in date order (file order on a tie, as
/// [`Grouped`] sorts them), in one pass over the orders.
fn second_orders(log: &OrderLog, analysis_date: NaiveDate) -> Vec<Option<u32>> {
    type Dated = (NaiveDate, u32);
    let mut firsts: Vec<(Dated, Option<Dated>)> =
        vec![((NaiveDate::MAX, 0), None); log.customers.len()];
    for (i, o) in log.orders.iter().enumerate() {
        if o.date > analysis_date {
            continue;
        }
        let Some((first, second)) = firsts.get_mut(o.customer as usize) else {
            continue;
        };
        let this = (o.date, i as u32);
        if this.0 < first.0 {
            *second = (first.0 != NaiveDate::MAX).then_some(*first);
            *first = this;
        } else if second.is_none_or(|(date, _)| this.0 < date) {
            *second = Some(this);
        }
    }
    firsts
        .into_iter()
        .map(|(_, second)| second.map(|(_, i)| i))
        .collect()
}

/// [`first_products`] with `top` rows of their own.
fn first_products_top(
    log: &OrderLog,
    early: Option<EarlyRevenue>,
    aggs: &[CustomerAgg],
    analysis_date: NaiveDate,
    margin: Option<f64>,
    top: usize,
) -> Option<FirstProducts> {
    let products = log.products.as_ref()?;
    let second_orders = second_orders(log, analysis_date);
    let names = &products.values;
    // Customers per first product, for the ranking.
    let mut count = vec![0u64; names.len()];
    let mut without = 0u64;
    for agg in aggs {
        let first = products.of(agg.first_order_index as usize);
        if first.is_empty() {
            without += 1;
        }
        for &code in first {
            if let Some(n) = count.get_mut(code as usize) {
                *n += 1;
            }
        }
    }
    let mut ranked: Vec<usize> = (0..names.len()).filter(|&c| count[c] > 0).collect();
    ranked.sort_by(|&a, &b| {
        count[b]
            .cmp(&count[a])
            .then_with(|| names[a].cmp(&names[b]))
    });
    let own = ranked.len().min(top);
    let folded = ranked.len() - own;
    // slot = row index, or `own` for the other row
    let mut slot_of = vec![own; names.len()];
    for (slot, &code) in ranked.iter().take(own).enumerate() {
        slot_of[code] = slot;
    }
    let mut sums: Vec<Sums> = (0..own + usize::from(folded > 0))
        .map(|_| Sums::default())
        .collect();
    // Revenue in the first months of the customers with that much history, by customer index.
    let mut early = early?.slots;
    for r in &log.returns {
        if let Some(Some((first, end, revenue))) = early.get_mut(r.customer as usize) {
            if r.date >= *first && r.date < *end {
                *revenue -= r.amount;
            }
        }
    }
    let mut with_history = 0u64;
    let mut slots = Vec::new();
    for agg in aggs {
        slots.clear();
        slots.extend(
            products
                .of(agg.first_order_index as usize)
                .iter()
                .filter_map(|&code| slot_of.get(code as usize).copied()),
        );
        if slots.is_empty() {
            continue;
        }
        slots.sort_unstable();
        slots.dedup();
        let second = second_orders
            .get(agg.customer as usize)
            .copied()
            .flatten()
            .and_then(|at| Some((at, log.orders.get(at as usize)?.date)));
        let clv = early
            .get(agg.customer as usize)
            .copied()
            .flatten()
            .map(|(_, _, revenue)| revenue * margin.unwrap_or(1.0));
        with_history += u64::from(clv.is_some());
        for &slot in &slots {
            let Some(s) = sums.get_mut(slot) else {
                continue;
            };
            s.customers += 1;
            if let Some((second_order, second_date)) = second {
                s.repeat += 1;
                s.days_to_second
                    .push(crate::time_unit::days_between(agg.first, second_date) as f64);
                for &code in products.of(second_order as usize) {
                    *s.second_products.entry(code).or_default() += 1;
                }
            }
            if let Some(clv) = clv {
                s.clv_customers += 1;
                s.clv_sum += clv;
            }
        }
    }
    let row = |s: &mut Sums, product: String, products: u64| {
        let second = s
            .second_products
            .iter()
            .max_by(|(a, n), (b, m)| {
                n.cmp(m)
                    .then_with(|| names[**b as usize].cmp(&names[**a as usize]))
            })
            .map(|(&code, &n)| (names[code as usize].clone(), n));
        FirstProductRow {
            product,
            products,
            customers: s.customers,
            repeat_customers: s.repeat,
            repeat_rate: ratio(s.repeat as f64, s.customers as f64),
            median_days_to_second_order: (!s.days_to_second.is_empty())
                .then(|| quantile(&mut s.days_to_second, 0.5)),
            clv_customers: s.clv_customers,
            twelve_month_clv: (s.clv_customers > 0)
                .then(|| ratio(s.clv_sum, s.clv_customers as f64)),
            second_order_product_share: second
                .as_ref()
                .map(|(_, n)| ratio(*n as f64, s.repeat as f64)),
            second_order_product: second.map(|(name, _)| name),
        }
    };
    let rows: Vec<FirstProductRow> = ranked
        .iter()
        .take(own)
        .zip(sums.iter_mut())
        .map(|(&code, s)| row(s, names[code].clone(), 1))
        .collect();
    let other = (folded > 0)
        .then(|| sums.get_mut(own))
        .flatten()
        .map(|s| row(s, OTHER_PRODUCTS.to_string(), folded as u64));
    Some(FirstProducts {
        column: products.name.clone(),
        assigned_by: ASSIGNED_BY.to_string(),
        customers: aggs.len() as u64 - without,
        customers_without_product: without,
        distinct_products: ranked.len() as u64,
        clv_months: CLV_MONTHS,
        customers_with_clv_history: with_history,
        products: rows,
        other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::customers::{aggregate, Grouped};
    use crate::metrics::test_fixtures::{date, log};
    use crate::order::ProductColumn;

    /// Beans 0, Grinder 1, Filters 2, Mugs 3.
    fn shop() -> OrderLog {
        let mut shop = log(
            &[
                ("a", "2024-01-01", 100.0), // 0: Beans, Grinder
                ("a", "2024-01-11", 50.0),  // 1: Filters
                ("a", "2024-06-01", 30.0),  // 2: Beans
                ("b", "2024-02-01", 40.0),  // 3: Beans
                ("b", "2024-02-21", 20.0),  // 4: Beans, Filters
                ("c", "2024-03-01", 60.0),  // 5: Grinder
                ("d", "2024-12-01", 25.0),  // 6: Beans
                ("d", "2024-12-05", 25.0),  // 7: Mugs
                ("e", "2024-05-01", 10.0),  // 8: no product
                ("a", "2025-02-01", 80.0),  // 9: Mugs, after a's first 12 months
            ],
            &[("b", "2024-03-01", 15.0), ("c", "2025-03-01", 5.0)],
        );
        let items = vec![
            (0, 0),
            (0, 1),
            (1, 2),
            (2, 0),
            (3, 0),
            (4, 0),
            (4, 2),
            (5, 1),
            (6, 0),
            (7, 3),
            (9, 3),
        ];
        let names = ["Beans", "Grinder", "Filters", "Mugs"].map(String::from);
        shop.products = Some(ProductColumn::from_items(
            "Lineitem name".into(),
            names.to_vec(),
            shop.orders.len(),
            items,
        ));
        shop
    }

    /// The early revenue of `aggs`, filled by a visit of the orders as the report's does.
    fn early_revenue(
        shop: &OrderLog,
        aggs: &[CustomerAgg],
        today: NaiveDate,
    ) -> Option<EarlyRevenue> {
        let mut early = EarlyRevenue::new(shop, today);
        if let Some(early) = &mut early {
            Grouped::new(shop, today).visit_aggs(aggs, |agg, orders| early.add(agg, orders));
        }
        early
    }

    fn run(top: usize) -> FirstProducts {
        let shop = shop();
        let today = date("2025-03-01");
        let (aggs, _) = aggregate(&shop, &mut Grouped::new(&shop, today), today);
        let early = early_revenue(&shop, &aggs, today);
        first_products_top(&shop, early, &aggs, today, Some(0.5), top).expect("products")
    }

    #[test]
    fn groups_by_each_product_of_the_first_order() {
        let p = run(TOP_FIRST_PRODUCTS);
        assert_eq!(p.column, "Lineitem name");
        // a (Beans + Grinder), b, c, d have a first product; e's first order names none.
        assert_eq!((p.customers, p.customers_without_product), (4, 1));
        assert_eq!(p.distinct_products, 2);
        // a (2024-01-01), b (2024-02-01), c (2024-03-01) have 12 months before 2025-03-01; d not.
        assert_eq!(p.customers_with_clv_history, 3);
        assert_eq!(p.other, None);
        let beans = &p.products[0];
        assert_eq!(beans.product, "Beans");
        // a, b, d; all three came back after 10, 20 and 4 days → median 10
        assert_eq!((beans.customers, beans.repeat_customers), (3, 3));
        assert_eq!(beans.repeat_rate, 1.0);
        assert_eq!(beans.median_days_to_second_order, Some(10.0));
        // a: 100 + 50 + 30 (the 80 of 2025-02-01 is after 2025-01-01) = 180 × 0.5 = 90
        // b: 40 + 20 − the return of 15 = 45 × 0.5 = 22.5; d has less than 12 months
        assert_eq!(beans.clv_customers, 2);
        assert_eq!(beans.twelve_month_clv, Some(56.25));
        // second orders: a Filters, b Beans + Filters, d Mugs → Filters, 2 of 3
        assert_eq!(beans.second_order_product.as_deref(), Some("Filters"));
        assert_eq!(beans.second_order_product_share, Some(2.0 / 3.0));
        let grinder = &p.products[1];
        assert_eq!(grinder.product, "Grinder");
        // a and c; only a came back (10 days, Filters)
        assert_eq!((grinder.customers, grinder.repeat_customers), (2, 1));
        assert_eq!(grinder.repeat_rate, 0.5);
        assert_eq!(grinder.median_days_to_second_order, Some(10.0));
        // a 90; c 60 × 0.5 = 30 (its return of 2025-03-01 is after 2025-03-01 − its window)
        assert_eq!(grinder.twelve_month_clv, Some(60.0));
        assert_eq!(grinder.second_order_product.as_deref(), Some("Filters"));
        assert_eq!(grinder.second_order_product_share, Some(1.0));
    }

    #[test]
    fn products_beyond_the_top_are_folded_into_one_row() {
        let p = run(1);
        assert_eq!(p.products.len(), 1);
        assert_eq!(p.products[0].product, "Beans");
        let other = p.other.expect("an other row");
        assert_eq!(
            (other.product.as_str(), other.products),
            (OTHER_PRODUCTS, 1)
        );
        assert_eq!((other.customers, other.repeat_customers), (2, 1));
        assert_eq!(other.twelve_month_clv, Some(60.0));
    }

    #[test]
    fn a_tie_names_the_first_product_by_name_and_no_column_gives_none() {
        let mut shop = shop();
        let today = date("2025-03-01");
        let (aggs, _) = aggregate(&shop, &mut Grouped::new(&shop, today), today);
        // d alone: the second order holds Mugs; give it Filters too → a tie, Filters first
        if let Some(p) = shop.products.as_mut() {
            *p = ProductColumn::from_items(
                p.name.clone(),
                p.values.clone(),
                10,
                vec![(6, 0), (7, 3), (7, 2)],
            );
        }
        let early = early_revenue(&shop, &aggs, today);
        let p = first_products(&shop, early, &aggs, today, None).expect("products");
        let beans = &p.products[0];
        assert_eq!(beans.customers, 1);
        assert_eq!(beans.second_order_product.as_deref(), Some("Filters"));
        assert_eq!(beans.median_days_to_second_order, Some(4.0));
        // d's first order is 3 months before the analysis date
        assert_eq!((beans.clv_customers, beans.twelve_month_clv), (0, None));
        shop.products = None;
        let early = early_revenue(&shop, &aggs, today);
        assert!(early.is_none());
        assert_eq!(first_products(&shop, early, &aggs, today, None), None);
    }
}
