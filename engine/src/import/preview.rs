//! The "check the import" step: what the engine made of the start of a file, before the
//! analysis runs, so the user can see and change every decision.

use super::build::left_out_status;
use super::dates::{parse_date, DateOrder, OrderEvidence};
use super::keys::customer_key;
use super::numbers::parse_amount;
use super::role::Role;
use super::stream::preview_reader;
use super::{ImportInfo, ImportOptions};
use crate::error::Error;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Rows shown in the preview.
pub(crate) const PREVIEW_ROWS: usize = 20;

/// The text encodings a file can be read in, by WHATWG label (what
/// [`ImportOptions::encoding`] takes): every encoding of the WHATWG Encoding Standard but
/// `replacement` and `x-user-defined`, the ones our users' exports come in first.
pub const ENCODINGS: [&str; 38] = [
    "utf-8",
    "windows-1250",
    "windows-1251",
    "windows-1252",
    "windows-1257",
    "iso-8859-2",
    "iso-8859-13",
    "koi8-r",
    "ibm866",
    "big5",
    "gbk",
    "gb18030",
    "utf-16le",
    "utf-16be",
    "iso-8859-3",
    "iso-8859-4",
    "iso-8859-5",
    "iso-8859-6",
    "iso-8859-7",
    "iso-8859-8",
    "iso-8859-8-i",
    "iso-8859-10",
    "iso-8859-14",
    "iso-8859-15",
    "iso-8859-16",
    "koi8-u",
    "macintosh",
    "x-mac-cyrillic",
    "windows-874",
    "windows-1253",
    "windows-1254",
    "windows-1255",
    "windows-1256",
    "windows-1258",
    "euc-jp",
    "iso-2022-jp",
    "shift_jis",
    "euc-kr",
];

/// What the engine made of the start of a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportPreview {
    /// Encoding, delimiter, preset, header line, columns and their roles, decimal separator.
    pub info: ImportInfo,
    /// Day/month order dates like `5/3/2024` are read with.
    pub date_order: DateOrder,
    /// True when no date in the sample settles the day/month order (the UI offers a switch).
    pub date_order_ambiguous: bool,
    /// Header names (column numbers as text when the file has none).
    pub headers: Vec<String>,
    /// The first data rows, as read.
    pub rows: Vec<PreviewRow>,
    /// Roles the analysis needs that no column was found for (customer, date, amount…): the
    /// file cannot be analysed until the user names their columns. Empty when it can.
    #[serde(default)]
    pub missing: Vec<Role>,
}

/// One data row as the engine reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreviewRow {
    /// 1-based line in the file.
    pub line: u64,
    /// The cells as written.
    pub cells: Vec<String>,
    /// Customer key (id, or e-mail trimmed and lower-cased).
    pub customer: Option<String>,
    /// Order date.
    pub date: Option<NaiveDate>,
    /// Amount.
    pub amount: Option<f64>,
    /// Order id.
    pub order_id: Option<String>,
    /// Why the row would not count as an order by itself, if it would not.
    pub note: Option<String>,
}

