//! Column headers in other words: the page writes its files' headers in the reader's language
//! (`clv` keeps the engine's names). The engine knows no language; the page hands it the names
//! as data, one per engine name, and [`crate::export::CsvFile::with_headers`] swaps the header
//! row, so the columns and their order are the same in every language.

use serde::{Deserialize, Serialize};

/// Header names by the engine's column name (`customer_id` → `Klients`). A numbered column
/// (`retention_m3`) is named by an entry for its stem with `{n}` (`retention_m{n}` → `Retention,
/// month {n}`). Empty: the engine's names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeaderNames(Vec<(String, String)>);

impl HeaderNames {
    /// Names for the engine's column names in `pairs` (engine name, name to write).
    pub fn new(pairs: Vec<(String, String)>) -> Self {
        HeaderNames(pairs)
    }

    /// Whether no name is given (the engine's are written).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The name to write for the engine's column `key`: its own entry, or its stem's with the
    /// number filled in, else `key` itself.
    pub fn name(&self, key: &str) -> String {
        let find = |k: &str| self.0.iter().find(|(e, _)| e == k).map(|(_, n)| n.clone());
        if let Some(name) = find(key) {
            return name;
        }
        let stem = key.trim_end_matches(|c: char| c.is_ascii_digit());
        if stem.len() < key.len() {
            if let Some(name) = find(&format!("{stem}{{n}}")) {
                return name.replace("{n}", &key[stem.len()..]);
            }
        }
        key.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{win_back_csv, CsvFile};
    use crate::rfm::win_back::WinBack;

    #[test]
    fn names_by_key_numbered_stems_and_the_engines_otherwise() {
        let names = HeaderNames::new(vec![
            ("customer_id".into(), "Klients".into()),
            ("retention_m{n}".into(), "Noturība, {n}. mēnesis".into()),
        ]);
        assert_eq!(names.name("customer_id"), "Klients");
        assert_eq!(names.name("retention_m12"), "Noturība, 12. mēnesis");
        assert_eq!(names.name("orders"), "orders");
        assert_eq!(names.name("m"), "m");
    }

    #[test]
    fn only_the_header_row_changes_and_the_columns_keep_their_order() {
        let empty = WinBack {
            after_days: 180,
            value_basis: "revenue".into(),
            one_time_customers: 0,
            lapsed_repeat_customers: 0,
            customers: Vec::new(),
            action: "win_back".into(),
            worth: 0.0,
            customers_with_email: 0,
        };
        let file: CsvFile = win_back_csv(&empty);
        let english = file.text.clone();
        let names = HeaderNames::new(vec![
            ("customer_id".into(), "Klients, e-pasts".into()),
            ("value".into(), "Vērtība".into()),
        ]);
        let named = file.with_headers(&names);
        assert!(named.text.starts_with("\"Klients, e-pasts\",kind,"));
        assert!(named.text.ends_with(",Vērtība\r\n"));
        assert_eq!(
            named.text.matches(',').count(),
            english.matches(',').count() + 1
        );
        // Named again: made from the engine's names again, nothing else changes.
        let again = named.with_headers(&HeaderNames::new(vec![("kind".into(), "Veids".into())]));
        assert!(again.text.starts_with("customer_id,Veids,"));
        assert_eq!(again.text.lines().count(), 1);
    }
}
