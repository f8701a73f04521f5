//! How the user chose to read a kind of export, remembered in localStorage: a file whose
//! columns (or encoding) were picked once is read the same way next time, without asking.
//! Keyed by the detected preset, or by the header row as first read (with detection alone,
//! even when that read found no customer, date or amount column: it is how the same kind of
//! file looks the next time). Only header names and reading choices are stored, never data.

use clv_engine::import::columns::{ColumnRef, Role};
use clv_engine::{ImportOptions, ImportPreview};

use crate::browser::{remember, remembered};

/// The user's column choices: (role, column) pairs.
pub type Mapping = Vec<(Role, ColumnRef)>;

/// Which kind of export `preview` is: `preset:<name>` or `headers:<hash of the header row>`.
pub fn export_kind(preview: &ImportPreview) -> String {
    match preview.info.preset {
        Some(preset) => format!("preset:{preset:?}"),
        None => {
            // FNV-1a of the headers: a short, stable key without storing the headers twice.
            let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
            for header in preview.info.columns.iter().map(|c| c.header.as_str()) {
                for b in header.bytes().chain([0]) {
                    hash ^= b as u64;
                    hash = hash.wrapping_mul(0x0100_0000_01b3);
                }
            }
            format!("headers:{hash:016x}")
        }
    }
}

fn key(kind: &str) -> String {
    format!("clv-lens.mapping.{kind}")
}

/// The choices worth remembering: how to read the file, nothing about this one file.
fn choices(options: &ImportOptions) -> ImportOptions {
    let mut kept = ImportOptions::new();
    kept.encoding = options.encoding.clone();
    kept.delimiter = options.delimiter;
    kept.has_header = options.has_header;
    kept.column_map = options.column_map.clone();
    kept.date_order = options.date_order;
    kept.decimal_separator = options.decimal_separator;
    kept
}

/// Remembers how the user chose to read this kind of export.
pub fn remember_choices(kind: &str, options: &ImportOptions) {
    if let Ok(text) = serde_json::to_string(&choices(options)) {
        remember(&key(kind), &text);
    }
}

/// Reads what [`remember_choices`] stored (or a column mapping alone, as stored before).
fn parse(text: &str) -> Option<ImportOptions> {
    if let Ok(mapping) = serde_json::from_str::<Mapping>(text) {
        let mut options = ImportOptions::new();
        options.column_map = mapping;
        return Some(options);
    }
    serde_json::from_str::<ImportOptions>(text).ok()
}

/// How the user chose to read files of this kind, if they did and it fits this file.
pub fn remembered_choices(preview: &ImportPreview) -> Option<ImportOptions> {
    let text = remembered(&key(&export_kind(preview)))?;
    fitting(parse(&text)?, preview)
}

/// `options` if they can apply to the previewed file: something is chosen, and, when the
/// file is decoded and split as it was then, every column they name is in it (another
/// encoding or delimiter gives other headers, which the preview cannot check).
fn fitting(options: ImportOptions, preview: &ImportPreview) -> Option<ImportOptions> {
    if options == ImportOptions::new() {
        return None;
    }
    let reread = options.encoding.is_some() || options.delimiter.is_some();
    (reread || fits(&options.column_map, preview)).then_some(options)
}

/// Whether every column `mapping` names exists in the previewed file.
pub fn fits(mapping: &Mapping, preview: &ImportPreview) -> bool {
    let columns = &preview.info.columns;
    mapping.iter().all(|(_, column)| match column {
        ColumnRef::Header(h) => columns
            .iter()
            .any(|c| c.header.trim().eq_ignore_ascii_case(h.trim())),
        ColumnRef::Number(n) => (1..=columns.len()).contains(n),
        ColumnRef::Unmapped => true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn preview(csv: &str) -> ImportPreview {
        clv_engine::import::preview(csv.as_bytes(), true, &clv_engine::ImportOptions::new())
            .unwrap()
    }

    #[test]
    fn kinds_and_fitting_mappings() {
        let a = preview("client,date,total,shop\nx,2024-01-01,5,a\n");
        let b = preview("client,date,total,shop\ny,2024-02-01,7,b\n");
        let c = preview("client,date,total\nx,2024-01-01,5\n");
        assert_eq!(export_kind(&a), export_kind(&b), "same headers, same kind");
        assert_ne!(export_kind(&a), export_kind(&c));
        let mapping: Mapping = vec![
            (Role::Channel, ColumnRef::Header("Shop".into())),
            (Role::Quantity, ColumnRef::Unmapped),
        ];
        assert!(fits(&mapping, &a));
        assert!(!fits(&mapping, &c), "no shop column there");
        assert!(!fits(&vec![(Role::Channel, ColumnRef::Number(9))], &a));
    }

    #[test]
    fn a_header_that_failed_is_a_kind_too() {
        let a = preview("Asiakas;Päivämäärä;Loppusumma\nAnna;05.03.2024;12,50\n");
        let b = preview("Asiakas;Päivämäärä;Loppusumma\nBen;07.04.2024;3,00\n");
        assert!(!a.missing.is_empty());
        assert_eq!(export_kind(&a), export_kind(&b));
        let mut chosen = ImportOptions::new()
            .columns("customer=Asiakas,date=Päivämäärä,amount=Loppusumma")
            .unwrap();
        chosen.today = chrono::NaiveDate::from_ymd_opt(2024, 5, 1);
        chosen.max_rows = Some(10);
        let text = serde_json::to_string(&choices(&chosen)).unwrap();
        let back = fitting(parse(&text).unwrap(), &b).unwrap();
        assert_eq!(back.column_map, chosen.column_map);
        assert_eq!(
            (back.today, back.max_rows),
            (None, None),
            "only choices kept"
        );
        // Chosen columns another file lacks do not apply to it.
        let other = preview("Asiakas;Päivä;Hinta\nAnna;05.03.2024;12,50\n");
        assert!(fitting(parse(&text).unwrap(), &other).is_none());
    }

    #[test]
    fn an_encoding_choice_is_remembered_with_the_columns_and_old_mappings_still_read() {
        let chosen = ImportOptions::new()
            .encoding("windows-1251")
            .columns("customer=Покупатель")
            .unwrap();
        let text = serde_json::to_string(&choices(&chosen)).unwrap();
        // The garbled header the file first shows does not name the column; the choice
        // applies all the same, since the file is decoded again.
        let garbled = preview("Ïîêóïàòåëü;Äàòà;Ñóììà\nx;05.03.2024;1\n");
        let back = fitting(parse(&text).unwrap(), &garbled).unwrap();
        assert_eq!(back.encoding.as_deref(), Some("windows-1251"));
        let old = r#"[["channel",{"header":"Shop"}]]"#;
        let a = preview("client,date,total,shop\nx,2024-01-01,5,a\n");
        assert_eq!(
            fitting(parse(old).unwrap(), &a).unwrap().column_map,
            vec![(Role::Channel, ColumnRef::Header("Shop".into()))]
        );
        assert!(
            fitting(ImportOptions::new(), &a).is_none(),
            "nothing chosen"
        );
    }
}
