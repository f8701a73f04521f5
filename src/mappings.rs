//! Column mappings the user chose, remembered per kind of export (localStorage): a Shopify
//! export remapped once is read the same way next time. Keyed by the detected preset, or by
//! the header row when no preset matched. Only header names are stored, never data.

use clv_engine::import::columns::{ColumnRef, Role};
use clv_engine::ImportPreview;

use crate::browser::{remember, remembered};

/// The user's choices: (role, column) pairs.
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

/// Remembers the mapping chosen for this kind of export.
pub fn remember_mapping(preview: &ImportPreview, mapping: &Mapping) {
    if let Ok(text) = serde_json::to_string(mapping) {
        remember(&key(&export_kind(preview)), &text);
    }
}

/// The mapping remembered for this kind of export, if every column it names is in the file.
pub fn remembered_mapping(preview: &ImportPreview) -> Option<Mapping> {
    let text = remembered(&key(&export_kind(preview)))?;
    let mapping: Mapping = serde_json::from_str(&text).ok()?;
    fits(&mapping, preview).then_some(mapping)
}

/// Whether every column `mapping` names exists in the previewed file.
pub fn fits(mapping: &Mapping, preview: &ImportPreview) -> bool {
    let columns = &preview.info.columns;
    !mapping.is_empty()
        && mapping.iter().all(|(_, column)| match column {
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
        assert!(!fits(&Vec::new(), &a));
    }
}
