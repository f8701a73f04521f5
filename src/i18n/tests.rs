//! The tables are complete and used: a key missing in any language, a plural category a
//! language needs but lacks, or a key no code asks for fails here.

use std::collections::BTreeSet;
use std::path::Path;

use super::tables::{bundled_analyzer_table, entries};
use super::*;

const PLURAL_SUFFIXES: [&str; 6] = [".zero", ".one", ".two", ".few", ".many", ".other"];

/// The key without its plural category, and whether it had one.
fn base_key(key: &str) -> (&str, bool) {
    PLURAL_SUFFIXES
        .iter()
        .find_map(|s| key.strip_suffix(s))
        .map_or((key, false), |base| (base, true))
}

/// Every entry of both tables of a language (the tests see the analyzer's texts too).
fn all_entries(lang: Lang) -> impl Iterator<Item = (&'static str, &'static str)> {
    entries(table(lang)).chain(entries(bundled_analyzer_table(lang)))
}

fn keys(lang: Lang) -> Vec<&'static str> {
    all_entries(lang).map(|(k, _)| k).collect()
}

/// Every Rust source file of the app.
fn sources(dir: &Path, out: &mut String) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("i18n/tests.rs") {
            out.push_str(&std::fs::read_to_string(&path).unwrap());
        }
    }
}

/// The keys the code asks for: the string literal right after a call of `t(`, `t_with(` or
/// `t_count(` (keys chosen at run time are written out in a `match`, so they count too).
fn keys_in_code() -> BTreeSet<String> {
    let mut code = String::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut code,
    );
    keys_in(&code)
}

/// The string literals right after a call of `t(`, `t_with(` or `t_count(` in `code`.
fn keys_in(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for marker in ["t(", "t_with(", "t_count("] {
        for (at, _) in code.match_indices(marker) {
            let before = code[..at].chars().next_back().unwrap_or(' ');
            if before.is_alphanumeric() || before == '_' {
                continue;
            }
            let rest = code[at + marker.len()..].trim_start();
            let Some(rest) = rest.strip_prefix('"') else {
                continue;
            };
            if let Some(end) = rest.find('"') {
                found.insert(rest[..end].to_string());
            }
        }
    }
    found
}

#[test]
fn no_key_is_missing_in_any_language() {
    let english: BTreeSet<_> = keys(Lang::En).into_iter().map(|k| base_key(k).0).collect();
    for lang in Lang::ALL {
        let have: BTreeSet<_> = keys(lang).into_iter().collect();
        for key in &english {
            let plural = keys(Lang::En).iter().any(|k| base_key(k) == (key, true));
            if plural {
                for category in lang.plural_categories() {
                    let full = format!("{key}.{category}");
                    assert!(
                        have.contains(full.as_str()),
                        "{}: missing {full}",
                        lang.code()
                    );
                }
            } else {
                assert!(have.contains(key), "{}: missing {key}", lang.code());
            }
        }
        for key in &have {
            assert!(
                english.contains(base_key(key).0),
                "{}: {key} is not an English key",
                lang.code()
            );
        }
    }
}

#[test]
fn no_key_is_defined_twice_or_empty() {
    for lang in Lang::ALL {
        let mut seen = BTreeSet::new();
        for (key, value) in all_entries(lang) {
            assert!(seen.insert(key), "{}: {key} twice", lang.code());
            assert!(!value.is_empty(), "{}: {key} is empty", lang.code());
        }
    }
}

#[test]
fn every_key_is_used_and_every_used_key_exists() {
    let used = keys_in_code();
    let english: BTreeSet<_> = keys(Lang::En).into_iter().map(|k| base_key(k).0).collect();
    for key in &english {
        assert!(
            used.contains(*key),
            "{key} is in the tables but no code uses it"
        );
    }
    for key in &used {
        assert!(
            english.contains(key.as_str()),
            "the code uses {key}, which English lacks"
        );
    }
}

