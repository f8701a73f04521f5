//! The calculator's state: its inputs as URL query parameters ([`params`]) and keeping the URL
//! in step with them.

pub mod params;

use params::{query_pairs, to_query, CalcParams};

/// The query keys the calculator owns.
pub const CALC_KEYS: [&str; 10] = [
    "aov", "n", "py", "years", "cac", "margin", "life", "ret", "disc", "cur",
];

/// A query with `updates` set (replacing earlier values in place, appending new keys) and the
/// keys in `remove` dropped.
pub fn updated_query(query: &str, updates: &[(&str, String)], remove: &[&str]) -> String {
    let mut pairs: Vec<(String, String)> = query_pairs(query)
        .into_iter()
        .filter(|(k, _)| !remove.contains(&k.as_str()))
        .collect();
    for (key, value) in updates {
        match pairs.iter_mut().find(|(k, _)| k == key) {
            Some(pair) => pair.1 = value.clone(),
            None => pairs.push((key.to_string(), value.clone())),
        }
    }
    let pairs: Vec<(&str, String)> = pairs.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    to_query(&pairs)
}

/// The page's query with the calculator's inputs replaced by `params`.
pub fn query_with_params(query: &str, params: &CalcParams) -> String {
    updated_query(query, &params.to_pairs(), &CALC_KEYS)
}

/// Sets one value in the page's URL query.
pub fn set_query_value(key: &str, value: &str) {
    let query = crate::browser::location_query();
    crate::browser::replace_query(&updated_query(&query, &[(key, value.to_string())], &[]));
}

/// Writes the calculator's inputs into the page's URL query (other keys such as `lang` stay).
pub fn write_params_to_url(params: &CalcParams) {
    let query = crate::browser::location_query();
    crate::browser::replace_query(&query_with_params(&query, params));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switching_to_per_year_drops_n_from_the_url() {
        let mut p = CalcParams::default();
        p.set_purchases_way(params::PurchasesWay::PerYear);
        assert_eq!(
            query_with_params("view=calc&n=3&lang=lv", &p),
            "view=calc&lang=lv&aov=90&py=1.5&years=2&cac=6&margin=0.2&life=24&cur=EUR"
        );
        p.set_purchases_way(params::PurchasesWay::PerLifetime);
        assert_eq!(
            query_with_params("py=1.5&years=2", &p),
            "aov=90&n=3&cac=6&margin=0.2&life=24&cur=EUR"
        );
    }

    #[test]
    fn params_replace_the_calculators_keys_only() {
        let p = CalcParams {
            aov: 100.0,
            ..CalcParams::default()
        };
        assert_eq!(
            query_with_params("?view=calc&aov=90&lang=lv&ret=0.5", &p),
            "view=calc&lang=lv&aov=100&n=3&cac=6&margin=0.2&life=24&cur=EUR"
        );
        assert_eq!(
            updated_query("view=calc&lang=lv", &[("lang", "pl".into())], &[]),
            "view=calc&lang=pl"
        );
    }
}

/// An input whose text could not be read: the field's URL name, the text typed, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Refused {
    /// The field's URL name (`aov`, `n`, `margin`…).
    pub field: &'static str,
    /// What the user typed.
    pub text: String,
    /// Why it is not a number.
    pub problem: params::NumberProblem,
}

/// The calculator's inputs shared by the page: the values, and a revision that changes only
/// when the values are replaced from outside the inputs ("use my data"), so an input being
/// typed into is not rewritten under the cursor (typing `0.` must not become `0`).
#[derive(Debug, Clone, Copy)]
pub struct CalcState {
    /// The current inputs.
    pub params: leptos::prelude::RwSignal<CalcParams>,
    /// Bumped by [`CalcState::replace`].
    pub revision: leptos::prelude::RwSignal<u32>,
    /// Inputs whose text is not a number just now: while any is, no result is shown (it would
    /// be the result of the values before), only why each is refused.
    pub refused: leptos::prelude::RwSignal<Vec<Refused>>,
}

impl CalcState {
    /// State starting from `params`.
    pub fn new(params: CalcParams) -> Self {
        use leptos::prelude::RwSignal;
        CalcState {
            params: RwSignal::new(params),
            revision: RwSignal::new(0),
            refused: RwSignal::new(Vec::new()),
        }
    }

    /// Replaces the inputs from outside (the inputs show the new values, so none is refused).
    pub fn replace(&self, f: impl FnOnce(&mut CalcParams)) {
        use leptos::prelude::{Set, Update};
        self.params.update(f);
        self.refused.set(Vec::new());
        self.revision.update(|r| *r += 1);
    }

    /// Notes whether the text typed into `field` was read (`None`) or refused.
    pub fn set_refused(&self, field: &'static str, refused: Option<Refused>) {
        use leptos::prelude::Update;
        self.refused.update(|list| {
            list.retain(|r| r.field != field);
            list.extend(refused);
        });
    }
}
