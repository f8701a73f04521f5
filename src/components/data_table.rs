//! A table of figures as the pages show them: column headers, then rows, in a box that scrolls
//! sideways on narrow screens.

use leptos::prelude::*;

/// A `table.data` with a header row of `headers` and the given rows as its body.
#[component]
pub fn DataTable(
    /// The table's `data-testid`.
    test_id: &'static str,
    /// The column headers, translated.
    headers: Vec<String>,
    /// The body's rows (`<tr>` elements).
    children: Children,
) -> impl IntoView {
    let headers = headers
        .into_iter()
        .map(|h| view! { <th scope="col">{h}</th> })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="data" data-testid=test_id>
                <thead>
                    <tr>{headers}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}
