//! Which page of the app is shown (the analyzer or the calculator), kept in step with the URL,
//! and the one way to switch: the tabs, and the analysis's "try these in the calculator" link,
//! which opens the calculator with the shop's own numbers while the analysis stays in memory.

use leptos::prelude::*;

use crate::calculator::params::{query_value, CalcParams};
use crate::calculator::{
    set_query_value, updated_query, write_params_to_url, CalcState, CALC_KEYS,
};

/// Which page of the app is shown (`?view=calc` for the calculator).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// Drop a file, see the analysis.
    Analyzer,
    /// The CLV calculator.
    Calculator,
}

impl Page {
    /// The page named by the URL's `view=`.
    pub fn from_query(query: &str) -> Page {
        match query_value(query, "view").as_deref() {
            Some("calc") => Page::Calculator,
            _ => Page::Analyzer,
        }
    }
}

/// The page shown and the calculator's inputs, shared through the context.
#[derive(Debug, Clone, Copy)]
pub struct Navigation {
    /// The page shown.
    pub page: RwSignal<Page>,
    /// The calculator's inputs (kept while the analyzer is shown).
    pub calc: CalcState,
}

impl Navigation {
    /// Starts on the page and calculator inputs the URL names.
    pub fn from_query(query: &str) -> Self {
        Navigation {
            page: RwSignal::new(Page::from_query(query)),
            calc: CalcState::new(CalcParams::from_query(query)),
        }
    }

    /// Shows `to` and writes it into the address bar (the calculator's inputs with it, so the
    /// link can be shared; the analyzer's URL carries none of them).
    pub fn go(&self, to: Page) {
        self.page.set(to);
        match to {
            Page::Calculator => {
                set_query_value("view", "calc");
                write_params_to_url(&self.calc.params.get_untracked());
            }
            Page::Analyzer => crate::browser::replace_query(&updated_query(
                &crate::browser::location_query(),
                &[],
                &["view"].into_iter().chain(CALC_KEYS).collect::<Vec<_>>(),
            )),
        }
    }

    /// Opens the calculator filled with `params`.
    pub fn open_calculator(&self, params: CalcParams) {
        self.calc.replace(|p| *p = params);
        self.go(Page::Calculator);
    }
}

/// The address of the calculator filled with `params`, for a link that also works when opened
/// in a new tab (the language stays).
pub fn calculator_href(params: &CalcParams) -> String {
    let query = crate::calculator::query_with_params(
        &updated_query(
            &crate::browser::location_query(),
            &[("view", "calc".into())],
            &[],
        ),
        params,
    );
    format!("?{query}")
}
