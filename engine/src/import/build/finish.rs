//! The end of reading: the day/month order decided from the whole column, dates resolved,
//! extra columns checked, and the warnings the user should see.

use super::{Builder, NO_VALUE};
use crate::import::dates::parse_date;
use crate::import::dates::DateOrder;
use crate::import::numbers::parse_amount;
use crate::import::skip_reason::SkipReason;
use crate::import::summary_input::SummaryRow;
use crate::order::{AttributeColumn, OrderLog, ProductColumn, Return};
use crate::rows::{RowCounts, SkippedRow};
use crate::warning::Warning;
use chrono::{Datelike, NaiveDate};

impl Builder {
    /// Ends reading: decides the date order, resolves dates, and collects the warnings.
    pub fn finish(self, date_order: DateOrder, chosen: bool, today: Option<NaiveDate>) -> Finished {
        let mut warnings = Vec::new();
        let mut rows = self.rows;
        let mut skipped = self.skipped;
        let evidence = self.dates;
        let order = if chosen {
            date_order
        } else {
            evidence.decided().unwrap_or(date_order)
        };
        if evidence.either > 0 && !chosen && evidence.decided().is_none() {
            warnings.push(Warning::AmbiguousDateOrder { read_as: order });
        }
        if evidence.day_first > 0 && evidence.month_first > 0 {
            warnings.push(Warning::MixedDateOrders {
                day_first: evidence.day_first,
                month_first: evidence.month_first,
                read_as: order,
            });
        }
        let mut contacts = self.contacts;
        if !contacts.is_empty() || self.contact_cols.is_some() {
            contacts.resize_with(self.customers.len(), Default::default);
        }
        let mut log = OrderLog {
            customers: self.customers,
            contacts,
            ..OrderLog::default()
        };
        // Orders left out here, in order (nearly always none): their extra-column values go too.
        let mut dropped = Vec::new();
        let mut orders = self.orders;
        let read = orders.len();
        let lines = self.lines;
        let refunds = self.refunds;
        let mut undecided = self.undecided.into_iter().peekable();
        let mut at = 0;
        orders.retain_mut(|o| {
            let i = at;
            at += 1;
            if let Some(&refunded) = refunds.get(i) {
                if refunded != 0.0 {
                    o.amount -= refunded;
                }
            }
            if undecided.next_if(|&k| k as usize == i).is_none() {
                return true;
            }
            // The date was read month-first.
            let date = match order {
                _ if o.date == NaiveDate::MIN => None,
                DateOrder::MonthFirst => Some(o.date),
                DateOrder::DayFirst => {
                    NaiveDate::from_ymd_opt(o.date.year(), o.date.day(), o.date.month())
                }
            };
            let Some(date) = date else {
                dropped.push(i);
                rows.imported -= 1;
                rows.skipped += 1;
                let line = lines.get(i).unwrap_or_default();
                skipped.push(SkippedRow::new(line, None, SkipReason::NotARealDay));
                return false;
            };
            o.date = date;
            true
        });
        // The tables were sized from an estimate of the file's orders: what is left over goes
        // (in place; nothing is copied).
        orders.shrink_to_fit();
        log.orders = orders;
        log.lines = lines;
        log.lines.drop_orders(&dropped);
        // The ids and quantities of the orders left out go with them.
        log.order_ids = self.order_ids;
        log.order_ids.drop_orders(&dropped);
        log.quantities = self.quantities;
        crate::order::drop_at(&mut log.quantities, &dropped);
        for (customer, date, amount, line) in self.returns {
            if let Some(date) = date.resolve(order) {
                log.returns.push(Return {
                    customer,
                    date,
                    amount,
                    line,
                });
            }
        }
        for s in self
            .segments
            .into_iter()
            .filter(|s| !s.dropped && !s.values.is_empty())
        {
            let all_numbers = s
                .values
                .iter()
                .all(|v| parse_amount(v).is_some() || parse_date(v).is_some());
            if all_numbers {
                continue; // amounts, ids and timestamps are no segments
            }
            // In place: the values of the orders left out go, the others move up.
            let mut per_order = s.per_order;
            per_order.resize(read, NO_VALUE);
            crate::order::drop_at(&mut per_order, &dropped);
            log.attributes.push(AttributeColumn {
                name: s.name,
                values: s.values,
                per_order,
            });
        }
        if let Some(p) = self.product {
            // Orders left out here go, and the orders after them move up.
            let mut new_index = vec![u32::MAX; read];
            let mut next_dropped = dropped.iter().copied().peekable();
            let mut next = 0u32;
            for (i, slot) in new_index.iter_mut().enumerate() {
                if next_dropped.next_if_eq(&i).is_none() {
                    *slot = next;
                    next += 1;
                }
            }
            let mut items = p.items;
            items.retain_mut(|(order, _)| match new_index.get(*order as usize) {
                Some(&at) if at != u32::MAX => {
                    *order = at;
                    true
                }
                _ => false,
            });
            log.products = Some(ProductColumn::from_items(
                p.name,
                p.values,
                log.orders.len(),
                items,
            ));
        }
        skipped.sort_by_key(|s| s.line);
        let unlisted = rows.skipped.saturating_sub(skipped.len() as u64);
        if unlisted > 0 {
            warnings.push(Warning::SkippedRowsNotListed {
                skipped: rows.skipped,
                listed: skipped.len() as u64,
            });
        }
        if !log.returns.is_empty() {
            warnings.push(Warning::NegativeAmountsAsReturns {
                count: log.returns.len() as u64,
            });
        }
        let left_out: u64 = self.left_out_counts.values().sum();
        if left_out > 0 {
            warnings.push(Warning::OrdersLeftOut {
                count: left_out,
                by_reason: self.left_out_counts.into_iter().collect(),
            });
        }
        if self.partly_refunded > 0 {
            warnings.push(Warning::PartialRefunds {
                count: self.partly_refunded,
            });
        }
        if self.extra_rows > 0 {
            warnings.push(Warning::ExtraFields {
                rows: self.extra_rows,
                lines: self.extra_lines,
                columns: self.width,
                dropped: self.extra_dropped,
            });
        }
        if self.conflicting_ids > 0 {
            warnings.push(Warning::DuplicateOrderIds {
                count: self.conflicting_ids,
                example: self.conflict_example.unwrap_or_default(),
            });
        }
        if self.currencies.len() > 1 {
            warnings.push(Warning::MixedCurrencies {
                currencies: self.currencies,
            });
        }
        if let Some(today) = today {
            let future = log.orders.iter().filter(|o| o.date > today).count();
            if future > 0 {
                warnings.push(Warning::FutureDates {
                    count: future as u64,
                    today,
                });
            }
        }
        if self.amount.evidence.ambiguous > 0 {
            let decided = self.amount.evidence.decided();
            if decided.is_none() || decided != Some(self.amount.separator) {
                warnings.push(Warning::AmbiguousDecimalSeparator {
                    count: self.amount.evidence.ambiguous,
                    separator: self.amount.separator,
                });
            }
        }
        Finished {
            log,
            rows,
            skipped,
            warnings,
            date_order: (evidence.either + evidence.day_first + evidence.month_first > 0)
                .then_some(order),
            summary: self.map.is_summary().then_some(self.summary),
        }
    }
}