#[test]
fn placeholders_match_english() {
    fn names(text: &str) -> BTreeSet<String> {
        text.split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(n, _)| n.to_string()))
            .collect()
    }
    for lang in Lang::ALL {
        for (key, value) in all_entries(lang) {
            let (base, plural) = base_key(key);
            use_analyzer_tables();
            let english = if plural {
                lookup(Lang::En, &format!("{base}.other")).unwrap()
            } else {
                lookup(Lang::En, key).unwrap()
            };
            let mut want = names(english);
            let mut have = names(value);
            // A plural form may spell the count out ("one month") instead of using {count}.
            want.remove("count");
            have.remove("count");
            assert_eq!(have, want, "{}: {key}", lang.code());
        }
    }
}

#[test]
fn language_is_picked_from_url_then_memory_then_browser() {
    assert_eq!(Lang::pick(Some("lv"), Some("pl"), ["ru"]), Lang::Lv);
    assert_eq!(Lang::pick(Some("xx"), Some("pl"), ["ru"]), Lang::Pl);
    assert_eq!(Lang::pick(None, None, ["de-DE", "ru-RU"]), Lang::Ru);
    assert_eq!(Lang::pick(None, None, ["zh-Hant-TW"]), Lang::ZhTw);
    assert_eq!(Lang::pick(None, None, ["de"]), Lang::En);
    for lang in Lang::ALL {
        assert_eq!(Lang::from_tag(lang.code()), Some(lang));
    }
}

#[test]
fn falls_back_to_english_then_to_the_key() {
    assert_eq!(translate(Lang::Lv, "no.such.key"), "no.such.key");
    assert_eq!(fill("{a} and {b}", &[("a", "1"), ("b", "2")]), "1 and 2");
}

#[test]
fn a_value_ending_in_a_full_stop_does_not_double_the_sentence_s_own() {
    let ru = "Анализ на {date}.";
    assert_eq!(
        fill(ru, &[("date", "31 дек. 2024 г.")]),
        "Анализ на 31 дек. 2024 г."
    );
    assert_eq!(
        fill("Līdz {date}.", &[("date", "2024. gada 30. dec.")]),
        "Līdz 2024. gada 30. dec."
    );
    // Only the stop right after the value goes; other text and unknown placeholders stay.
    assert_eq!(fill("{a}. {b}.", &[("a", "x."), ("b", "y")]), "x. y.");
    assert_eq!(fill("{a}…", &[("a", "x.")]), "x.…");
    assert_eq!(fill("{a} {zz}.", &[("a", "1")]), "1 {zz}.");
    // A value is not read for placeholders.
    assert_eq!(fill("{a} {b}", &[("a", "{b}"), ("b", "2")]), "{b} 2");
}

/// `locales/glossary.tsv`: per language, the one term for a concept and the variants not to use.
const GLOSSARY: &str = include_str!("../../locales/glossary.tsv");

/// Whether `text` contains the glossary variant `avoid` (`*x`: `x` right after a letter, i.e. the
/// end of a longer word; `=x`: the whole text is `x`; else `x` anywhere).
fn contains_variant(text: &str, avoid: &str) -> bool {
    if let Some(whole) = avoid.strip_prefix('=') {
        text == whole
    } else if let Some(ending) = avoid.strip_prefix('*') {
        text.match_indices(ending).any(|(at, _)| {
            text[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphabetic)
        })
    } else {
        text.contains(avoid)
    }
}

/// The glossary's rows: (language, concept, variants not to use).
fn glossary() -> Vec<(Lang, &'static str, Vec<&'static str>)> {
    GLOSSARY
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            assert_eq!(cells.len(), 5, "glossary row without 5 cells: {line}");
            let lang = Lang::from_tag(cells[0]).unwrap_or_else(|| panic!("glossary: {line}"));
            assert!(!cells[3].trim().is_empty(), "glossary: no term in {line}");
            let avoid = cells[4].split(" | ").filter(|a| !a.is_empty()).collect();
            (lang, cells[1], avoid)
        })
        .collect()
}

#[test]
fn the_glossary_matcher_reads_word_endings_and_whole_strings() {
    assert!(contains_variant("Prognozowany CLV obejmuje", "*y CLV"));
    assert!(!contains_variant("Prognozowana CLV obejmuje", "*y CLV"));
    assert!(!contains_variant("y CLV", "*y CLV"));
    assert!(contains_variant("行", "=行"));
    assert!(!contains_variant("行銷", "=行"));
    assert!(contains_variant("已為顧客與客戶", "客戶"));
}

