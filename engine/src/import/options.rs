//! [`ImportOptions`]: everything about reading a file that the user can choose instead of the
//! engine guessing it.

use super::columns::{normalise, ColumnRef, Role};
use super::dates::DateOrder;
use super::numbers::DecimalSeparator;
use super::split::Delimiter;
use crate::error::{ImportError, ImportErrorKind};
use crate::limits::BROWSER_MAX_ORDERS;
use crate::time_unit::TimeUnit;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How a file is read. Everything is detected unless set. Build with [`ImportOptions::new`]
/// and the setters:
///
/// ```
/// use clv_engine::import::{DateOrder, ImportOptions};
/// let options = ImportOptions::new()
///     .delimiter(b';')
///     .encoding("windows-1251")
///     .date_order(DateOrder::DayFirst)
///     .columns("customer=Контрагент,amount=3")
///     .unwrap();
/// assert_eq!(options.column_map.len(), 2);
/// ```
///
/// Serialisable, so the page can send it to the worker and remember a mapping.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ImportOptions {
    /// Field delimiter; `None` to detect it.
    pub delimiter: Option<Delimiter>,
    /// Text encoding label (`utf-8`, `windows-1251`, `big5`…); `None` to detect it.
    pub encoding: Option<String>,
    /// Whether the file has a header row; `None` to detect it.
    pub has_header: Option<bool>,
    /// Columns named by the user, overriding detection.
    pub column_map: Vec<(Role, ColumnRef)>,
    /// Day/month order of dates like `5/3/2024`; `None` to decide from the data.
    pub date_order: Option<DateOrder>,
    /// Decimal separator of amounts; `None` to decide per column from the data.
    pub decimal_separator: Option<DecimalSeparator>,
    /// Today's date, to warn about orders dated in the future (the engine has no clock).
    pub today: Option<NaiveDate>,
    /// Refuse files larger than this many bytes up front (the browser sets it).
    pub max_bytes: Option<u64>,
    /// Stop with a plain message after this many data rows.
    pub max_rows: Option<u64>,
    /// Stop with a plain message (how many orders were read) when the file holds more orders
    /// than this (the browser sets it: memory follows the orders kept, not the file's bytes).
    pub max_orders: Option<u64>,
    /// Time unit of `recency` and `T` in a per-customer summary file.
    pub summary_time_unit: TimeUnit,
    /// End of the period of a per-customer summary file (the date T is counted to).
    pub summary_end_date: Option<NaiveDate>,
}

impl ImportOptions {
    /// Defaults: everything detected.
    pub fn new() -> Self {
        Self::default()
    }

    /// Limits for a browser tab: reading stops when the file holds more than
    /// [`BROWSER_MAX_ORDERS`] orders, with a plain message that says how many were read and
    /// points to the `clv` command line. A file of any size is read: a wide export (70 columns
    /// of line items) keeps only its orders. A smaller limit already set (a test's) stays; a
    /// larger one is lowered. Natively there is no limit.
    pub fn for_browser(mut self) -> Self {
        self.max_orders = Some(
            self.max_orders
                .map_or(BROWSER_MAX_ORDERS, |n| n.min(BROWSER_MAX_ORDERS)),
        );
        self
    }

    /// Sets the field delimiter (`b','`, `b';'`, `b'\t'`, `b'|'`…).
    pub fn delimiter(mut self, delimiter: u8) -> Self {
        self.delimiter = Some(Delimiter::Byte(delimiter));
        self
    }

    /// Fields are separated by runs of spaces (like CDNOW's file).
    pub fn whitespace_delimited(mut self) -> Self {
        self.delimiter = Some(Delimiter::Whitespace);
        self
    }

    /// Sets the text encoding by label (checked when reading starts).
    pub fn encoding(mut self, label: &str) -> Self {
        self.encoding = Some(label.to_string());
        self
    }

    /// Says whether the file has a header row.
    pub fn has_header(mut self, has_header: bool) -> Self {
        self.has_header = Some(has_header);
        self
    }

    /// Gives `role` to a column.
    pub fn map(mut self, role: Role, column: ColumnRef) -> Self {
        self.column_map.push((role, column));
        self
    }

    /// Adds columns named as `role=Header,role=3,...` (see [`parse_column_map`]).
    pub fn columns(mut self, spec: &str) -> Result<Self, String> {
        self.column_map.extend(parse_column_map(spec)?);
        Ok(self)
    }

    /// Sets the day/month order of dates like `5/3/2024`.
    pub fn date_order(mut self, order: DateOrder) -> Self {
        self.date_order = Some(order);
        self
    }

    /// Sets the decimal separator of amounts.
    pub fn decimal_separator(mut self, separator: DecimalSeparator) -> Self {
        self.decimal_separator = Some(separator);
        self
    }

