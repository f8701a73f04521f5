//! Mounts the CLV Lens app; everything else lives in the library so tests can import it.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(clv_lens::app::App);
}
