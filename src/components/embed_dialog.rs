//! "Embed this calculator": the iframe snippet for a blog post, with the current values and the
//! chosen look, ready to copy.

use leptos::prelude::*;

use crate::calculator::params::{to_query, CalcParams};
use crate::i18n::{self, t};

/// The snippet a host page pastes: a sandboxed iframe (scripts only: no cookies, no storage,
/// no access to the host) and a few lines that grow the iframe to the height it reports.
pub fn snippet(
    embed_url: &str,
    params: &CalcParams,
    lang: &str,
    theme: &str,
    accent: &str,
    title: &str,
) -> String {
    let mut pairs = params.to_pairs();
    pairs.push(("lang", lang.to_string()));
    if theme != "auto" {
        pairs.push(("theme", theme.to_string()));
    }
    let accent = accent.trim_start_matches('#');
    if !accent.is_empty() {
        pairs.push(("accent", accent.to_string()));
    }
    let src = format!("{embed_url}?{}", to_query(&pairs)).replace('&', "&amp;");
    let title = title
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    format!(
        "<iframe src=\"{src}\" title=\"{title}\" sandbox=\"allow-scripts\" \
         data-clv-lens width=\"100%\" height=\"560\" style=\"border:0;max-width:40rem\" \
         loading=\"lazy\"></iframe>\n\
         <script>addEventListener(\"message\",function(e){{var d=e.data;\
         if(!d||d.type!==\"clv-lens:height\")return;\
         document.querySelectorAll(\"iframe[data-clv-lens]\").forEach(function(f){{\
         if(f.contentWindow===e.source)f.style.height=Math.ceil(d.height)+\"px\"}})}});</script>"
    )
}

/// The button and the dialog with the snippet.
#[component]
pub fn EmbedDialog(
    /// The calculator's current inputs.
    params: RwSignal<CalcParams>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let theme = RwSignal::new("auto".to_string());
    let accent = RwSignal::new("#0072b2".to_string());
    let code = move || {
        snippet(
            &crate::browser::sibling_url("embed.html"),
            &params.get(),
            i18n::current().code(),
            &theme.get(),
            &accent.get(),
            &t("calc.title"),
        )
    };
    view! {
        <button
            type="button"
            class="button"
            data-testid="embed-open"
            aria-expanded=move || open.get().to_string()
            on:click=move |_| open.update(|o| *o = !*o)
        >
            {move || t("embed.open")}
        </button>
        <Show when=move || open.get()>
            <section class="panel embed-dialog" role="dialog" aria-labelledby="embed-title" data-testid="embed-dialog">
                <h2 id="embed-title">{move || t("embed.title")}</h2>
                <p class="caption">{move || t("embed.explain")}</p>
                <div class="embed-options">
                    <label>
                        {move || t("embed.theme")} " "
                        <select on:change=move |ev| theme.set(event_target_value(&ev))>
                            <option value="auto">{move || t("embed.theme.auto")}</option>
                            <option value="light">{move || t("embed.theme.light")}</option>
                            <option value="dark">{move || t("embed.theme.dark")}</option>
                        </select>
                    </label>
                    <label>
                        {move || t("embed.accent")} " "
                        <input
                            type="color"
                            prop:value=move || accent.get()
                            on:input=move |ev| accent.set(event_target_value(&ev))
                        />
                    </label>
                </div>
                <textarea readonly rows="6" class="snippet" data-testid="embed-snippet" prop:value=code></textarea>
                <div class="actions">
                    <button
                        type="button"
                        class="button primary"
                        data-testid="embed-copy"
                        on:click=move |_| crate::browser::copy_text(&code())
                    >
                        {move || t("embed.copy")}
                    </button>
                </div>
            </section>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_is_a_sandboxed_iframe_with_the_values() {
        let s = snippet(
            "https://example.org/clv/embed.html",
            &CalcParams::default(),
            "lv",
            "dark",
            "#d55e00",
            "CLV \"kalkulators\"",
        );
        assert!(s.contains("title=\"CLV &quot;kalkulators&quot;\""));
        assert!(s.starts_with(
            "<iframe src=\"https://example.org/clv/embed.html?aov=90&amp;n=3&amp;cac=6&amp;margin=0.2"
        ));
        assert!(s.contains("&amp;lang=lv&amp;theme=dark&amp;accent=d55e00\""));
        assert!(s.contains("sandbox=\"allow-scripts\""));
        assert!(!s.contains("allow-same-origin"));
        assert!(s.contains("clv-lens:height"));
    }
}
