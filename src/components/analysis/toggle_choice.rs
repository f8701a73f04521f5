//! One choice of a two-way switch between views of a chart (colour by customers or by revenue,
//! expected purchases or P(alive)).

use leptos::prelude::*;

/// A link-style button, pressed while `choice` holds `value`; clicking it chooses `value`.
#[component]
pub fn ToggleChoice(
    /// The choice the switch holds.
    choice: RwSignal<bool>,
    /// The choice this button stands for.
    value: bool,
    /// The button's `data-testid`, if tests look for it.
    #[prop(optional)]
    test_id: Option<&'static str>,
    /// The button's text, translated.
    children: Children,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class="link"
            data-testid=test_id
            aria-pressed=move || (choice.get() == value).to_string()
            on:click=move |_| choice.set(value)
        >
            {children()}
        </button>
    }
}
