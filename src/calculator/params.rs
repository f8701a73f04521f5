//! The calculator's inputs as they live in the URL query, so a result can be shared as a link:
//! `?aov=90&n=3&cac=6&margin=0.2&cur=EUR&lang=lv`, or with the purchases given per year
//! (`py`) × years (`years`) instead of per lifetime (`n`): `?aov=90&py=1.5&years=2&cac=6…`.
//! Pure: parsed and written natively, tested without a browser.

use clv_engine::calculator::{
    monthly_ltv, retention_clv, simple_clv, CalculatorError, LeverSteps, SimpleInputs, SimpleResult,
};

/// The currencies offered in the calculator (any ISO 4217 code in the URL is accepted).
pub const CURRENCIES: [&str; 7] = ["EUR", "USD", "GBP", "PLN", "TWD", "RUB", "CHF"];

/// How the purchases per customer are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PurchasesWay {
    /// Purchases over the whole relationship (`n`).
    #[default]
    PerLifetime,
    /// Purchases per year × years as a customer (`py`, `years`).
    PerYear,
}

/// What the user typed into the calculator.
#[derive(Debug, Clone, PartialEq)]
pub struct CalcParams {
    /// Average order value (`aov`).
    pub aov: f64,
    /// Purchases per customer over the whole relationship (`n`), used when
    /// [`CalcParams::purchases_way`] is per lifetime; see [`CalcParams::purchases_per_lifetime`].
    pub purchases: f64,
    /// Which way the purchases are given; the URL holds only that way's values.
    pub purchases_way: PurchasesWay,
    /// Purchases per customer per year (`py`), used when the way is per year.
    pub purchases_per_year: f64,
    /// Years a customer stays (`years`), used when the way is per year.
    pub years: f64,
    /// Customer acquisition cost (`cac`).
    pub cac: f64,
    /// Gross margin, a fraction 0..=1 (`margin`, 0.2 = 20 %).
    pub margin: f64,
    /// Customer lifetime in months (`life`), for the payback period and the monthly form.
    pub lifetime_months: f64,
    /// Yearly retention rate 0..1 (`ret`), for the retention form; `None` hides it.
    pub retention: Option<f64>,
    /// Yearly discount rate (`disc`) for the retention form.
    pub discount_rate: f64,
    /// ISO 4217 currency code (`cur`).
    pub currency: String,
}

impl Default for CalcParams {
    /// The reference example of PRODUCT.md: AOV 90, 3 purchases, CAC 6, margin 20 %.
    fn default() -> Self {
        CalcParams {
            aov: 90.0,
            purchases: 3.0,
            purchases_way: PurchasesWay::PerLifetime,
            // 1.5 a year × 2 years = the same 3 purchases over the 24-month lifetime.
            purchases_per_year: 1.5,
            years: 2.0,
            cac: 6.0,
            margin: 0.2,
            lifetime_months: 24.0,
            retention: None,
            discount_rate: 0.1,
            currency: "EUR".into(),
        }
    }
}

