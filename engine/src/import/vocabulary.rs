//! The vocabulary of column names: which header names mean which role.
//!
//! The names are data, in `vocabulary.tsv` beside this file: one row per name, written as the
//! export tool writes it (`Wartość brutto`, `Сумма документа`, `amazon-order-id`), with the
//! role it means, its language and its source (the system and the page or file it comes from).
//! The table is compiled into the engine and read once, on first use, into a map from the
//! [`normalise`]d name to its role and rank. Rows of one role are in priority order: when a
//! header has two columns of one role, the one whose name comes first in the table is used.
//!
//! To add a name: add a row under its role (above the names it should beat), with its
//! language and where it was seen; the tests check that every row parses, that no normalised
//! name appears twice, and that a header made of the name is given the row's role.

use super::columns::normalise;
use super::role::Role;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The table, as written in the repository.
const TABLE: &str = include_str!("vocabulary.tsv");

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// What the column means.
    pub role: Role,
    /// The header name as the tool writes it.
    pub name: &'static str,
    /// Language codes (ISO 639-1; `zh-Hant`, `zh-Hans`, or `zh` for both), space-separated.
    pub language: &'static str,
    /// The system and the page or file the name comes from.
    pub source: &'static str,
    /// 1-based line of the row in `vocabulary.tsv`.
    pub line: usize,
}

/// The parsed table and its lookup map.
#[derive(Debug)]
pub(crate) struct Vocabulary {
    /// Every row that parsed, in table order.
    pub entries: Vec<Entry>,
    /// Normalised name → (role, rank): the rank is the row's place in the table, lower wins.
    by_name: HashMap<String, (Role, usize)>,
    /// Rows that could not be used, with why (none in a correct table; checked by a test).
    pub problems: Vec<String>,
}

impl Vocabulary {
    /// Reads the table: `#` lines are comments, the first other line is the column names.
    /// A row with the wrong number of fields, an unknown role, an empty field or a name
    /// already used is left out and listed in `problems`.
    fn parse(text: &'static str) -> Vocabulary {
        let mut vocabulary = Vocabulary {
            entries: Vec::new(),
            by_name: HashMap::new(),
            problems: Vec::new(),
        };
        let rows = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
            .skip(1);
        for (index, row) in rows {
            let line = index + 1;
            let fields: Vec<&'static str> = row.split('\t').map(str::trim).collect();
            let [role, name, language, source] = fields[..] else {
                let n = fields.len();
                vocabulary
                    .problems
                    .push(format!("line {line}: {n} fields, not 4"));
                continue;
            };
            let Some(role) = Role::from_name(role) else {
                let problem = format!("line {line}: unknown role {role:?}");
                vocabulary.problems.push(problem);
                continue;
            };
            let key = normalise(name);
            if key.is_empty() || language.is_empty() || source.is_empty() {
                let problem = format!("line {line}: empty name, language or source");
                vocabulary.problems.push(problem);
                continue;
            }
            if let Some(&(_, rank)) = vocabulary.by_name.get(&key) {
                let first = &vocabulary.entries[rank];
                vocabulary.problems.push(format!(
                    "line {line}: {name:?} is {:?} (line {}) once normalised",
                    first.name, first.line
                ));
                continue;
            }
            vocabulary
                .by_name
                .insert(key, (role, vocabulary.entries.len()));
            vocabulary.entries.push(Entry {
                role,
                name,
                language,
                source,
                line,
            });
        }
        vocabulary
    }
}

/// The vocabulary, read from the table on first use.
pub(crate) fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| Vocabulary::parse(TABLE))
}

/// The role and rank of a [`normalise`]d header name, if the vocabulary knows it.
pub(crate) fn lookup(normalised: &str) -> Option<(Role, usize)> {
    vocabulary().by_name.get(normalised).copied()
}

#[cfg(test)]
mod tests {
    use super::super::columns::ColumnMap;
    use super::*;
    use std::collections::HashSet;

    const LANGUAGES: [&str; 17] = [
        "en", "lv", "pl", "ru", "uk", "zh", "zh-Hant", "zh-Hans", "de", "fr", "es", "it", "nl",
        "pt", "lt", "et", "cs",
    ];

    #[test]
    fn every_row_parses_with_a_language_and_a_source() {
        let v = vocabulary();
        assert!(v.problems.is_empty(), "{:#?}", v.problems);
        assert!(v.entries.len() >= 400, "{} names", v.entries.len());
        for e in &v.entries {
            assert!(!e.source.trim().is_empty(), "line {}: no source", e.line);
            assert!(!e.language.is_empty(), "line {}: no language", e.line);
            for code in e.language.split(' ') {
                assert!(LANGUAGES.contains(&code), "line {}: {code:?}", e.line);
            }
        }
    }

    #[test]
    fn no_normalised_name_is_listed_twice() {
        let mut seen = HashSet::new();
        for e in &vocabulary().entries {
            let key = normalise(e.name);
            assert!(seen.insert(key.clone()), "line {}: {key} twice", e.line);
        }
        // and a table that does repeat a name is caught, whatever the role
        let bad = "role\tname\tlanguage\tsource\namount\tKwota\tpl\tx\nstatus\tKWOTA \tpl\ty\n";
        let parsed = Vocabulary::parse(bad);
        assert_eq!(parsed.entries.len(), 1);
        assert_eq!(parsed.problems.len(), 1, "{:?}", parsed.problems);
    }

    #[test]
    fn malformed_rows_are_reported_not_used() {
        let bad = "# comment\nrole\tname\tlanguage\tsource\n\
                   amount\tKwota\tpl\n\
                   price\tCena\tpl\tx\n\
                   amount\tSuma\t\tx\n\
                   amount\tBrutto\tpl\tx\n";
        let parsed = Vocabulary::parse(bad);
        assert_eq!(parsed.entries.len(), 1);
        assert_eq!(parsed.entries[0].line, 6);
        assert_eq!(parsed.problems.len(), 3, "{:?}", parsed.problems);
        assert!(parsed.problems[0].starts_with("line 3:"));
    }

    #[test]
    fn every_name_is_read_as_its_role() {
        for e in &vocabulary().entries {
            let alone = ColumnMap::detect(&[e.name.to_string()], &[]);
            assert_eq!(
                alone.role_of(0),
                Some(e.role),
                "line {}: {:?}",
                e.line,
                e.name
            );
            // among columns the vocabulary does not know, as in a real export
            let header = ["Lp.", e.name, "Uwagi / Notes"].map(String::from);
            let among = ColumnMap::detect(&header, &[]);
            assert_eq!(among.index(e.role), Some(1), "line {}", e.line);
            assert_eq!((among.role_of(0), among.role_of(2)), (None, None));
        }
    }

    #[test]
    fn names_of_one_role_are_ranked_in_table_order() {
        let v = vocabulary();
        let rank = |name: &str| lookup(&normalise(name)).map(|(_, r)| r);
        assert!(rank("Wartość brutto") < rank("Wartość netto"));
        assert!(rank("Total") < rank("Subtotal"));
        assert!(rank("Data sprzedaży") < rank("Data wystawienia"));
        assert!(rank("Дата") < rank("Дата оплаты"));
        for pair in v.entries.windows(2) {
            let (a, b) = (rank(pair[0].name), rank(pair[1].name));
            assert!(a < b, "lines {} and {}", pair[0].line, pair[1].line);
        }
    }
}