    /// Sets today's date (for the "dates in the future" warning).
    pub fn today(mut self, today: NaiveDate) -> Self {
        self.today = Some(today);
        self
    }

    /// Refuses files larger than `bytes` up front.
    pub fn max_bytes(mut self, bytes: u64) -> Self {
        self.max_bytes = Some(bytes);
        self
    }

    /// Stops after `rows` data rows with a plain message.
    pub fn max_rows(mut self, rows: u64) -> Self {
        self.max_rows = Some(rows);
        self
    }

    /// Stops with a plain message when the file holds more than `orders` orders.
    pub fn max_orders(mut self, orders: u64) -> Self {
        self.max_orders = Some(orders);
        self
    }

    /// Sets the time unit and end date of a per-customer summary file.
    pub fn summary_period(mut self, unit: TimeUnit, end: Option<NaiveDate>) -> Self {
        self.summary_time_unit = unit;
        self.summary_end_date = end;
        self
    }
}

/// Reads `role=Header,role=3,role=-`: a header name, a 1-based column number, or `-` for no
/// column. Roles are named as in [`Role::name`]: customer, email, date, amount, order_id,
/// quantity, status, refunded, cancelled_at, currency, channel, product, frequency, recency,
/// T, monetary_value.
pub fn parse_column_map(spec: &str) -> Result<Vec<(Role, ColumnRef)>, String> {
    spec.split(',')
        .filter(|part| !part.trim().is_empty())
        .map(|part| {
            let (role, column) = part
                .split_once('=')
                .ok_or_else(|| format!("`{part}` should look like role=Header"))?;
            let role = Role::from_name(role).ok_or_else(|| {
                format!(
                    "`{}` is not a column role; use one of {}",
                    role.trim(),
                    super::columns::ROLES.map(Role::name).join(", ")
                )
            })?;
            Ok((role, ColumnRef::parse(column)))
        })
        .collect()
}

/// Refuses a column the user named that the file does not have (a header no column has, a
/// number beyond the last column), naming it and listing the file's columns: otherwise the
/// role would silently go unused, and every row be skipped for lack of it.
pub(crate) fn check_column_map(
    column_map: &[(Role, ColumnRef)],
    headers: &[String],
) -> Result<(), ImportError> {
    for (role, column) in column_map {
        let (found, named) = match column {
            ColumnRef::Unmapped => continue,
            ColumnRef::Number(n) => ((1..=headers.len()).contains(n), n.to_string()),
            ColumnRef::Header(h) => {
                let wanted = normalise(h);
                (headers.iter().any(|x| normalise(x) == wanted), h.clone())
            }
        };
        if !found {
            return Err(ImportError::new(ImportErrorKind::UnknownColumn {
                role: *role,
                column: named,
                found: headers.to_vec(),
            }));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_map_spec() {
        assert_eq!(
            parse_column_map("customer=E-mail, date=2,status=-").unwrap(),
            vec![
                (Role::Customer, ColumnRef::Header("E-mail".into())),
                (Role::Date, ColumnRef::Number(2)),
                (Role::Status, ColumnRef::Unmapped),
            ]
        );
        assert!(parse_column_map("colour=3")
            .unwrap_err()
            .contains("not a column role"));
        assert!(parse_column_map("customer").is_err());
    }

    #[test]
    fn options_travel_as_json() {
        let options = ImportOptions::new()
            .delimiter(b';')
            .encoding("windows-1251")
            .columns("customer=2")
            .unwrap()
            .for_browser();
        let json = serde_json::to_string(&options).unwrap();
        assert_eq!(
            serde_json::from_str::<ImportOptions>(&json).unwrap(),
            options
        );
        let partial: ImportOptions =
            serde_json::from_str(r#"{"date_order":"month_first"}"#).unwrap();
        assert_eq!(partial.date_order, Some(DateOrder::MonthFirst));
    }

    #[test]
    fn a_named_column_the_file_lacks_is_refused_with_the_files_columns() {
        let headers = vec!["Kunde".to_string(), "Datum".into(), "Betrag".into()];
        let map = parse_column_map("customer=kunde,date=2,status=-").unwrap();
        assert_eq!(check_column_map(&map, &headers), Ok(()));
        for (spec, column) in [
            ("amount=Summe", "Summe"),
            ("amount=4", "4"),
            ("amount=0", "0"),
        ] {
            let err = check_column_map(&parse_column_map(spec).unwrap(), &headers).unwrap_err();
            assert_eq!(
                err.kind,
                ImportErrorKind::UnknownColumn {
                    role: Role::Amount,
                    column: column.into(),
                    found: headers.clone(),
                }
            );
        }
    }
}