/// Reads the start of a file (`bytes`; all of it when `complete`) and says how it would be
/// imported with `options`. Decisions made on more rows may differ slightly (e.g. a date order
/// settled only further down). A file in which a needed role has no column is previewed all
/// the same, with those roles in [`ImportPreview::missing`]; only a file that cannot be read
/// as text at all (empty, binary, an unknown encoding label) is an error.
pub fn preview(
    bytes: &[u8],
    complete: bool,
    options: &ImportOptions,
) -> Result<ImportPreview, Error> {
    let mut reader = preview_reader(bytes, complete, options)?;
    let mut records = Vec::new();
    while let Some(record) = reader.next_data_record(complete) {
        records.push(record);
        if records.len() >= 500 {
            break;
        }
    }
    let map = reader.builder.map().clone();
    let mut evidence = OrderEvidence::default();
    for (_, fields) in &records {
        if let Some(cell) = map
            .index(Role::Date)
            .and_then(|i| fields.get(i))
            .and_then(parse_date)
        {
            evidence.add(&cell);
        }
    }
    let date_order = options
        .date_order
        .or(evidence.decided())
        .unwrap_or(reader.date_order_hint());
    let separator = reader.info.decimal_separator;
    let rows = records
        .iter()
        .take(PREVIEW_ROWS)
        .map(|(line, fields)| {
            let cell = |role: Role| {
                map.index(role)
                    .and_then(|i| fields.get(i))
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
            };
            let customer = cell(Role::Customer)
                .map(|c| customer_key(c, false))
                .or_else(|| cell(Role::Email).map(|e| customer_key(e, true)))
                .map(|c| c.into_owned());
            let date = cell(Role::Date)
                .and_then(parse_date)
                .and_then(|d| d.resolve(date_order));
            let amount = cell(Role::Amount)
                .and_then(parse_amount)
                .and_then(|a| a.value(separator))
                .filter(|v| v.is_finite());
            let note = if let Some(why) = cell(Role::Status).and_then(left_out_status) {
                Some(format!("left out: {why}"))
            } else if cell(Role::CancelledAt).is_some() {
                Some("left out: cancelled".into())
            } else if customer.is_none() && !map.is_summary() {
                Some("no customer".into())
            } else if date.is_none() && !map.is_summary() {
                Some("no date".into())
            } else if amount.is_none() && !map.is_summary() {
                Some("no amount (a line item of an order above, or skipped)".into())
            } else if amount.is_some_and(|a| a < 0.0) {
                Some("a return".into())
            } else {
                None
            };
            PreviewRow {
                line: *line,
                cells: fields.to_vec(),
                customer,
                date,
                amount,
                order_id: cell(Role::OrderId).map(str::to_string),
                note,
            }
        })
        .collect();
    Ok(ImportPreview {
        headers: reader
            .info
            .columns
            .iter()
            .map(|c| c.header.clone())
            .collect(),
        info: reader.info.clone(),
        date_order,
        date_order_ambiguous: options.date_order.is_none()
            && evidence.decided().is_none()
            && evidence.either > 0,
        rows,
        missing: reader.missing.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ImportError, ImportErrorKind};
    use crate::import::decode::by_label;

    #[test]
    fn every_listed_encoding_is_a_distinct_label_we_read() {
        let mut names: Vec<&str> = ENCODINGS
            .iter()
            .map(|label| by_label(label).map(|e| e.name()).unwrap_or("unknown"))
            .collect();
        assert!(!names.contains(&"unknown"), "{names:?}");
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ENCODINGS.len());
    }

    #[test]
    fn a_header_without_known_names_is_previewed_with_the_missing_roles() {
        let csv = "Asiakas;Päivämäärä;Loppusumma;Kanava\nAnna;05.03.2024;12,50;web\nBen;06.03.2024;7,00;shop\n";
        let p = preview(csv.as_bytes(), true, &ImportOptions::new()).unwrap();
        assert_eq!(
            p.headers,
            vec!["Asiakas", "Päivämäärä", "Loppusumma", "Kanava"]
        );
        assert_eq!(p.missing, vec![Role::Customer, Role::Date, Role::Amount]);
        assert_eq!(p.rows.len(), 2);
        assert_eq!(p.rows[0].cells, vec!["Anna", "05.03.2024", "12,50", "web"]);
        assert!(p.info.columns[..3].iter().all(|c| c.role.is_none()));
        assert_eq!(p.info.delimiter, ";");
        // The same file, its columns named: nothing missing, the rows read.
        let named = ImportOptions::new()
            .columns("customer=Asiakas,date=Päivämäärä,amount=3")
            .unwrap();
        let p = preview(csv.as_bytes(), true, &named).unwrap();
        assert!(p.missing.is_empty());
        assert_eq!(p.rows[0].amount, Some(12.5));
        assert_eq!(p.rows[0].customer.as_deref(), Some("Anna"));
    }

    #[test]
    fn one_missing_role_is_marked_and_the_found_ones_kept() {
        let csv = "customer,date,Loppusumma\nann,2024-03-05,5\n";
        let p = preview(csv.as_bytes(), true, &ImportOptions::new()).unwrap();
        assert_eq!(p.missing, vec![Role::Amount]);
        assert_eq!(p.info.columns[0].role, Some(Role::Customer));
        assert_eq!(p.info.columns[1].role, Some(Role::Date));
        // The import itself still refuses the file, naming the role.
        let err = crate::read_orders(csv.as_bytes(), &ImportOptions::new()).unwrap_err();
        assert!(matches!(
            err,
            Error::Import(ImportError {
                kind: ImportErrorKind::MissingColumn {
                    role: Role::Amount,
                    ..
                },
                ..
            })
        ));
    }

    #[test]
    fn a_chosen_encoding_reads_the_header_again() {
        let text = "Покупатель;Дата;Сумма\nИванов;05.03.2024;1 234,56\n";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        let chosen = ImportOptions::new().encoding("windows-1251");
        let p = preview(&bytes, true, &chosen).unwrap();
        assert_eq!(p.headers, vec!["Покупатель", "Дата", "Сумма"]);
        assert_eq!(p.info.encoding_source, "chosen");
        assert!(p.missing.is_empty());
        let wrong = ImportOptions::new().encoding("windows-1250");
        let p = preview(&bytes, true, &wrong).unwrap();
        assert_eq!(p.info.encoding, "windows-1250");
        assert_eq!(p.missing, vec![Role::Customer, Role::Date, Role::Amount]);
    }

    #[test]
    fn only_unreadable_files_are_errors() {
        let err = preview(b"", true, &ImportOptions::new()).unwrap_err();
        assert_eq!(err, Error::from(ImportError::new(ImportErrorKind::Empty)));
        let headerless = preview(b"x;y\nz;w\n", true, &ImportOptions::new()).unwrap();
        assert!(!headerless.missing.is_empty());
    }
}
