//! Starts the Accord desktop app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Before anything starts a thread or GTK (see webview.rs).
    accord_desktop::webview::render_without_compositing();
    accord_desktop::run();
}
