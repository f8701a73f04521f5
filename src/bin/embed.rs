//! Mounts the embeddable calculator widget (embed.html).

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(clv_lens::widget::Widget);
}