/// Splits a query string (with or without the leading `?`) into decoded pairs.
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// Percent-decoding for the few characters a query of ours can hold.
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The value of `key` in a query, if present.
pub fn query_value(query: &str, key: &str) -> Option<String> {
    query_pairs(query)
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

/// A valid currency code: three ASCII letters, upper-cased.
fn currency_code(s: &str) -> Option<String> {
    (s.len() == 3 && s.bytes().all(|b| b.is_ascii_alphabetic())).then(|| s.to_ascii_uppercase())
}

impl CalcParams {
    /// Reads the parameters from a URL query; anything missing or unreadable keeps its default.
    /// A readable `py` or `years` means the purchases are given per year (they win over `n`).
    pub fn from_query(query: &str) -> Self {
        let mut p = CalcParams::default();
        for (key, value) in query_pairs(query) {
            let number = value.trim().parse::<f64>().ok().filter(|v| v.is_finite());
            match (key.as_str(), number) {
                ("aov", Some(v)) => p.aov = v,
                ("n", Some(v)) => p.purchases = v,
                ("py", Some(v)) => {
                    p.purchases_per_year = v;
                    p.purchases_way = PurchasesWay::PerYear;
                }
                ("years", Some(v)) => {
                    p.years = v;
                    p.purchases_way = PurchasesWay::PerYear;
                }
                ("cac", Some(v)) => p.cac = v,
                ("margin", Some(v)) => p.margin = v,
                ("life", Some(v)) => p.lifetime_months = v,
                ("ret", Some(v)) => p.retention = Some(v),
                ("disc", Some(v)) => p.discount_rate = v,
                ("cur", _) => {
                    if let Some(code) = currency_code(&value) {
                        p.currency = code;
                    }
                }
                _ => {}
            }
        }
        p
    }

    /// The parameters as query pairs, in a stable order (`f64`'s `Display` writes `0.2`, `90`).
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![("aov", self.aov.to_string())];
        match self.purchases_way {
            PurchasesWay::PerLifetime => pairs.push(("n", self.purchases.to_string())),
            PurchasesWay::PerYear => {
                pairs.push(("py", self.purchases_per_year.to_string()));
                pairs.push(("years", self.years.to_string()));
            }
        }
        pairs.extend([
            ("cac", self.cac.to_string()),
            ("margin", self.margin.to_string()),
            ("life", self.lifetime_months.to_string()),
        ]);
        if let Some(r) = self.retention {
            pairs.push(("ret", r.to_string()));
            pairs.push(("disc", self.discount_rate.to_string()));
        }
        pairs.push(("cur", self.currency.clone()));
        pairs
    }

    /// Customer lifetime in months, for the payback period and the monthly form: as typed, or
    /// the years × 12 when purchases are given per year (the years are the lifetime then).
    pub fn lifetime(&self) -> f64 {
        match self.purchases_way {
            PurchasesWay::PerLifetime => self.lifetime_months,
            PurchasesWay::PerYear => self.years * 12.0,
        }
    }

    /// Purchases per customer over the whole relationship, the `n` of the formulas: as typed,
    /// or purchases per year × years.
    pub fn purchases_per_lifetime(&self) -> f64 {
        match self.purchases_way {
            PurchasesWay::PerLifetime => self.purchases,
            PurchasesWay::PerYear => self.purchases_per_year * self.years,
        }
    }

    /// Switches the way the purchases are given, carrying the number over so the result stays
    /// (up to rounding): to per year, the years stay and the yearly purchases become n / years
    /// (two decimals); to per lifetime, n becomes purchases per year × years.
    pub fn set_purchases_way(&mut self, way: PurchasesWay) {
        if way == self.purchases_way {
            return;
        }
        let n = self.purchases_per_lifetime();
        match way {
            PurchasesWay::PerYear if n.is_finite() => {
                if !(self.years.is_finite() && self.years > 0.0) {
                    self.years = 1.0;
                }
                self.purchases_per_year = (n / self.years * 100.0).round() / 100.0;
            }
            PurchasesWay::PerLifetime if n.is_finite() => {
                // Rounded so 1.33 × 3 shows as 3.99, not 3.9899999999999998.
                self.purchases = (n * 1e6).round() / 1e6;
            }
            _ => {}
        }
        self.purchases_way = way;
    }

    /// Everything the calculator shows, or why it cannot be computed.
    pub fn compute(&self) -> Result<CalcResults, CalculatorError> {
        if self.purchases_way == PurchasesWay::PerYear {
            // Checked one by one: −2 a year × −3 years must not pass as 6 purchases.
            for (input, value) in [("py", self.purchases_per_year), ("years", self.years)] {
                if !value.is_finite() {
                    return Err(CalculatorError::NotANumber { input });
                }
                if value < 0.0 {
                    return Err(CalculatorError::Negative { input, value });
                }
            }
        }
        let purchases = self.purchases_per_lifetime();
        let lifetime = self.lifetime();
        let inputs =
            SimpleInputs::new(self.aov, purchases, self.cac, self.margin).lifetime_months(lifetime);
        let simple = simple_clv(&inputs, LeverSteps::default())?;
        let monthly_revenue = self.aov * purchases / lifetime;
        let monthly = monthly_ltv(monthly_revenue, lifetime, Some(self.margin))?;
        let retention = match self.retention {
            Some(r) => {
                // m = margin a customer brings in a year.
                let yearly_margin = monthly_revenue * 12.0 * self.margin;
                Some(retention_clv(yearly_margin, r, self.discount_rate)?)
            }
            None => None,
        };
        Ok(CalcResults {
            simple,
            monthly_revenue,
            monthly,
            retention,
        })
    }
}