/// What [`Builder::finish`] hands back.
pub(crate) struct Finished {
    /// Counted orders and returns.
    pub log: OrderLog,
    /// Row accounting.
    pub rows: RowCounts,
    /// Skipped rows, by line.
    pub skipped: Vec<SkippedRow>,
    /// Warnings.
    pub warnings: Vec<Warning>,
    /// The day/month order used, when the file has dates where it matters.
    pub date_order: Option<DateOrder>,
    /// Rows of a per-customer summary file.
    pub summary: Option<Vec<SummaryRow>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::build::NumberColumn;
    use crate::import::columns::ColumnMap;
    use crate::import::split::{Delimiter, Fields};

    /// A builder fed `rows` (comma-separated, from line 2) under `headers`, the roles detected,
    /// with its second order's date made one that cannot resolve, so `finish` leaves it out at
    /// the end (no file makes such a date; it stands for any that does not resolve).
    fn with_second_order_unresolved(headers: &[&str], rows: &[&str]) -> Builder {
        let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
        let map = ColumnMap::detect(&headers, &[]);
        let number = NumberColumn::default();
        let mut builder = Builder::new(map, headers, number, number, number);
        let mut fields = Fields::default();
        for (line, row) in rows.iter().enumerate() {
            fields.split(row, Delimiter::Byte(b','));
            builder.row_of_customer(line as u64 + 2, &fields, None);
        }
        // Read month-first, 31 January, which has no day-first reading.
        builder.undecided.push(1);
        builder.orders[1].date = NaiveDate::from_ymd_opt(2024, 1, 31).unwrap();
        builder
    }

    #[test]
    fn an_order_left_out_at_the_end_takes_its_segment_value_with_it() {
        let builder = with_second_order_unresolved(
            &["customer", "date", "amount", "channel"],
            &[
                "a,2024-01-01,1,web",
                "b,2024-01-02,2,pos",
                "c,2024-01-03,3,app",
            ],
        );
        let finished = builder.finish(DateOrder::DayFirst, false, None);
        assert_eq!(finished.log.orders.len(), 2);
        assert_eq!((finished.rows.imported, finished.rows.skipped), (2, 1));
        let channel = &finished.log.attributes[0];
        let kept: Vec<&str> = (0..channel.per_order.len())
            .map(|order| {
                channel
                    .value_of(order)
                    .map_or("", |c| channel.values[c as usize].as_str())
            })
            .collect();
        assert_eq!(kept, ["web", "app"]);
    }

    #[test]
    fn every_line_item_adds_its_product_to_its_order() {
        // Order 2 is left out at the end: its product goes and the orders after it move up.
        let builder = with_second_order_unresolved(
            &["order_id", "customer", "date", "amount", "product"],
            &[
                "1,a,2024-01-01,10,Beans",
                "1,,,,Grinder",
                "2,b,2024-01-02,5,Beans",
                "3,c,2024-01-03,3,",
                "1,,,,Beans",
                "4,a,2024-01-04,7,Filters",
            ],
        );
        let finished = builder.finish(DateOrder::DayFirst, false, None);
        let products = finished.log.products.expect("a product column");
        assert_eq!(products.name, "product");
        let names = |order: usize| -> Vec<&str> {
            products
                .of(order)
                .iter()
                .map(|&c| products.values[c as usize].as_str())
                .collect()
        };
        assert_eq!(finished.log.orders.len(), 3);
        assert_eq!(names(0), ["Beans", "Grinder"]);
        assert_eq!(names(1), [] as [&str; 0]);
        assert_eq!(names(2), ["Filters"]);
    }
}
