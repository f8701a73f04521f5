//! Calendar dates in the report's JSON, as chrono writes them (`"2024-04-19"`), without
//! chrono's way through `fmt` for years 0 to 9999: the per-customer lists hold three dates a
//! customer (300,000 in a 100,000-customer report). For `#[serde(serialize_with = …)]`; other
//! years go through chrono, so the text is chrono's for every date.

use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};

/// Writes `date` as chrono's `Serialize` does.
pub(crate) fn serialize<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    Iso(*date).serialize(serializer)
}

/// Writes `date`, or `null`, as chrono's `Serialize` for `Option<NaiveDate>` does.
pub(crate) fn serialize_option<S: Serializer>(
    date: &Option<NaiveDate>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match date {
        Some(date) => serializer.serialize_some(&Iso(*date)),
        None => serializer.serialize_none(),
    }
}

/// A date written as YYYY-MM-DD.
struct Iso(NaiveDate);

impl Serialize for Iso {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let date = self.0;
        let Ok(year) = u32::try_from(date.year()) else {
            return date.serialize(serializer);
        };
        if year > 9999 {
            return date.serialize(serializer);
        }
        let mut text = *b"0000-00-00";
        let digit = |n: u32| b'0' + (n % 10) as u8;
        text[0] = digit(year / 1000);
        text[1] = digit(year / 100);
        text[2] = digit(year / 10);
        text[3] = digit(year);
        text[5] = digit(date.month() / 10);
        text[6] = digit(date.month());
        text[8] = digit(date.day() / 10);
        text[9] = digit(date.day());
        match std::str::from_utf8(&text) {
            Ok(text) => serializer.serialize_str(text),
            Err(_) => date.serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Ours {
        #[serde(serialize_with = "serialize")]
        date: NaiveDate,
        #[serde(serialize_with = "serialize_option")]
        maybe: Option<NaiveDate>,
    }

    #[derive(Serialize)]
    struct Chronos {
        date: NaiveDate,
        maybe: Option<NaiveDate>,
    }

    #[test]
    fn the_text_is_chronos_for_every_year() {
        let years = [
            -262_143, -10_000, -1, 0, 1, 9, 99, 999, 1970, 2024, 9999, 10_000, 262_142,
        ];
        for year in years {
            for (month, day) in [(1, 1), (2, 28), (9, 30), (10, 9), (12, 31)] {
                let date = NaiveDate::from_ymd_opt(year, month, day).unwrap();
                for maybe in [None, Some(date)] {
                    assert_eq!(
                        serde_json::to_string(&Ours { date, maybe }).unwrap(),
                        serde_json::to_string(&Chronos { date, maybe }).unwrap(),
                        "{date:?}"
                    );
                }
            }
        }
    }
}