/// Writes query pairs as a query string (values of ours are numbers and letters; a few
/// characters are escaped to be safe).
pub fn to_query(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            let v: String = v
                .chars()
                .map(|c| match c {
                    '&' => "%26".into(),
                    '#' => "%23".into(),
                    ' ' => "%20".into(),
                    '=' => "%3D".into(),
                    '+' => "%2B".into(),
                    c => c.to_string(),
                })
                .collect();
            format!("{k}={v}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Why a typed number was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum NumberProblem {
    /// Nothing typed where a number is needed.
    Empty,
    /// Not a number (`abc`, `12x`, `1,2,3`).
    NotANumber,
    /// Readable two ways in the reader's language: `1.234` where the decimal sign is a comma
    /// could be 1.234 or 1 234.
    Ambiguous {
        /// The number with the separator read as the decimal sign.
        as_decimal: f64,
        /// The number with the separator read as grouping thousands.
        as_grouped: f64,
    },
}

/// A number as a person types it, for a reader whose language writes `decimal` (`.` or `,`)
/// as the decimal sign: `1234.5`, `1,234.50`, `1 234,50` (spaces, no-break spaces and `'`
/// group thousands), `12,5` (one comma or dot followed by other than three digits is a decimal
/// sign in any language), `−10` (a minus sign). When both `.` and `,` appear, the last one is
/// the decimal sign and the others must group digits in threes. A lone separator followed by
/// exactly three digits is a group separator if the reader's language groups with it, a
/// decimal sign if it is the reader's decimal sign (`1,234` is 1234 in English and 1.234 in
/// Latvian), and refused as ambiguous otherwise (`1.234` for a Latvian reader), never guessed.
pub fn parse_number(text: &str, decimal: char) -> Result<f64, NumberProblem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(NumberProblem::Empty);
    }
    let (negative, body) = match text.strip_prefix(['-', '−']) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let is_space = |c: char| c == ' ' || c == '\u{a0}' || c == '\u{202f}' || c == '\'';
    // Only digits, separators and spaces between digits.
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || is_space(c))
        || !body.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == ',')
        || !body.ends_with(|c: char| c.is_ascii_digit())
    {
        return Err(NumberProblem::NotANumber);
    }
    let sign = if negative { -1.0 } else { 1.0 };
    let grouped_in_threes = |groups: &[&str]| {
        groups.len() > 1
            && (1..=3).contains(&groups[0].len())
            && groups[1..].iter().all(|g| g.len() == 3)
            && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()))
    };
    // Spaces group thousands: every group after the first has three digits.
    let (whole_part, _) = body.split_at(body.find(['.', ',']).unwrap_or(body.len()));
    let spaced: Vec<&str> = whole_part.split(is_space).collect();
    if spaced.len() > 1 && !grouped_in_threes(&spaced) {
        return Err(NumberProblem::NotANumber);
    }
    if body[whole_part.len()..].contains(is_space) {
        return Err(NumberProblem::NotANumber);
    }
    let body: String = body.chars().filter(|&c| !is_space(c)).collect();
    let read = |digits: &str| digits.parse::<f64>().map_err(|_| NumberProblem::NotANumber);
    let last = body.rfind(['.', ',']);
    let Some(last) = last else {
        return read(&body).map(|v| sign * v);
    };
    let separator = body[last..].chars().next().unwrap_or('.');
    let other = if separator == '.' { ',' } else { '.' };
    let (whole, fraction) = (&body[..last], &body[last + 1..]);
    if whole.contains(other) {
        // Both signs: the last is the decimal sign, the other one groups thousands.
        let groups: Vec<&str> = whole.split(other).collect();
        if !grouped_in_threes(&groups) || whole.contains(separator) {
            return Err(NumberProblem::NotANumber);
        }
        return read(&format!("{}.{fraction}", groups.concat())).map(|v| sign * v);
    }
    if whole.contains(separator) {
        // The same sign more than once: it groups thousands (`1,234,567`).
        let groups: Vec<&str> = body.split(separator).collect();
        if !grouped_in_threes(&groups) {
            return Err(NumberProblem::NotANumber);
        }
        return read(&groups.concat()).map(|v| sign * v);
    }
    let as_decimal = read(&format!(
        "{}.{fraction}",
        if whole.is_empty() { "0" } else { whole }
    ))?;
    // One sign: a decimal sign unless it may group thousands (three digits after it and a
    // whole part that does not start with 0).
    // (Space groups before it make the whole part longer than three digits.)
    let may_group =
        fraction.len() == 3 && !whole.is_empty() && !whole.starts_with('0') && whole.len() <= 3;
    if !may_group || separator == decimal {
        return Ok(sign * as_decimal);
    }
    let as_grouped = read(&format!("{whole}{fraction}"))?;
    if decimal == '.' && separator == ',' {
        // The reader's language groups thousands with this sign (English `1,234`).
        return Ok(sign * as_grouped);
    }
    Err(NumberProblem::Ambiguous {
        as_decimal: sign * as_decimal,
        as_grouped: sign * as_grouped,
    })
}