/// Each translated language keeps one term per concept: a table that uses a variant the
/// glossary rules out (zh-TW 客戶 for 顧客, 行 for a row, a second name for repeat customers or
/// for "still active", a masculine CLV in pl or ru) fails here.
#[test]
fn every_string_keeps_to_its_language_s_glossary() {
    let rows = glossary();
    for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
        assert!(
            rows.iter().filter(|(l, ..)| *l == lang).count() >= 5,
            "the glossary has too few concepts for {}",
            lang.code()
        );
    }
    let mut found = Vec::new();
    for (lang, concept, avoid) in &rows {
        for (key, value) in all_entries(*lang) {
            for variant in avoid {
                if contains_variant(value, variant) {
                    found.push(format!(
                        "{}: {key}: “{variant}” ({concept}) in: {value}",
                        lang.code()
                    ));
                }
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// Percentages are written by `Intl.NumberFormat` (`crate::format::percent`), which knows that
/// lv and pl write "12,5%", ru "12,5 %" and zh-TW and en "12.5%": a "%" typed into a string is
/// wrong in some language.
#[test]
fn no_string_types_a_percent_sign() {
    for lang in Lang::ALL {
        for (key, value) in all_entries(lang) {
            assert!(!value.contains('%'), "{}: {key}: {value}", lang.code());
        }
    }
}

/// Every key whose text ends in a placeholder and a full stop, in any language, is safe.
#[test]
fn every_sentence_ending_in_a_date_prints_one_full_stop() {
    for lang in Lang::ALL {
        for (key, value) in all_entries(lang) {
            let Some(start) = value.rfind('{') else {
                continue;
            };
            let Some(name) = value[start + 1..].strip_suffix("}.") else {
                continue;
            };
            let filled = fill(value, &[(name, "30. dec.")]);
            assert!(!filled.ends_with(".."), "{}: {key}: {filled}", lang.code());
        }
    }
}

/// The keys the widget's code asks for: the calculator, the language switcher, the widget.
fn keys_in_widget_code() -> BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut code = String::new();
    for file in [
        "widget.rs",
        "components/calculator.rs",
        "components/language_switcher.rs",
        "i18n/mod.rs",
        "format.rs",
    ] {
        code.push_str(&std::fs::read_to_string(root.join(file)).unwrap());
    }
    sources(&root.join("calculator"), &mut code);
    sources(&root.join("charts"), &mut code);
    keys_in(&code)
}

#[test]
fn the_widget_finds_its_keys_without_the_analyzer_tables() {
    // The widget never calls use_analyzer_tables: what it shows must be in the small tables.
    for lang in Lang::ALL {
        let small: BTreeSet<_> = entries(table(lang)).map(|(k, _)| base_key(k).0).collect();
        for key in keys_in_widget_code() {
            assert!(
                small.contains(key.as_str()),
                "{}: the widget uses {key}, which is only in analyzer/{}.txt",
                lang.code(),
                lang.code()
            );
        }
    }
}

#[test]
fn a_fetched_table_s_url_carries_the_hash_of_its_text() {
    // FNV-1a test vectors: scripts/finish-dist.mjs must list the same URLs for the service worker.
    assert_eq!(tables::fnv1a(b""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(tables::fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    assert_eq!(tables::fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    let lv = bundled_analyzer_table(Lang::Lv);
    assert_eq!(
        analyzer_table_url(Lang::Lv),
        format!(
            "./locales/analyzer/lv.txt?v={:016x}",
            tables::fnv1a(lv.as_bytes())
        )
    );
    assert!(analyzer_table_url(Lang::ZhTw).starts_with("./locales/analyzer/zh-TW.txt?v="));
}

#[test]
fn natively_every_language_s_analyzer_texts_are_at_hand() {
    use_analyzer_tables();
    for lang in Lang::ALL {
        assert!(has_analyzer_table(lang), "{}", lang.code());
        assert_eq!(analyzer_table(lang), Some(bundled_analyzer_table(lang)));
    }
    assert_eq!(lookup(Lang::Lv, "app.results"), Some("Rezultāti"));
}
