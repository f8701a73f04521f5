//! What the numbers on a chart are and how they become text: the kit formats nothing itself,
//! the caller passes a [`Format`] (the browser's Intl on screen, a plain one in tests).

/// What a number on an axis / in a tooltip is, so the caller formats it (Intl on screen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A whole number of things (customers, orders).
    Count,
    /// An amount in the shop's currency.
    Money,
    /// A fraction 0..1, shown as a percentage.
    Share,
    /// Any other number (a rate, a model parameter, a month index).
    Number,
}

/// Formats a value of a kind; the page passes one using the browser's Intl, tests pass a plain one.
pub type Format<'a> = &'a dyn Fn(ValueKind, f64) -> String;