/// The results of the calculator.
#[derive(Debug, Clone, PartialEq)]
pub struct CalcResults {
    /// Simple CLV, CLV:CAC, ROI, payback and the growth levers.
    pub simple: SimpleResult,
    /// Average monthly revenue per customer (AOV × purchases / lifetime).
    pub monthly_revenue: f64,
    /// Monthly form: monthly revenue × lifetime × margin.
    pub monthly: f64,
    /// Retention form, when a retention rate is given.
    pub retention: Option<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_example_from_the_issue_url() {
        let p = CalcParams::from_query("?aov=90&n=3&cac=6&margin=0.2&cur=EUR&lang=lv");
        assert_eq!(p.aov, 90.0);
        assert_eq!(p.currency, "EUR");
        let r = p.compute().unwrap();
        assert_eq!(r.simple.clv, 52.8);
        // Monthly form with the same inputs: 270 / 24 a month × 24 months × 0.2 = 54.00
        assert_eq!(r.monthly, 54.0);
        assert_eq!(r.retention, None);
    }

    #[test]
    fn query_round_trips() {
        let p = CalcParams {
            aov: 45.5,
            purchases: 4.0,
            purchases_way: PurchasesWay::PerLifetime,
            purchases_per_year: 1.5,
            years: 2.0,
            cac: 12.0,
            margin: 0.35,
            lifetime_months: 36.0,
            retention: Some(0.8),
            discount_rate: 0.1,
            currency: "PLN".into(),
        };
        let q = to_query(&p.to_pairs());
        assert_eq!(
            q,
            "aov=45.5&n=4&cac=12&margin=0.35&life=36&ret=0.8&disc=0.1&cur=PLN"
        );
        assert_eq!(CalcParams::from_query(&q), p);
    }

