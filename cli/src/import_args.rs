//! The flags that say how a file is read, shared by the commands that read one.

use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use clv_engine::import::{parse_column_map, DateOrder, DecimalSeparator};
use clv_engine::{ImportOptions, TimeUnit};

/// How to read the file (everything is detected unless given).
#[derive(Args, Debug, Clone, Default)]
pub struct ImportArgs {
    /// Text encoding, e.g. utf-8, windows-1250, windows-1251, windows-1252, big5, gbk, utf-16le.
    #[arg(long)]
    pub encoding: Option<String>,
    /// Field delimiter: `,` `;` `|`, `tab` or `spaces`.
    #[arg(long)]
    pub delimiter: Option<String>,
    /// Columns by role, overriding detection: `role=Header,role=3,role=-` (a header, a column
    /// number, or none). Roles: customer, email, date, amount, order_id, quantity, status,
    /// refunded, cancelled_at, currency, channel, product, frequency, recency, T, monetary_value,
    /// customers.
    #[arg(long)]
    pub map: Option<String>,
    /// The file has no header row (name the columns with --map, e.g. customer=1,date=2,amount=4).
    #[arg(long)]
    pub no_header: bool,
    /// Day/month order of dates like 5/3/2024.
    #[arg(long, value_enum)]
    pub date_order: Option<DateOrderArg>,
    /// Decimal separator of amounts.
    #[arg(long, value_enum)]
    pub decimal: Option<DecimalArg>,
    /// End of the period of a per-customer summary file (YYYY-MM-DD).
    #[arg(long)]
    pub summary_end: Option<NaiveDate>,
}

/// Day/month order.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum DateOrderArg {
    /// 5/3/2024 is 5 March.
    DayFirst,
    /// 5/3/2024 is May 3.
    MonthFirst,
}

/// Decimal separator.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum DecimalArg {
    /// 1,234.56
    Dot,
    /// 1 234,56
    Comma,
}

impl ImportArgs {
    /// The engine's options for these flags.
    pub fn options(&self, unit: TimeUnit) -> Result<ImportOptions, String> {
        let mut o = ImportOptions::new().today(today());
        if let Some(label) = &self.encoding {
            o = o.encoding(label);
        }
        if let Some(d) = &self.delimiter {
            o = match d.as_str() {
                "tab" | "\\t" => o.delimiter(b'\t'),
                "spaces" | "space" | "whitespace" => o.whitespace_delimited(),
                d if d.len() == 1 && d.is_ascii() => o.delimiter(d.as_bytes()[0]),
                other => {
                    return Err(format!(
                        "`{other}` is not a delimiter; use , ; | tab or spaces"
                    ))
                }
            };
        }
        if let Some(spec) = &self.map {
            o.column_map = parse_column_map(spec)?;
        }
        if self.no_header {
            o = o.has_header(false);
        }
        if let Some(order) = self.date_order {
            o = o.date_order(match order {
                DateOrderArg::DayFirst => DateOrder::DayFirst,
                DateOrderArg::MonthFirst => DateOrder::MonthFirst,
            });
        }
        if let Some(sep) = self.decimal {
            o = o.decimal_separator(match sep {
                DecimalArg::Dot => DecimalSeparator::Dot,
                DecimalArg::Comma => DecimalSeparator::Comma,
            });
        }
        Ok(o.summary_period(unit, self.summary_end))
    }
}

/// Today's date (UTC) from the system clock.
fn today() -> NaiveDate {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or(0);
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(days)))
        .unwrap_or_default()
}