    #[test]
    fn bad_values_keep_defaults() {
        let p = CalcParams::from_query("aov=abc&n=&cur=euro&margin=NaN&x=1");
        assert_eq!(p, CalcParams::default());
        assert_eq!(
            query_value("?a=1&lang=zh-TW", "lang").as_deref(),
            Some("zh-TW")
        );
        assert_eq!(decode("a%20b%2"), "a b%2");
    }

    #[test]
    fn retention_form_uses_the_yearly_margin() {
        // 90 × 3 over 24 months = 11.25 a month = 135 a year; × 0.2 = 27 margin a year.
        // 27 × 0.8 / (1 + 0.1 − 0.8) = 21.6 / 0.3 = 72.00
        let p = CalcParams::from_query("ret=0.8&disc=0.1");
        assert_eq!(p.compute().unwrap().retention, Some(72.0));
    }

    #[test]
    fn per_year_the_years_are_the_lifetime() {
        // 1.5 a year for 4 years: lifetime 48 months; monthly revenue 90 × 6 / 48 = 11.25,
        // monthly form 11.25 × 48 × 0.2 = 108.
        let p = CalcParams::from_query("?aov=90&py=1.5&years=4&cac=6&margin=0.2&life=24");
        assert_eq!(p.lifetime(), 48.0);
        let r = p.compute().unwrap();
        assert!(
            (r.monthly_revenue - 11.25).abs() < 1e-9,
            "{}",
            r.monthly_revenue
        );
        let typed = CalcParams::from_query("?aov=90&n=6&cac=6&margin=0.2&life=24");
        assert_eq!(typed.lifetime(), 24.0);
    }

    #[test]
    fn purchases_per_year_times_years_round_trip_and_drive_the_formulas() {
        let p = CalcParams::from_query("?aov=90&py=1.5&years=2&cac=6&margin=0.2&cur=EUR");
        assert_eq!(p.purchases_way, PurchasesWay::PerYear);
        assert_eq!((p.purchases_per_year, p.years), (1.5, 2.0));
        assert_eq!(p.purchases_per_lifetime(), 3.0);
        // n = 1.5 × 2 = 3: the reference example's 52.80.
        assert_eq!(p.compute().unwrap().simple.clv, 52.8);
        let q = to_query(&p.to_pairs());
        assert_eq!(q, "aov=90&py=1.5&years=2&cac=6&margin=0.2&life=24&cur=EUR");
        assert_eq!(CalcParams::from_query(&q), p);
        // 4 a year for 2.5 years = 10 purchases: (900 − 6) × 0.2 = 178.80
        let p = CalcParams::from_query("py=4&years=2.5");
        assert_eq!(p.purchases_per_lifetime(), 10.0);
        assert_eq!(p.compute().unwrap().simple.clv, 178.8);
    }

    #[test]
    fn the_url_keeps_the_way_that_was_used() {
        let lifetime = CalcParams::from_query("n=5");
        assert_eq!(lifetime.purchases_way, PurchasesWay::PerLifetime);
        assert_eq!(lifetime.purchases_per_lifetime(), 5.0);
        let pairs = lifetime.to_pairs();
        assert!(pairs.iter().any(|(k, _)| *k == "n"));
        assert!(!pairs.iter().any(|(k, _)| *k == "py" || *k == "years"));
        // Only the years given: per year, with the default 1.5 a year.
        let years_only = CalcParams::from_query("n=5&years=4");
        assert_eq!(years_only.purchases_way, PurchasesWay::PerYear);
        assert_eq!(years_only.purchases_per_lifetime(), 6.0);
        assert!(!years_only.to_pairs().iter().any(|(k, _)| *k == "n"));
        // Unreadable per-year values leave the lifetime way in place.
        let bad = CalcParams::from_query("n=5&py=abc&years=");
        assert_eq!(bad.purchases_way, PurchasesWay::PerLifetime);
        assert_eq!(bad.purchases_per_lifetime(), 5.0);
    }

    #[test]
    fn invalid_per_year_values_are_errors() {
        let negative = CalcParams::from_query("py=-2&years=-3");
        assert_eq!(
            negative.compute(),
            Err(CalculatorError::Negative {
                input: "py",
                value: -2.0
            })
        );
        let negative_years = CalcParams::from_query("py=2&years=-1");
        assert!(matches!(
            negative_years.compute(),
            Err(CalculatorError::Negative { input: "years", .. })
        ));
        let mut nan = CalcParams::from_query("py=2&years=3");
        nan.years = f64::NAN;
        assert_eq!(
            nan.compute(),
            Err(CalculatorError::NotANumber { input: "years" })
        );
        // The per-year values are not checked while the purchases are given per lifetime.
        let unused = CalcParams {
            purchases_per_year: -1.0,
            ..CalcParams::default()
        };
        assert!(unused.compute().is_ok());
    }

    #[test]
    fn numbers_are_read_as_the_reader_writes_them_or_refused_with_why() {
        let en = |t: &str| parse_number(t, '.');
        let lv = |t: &str| parse_number(t, ',');
        assert_eq!(en("90"), Ok(90.0));
        assert_eq!(en(" 12.5 "), Ok(12.5));
        assert_eq!(lv("12,5"), Ok(12.5));
        // One comma or dot followed by other than three digits is a decimal sign anywhere.
        assert_eq!(en("12,5"), Ok(12.5));
        assert_eq!(lv("12.5"), Ok(12.5));
        assert_eq!(en("0,125"), Ok(0.125));
        assert_eq!(en(",5"), Ok(0.5));
        // Space thousands and a decimal comma: unambiguous in every language.
        assert_eq!(lv("1 234,50"), Ok(1234.5));
        assert_eq!(en("1 234,50"), Ok(1234.5));
        assert_eq!(lv("1\u{a0}234\u{a0}567"), Ok(1234567.0));
        assert_eq!(en("1 234.50"), Ok(1234.5));
        // Both signs: the last is the decimal one.
        assert_eq!(en("1,234.50"), Ok(1234.5));
        assert_eq!(lv("1.234,50"), Ok(1234.5));
        assert_eq!(en("1,234,567"), Ok(1234567.0));
        // A lone sign before three digits: the reader's language decides, or we ask.
        assert_eq!(en("1,234"), Ok(1234.0));
        assert_eq!(lv("1,234"), Ok(1.234));
        assert_eq!(en("1.234"), Ok(1.234));
        assert_eq!(
            lv("1.234"),
            Err(NumberProblem::Ambiguous {
                as_decimal: 1.234,
                as_grouped: 1234.0
            })
        );
        assert_eq!(en("-10"), Ok(-10.0));
        assert_eq!(en("−10"), Ok(-10.0));
        for bad in [
            "abc",
            "12x",
            "1,2,3",
            "1 23,5",
            "1.2.3,4,5",
            "--1",
            "1 2",
            "12.",
            "$5",
            "1e3",
        ] {
            assert_eq!(en(bad), Err(NumberProblem::NotANumber), "{bad}");
            assert_eq!(lv(bad), Err(NumberProblem::NotANumber), "{bad}");
        }
        assert_eq!(en("  "), Err(NumberProblem::Empty));
    }

    #[test]
    fn switching_the_way_keeps_the_purchases() {
        let mut p = CalcParams::from_query("n=4");
        p.years = 3.0;
        p.set_purchases_way(PurchasesWay::PerYear);
        assert_eq!(p.purchases_way, PurchasesWay::PerYear);
        assert_eq!((p.purchases_per_year, p.years), (1.33, 3.0));
        p.set_purchases_way(PurchasesWay::PerLifetime);
        assert_eq!(p.purchases, 3.99);
        // No usable years: one year of n purchases.
        let mut p = CalcParams::from_query("n=6");
        p.years = 0.0;
        p.set_purchases_way(PurchasesWay::PerYear);
        assert_eq!((p.purchases_per_year, p.years), (6.0, 1.0));
    }
}
