//! Starts the Accord desktop app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// mimalloc, as the `accord` tool: the timeline's first call at 100k milestones makes some
/// 100,000 small allocations, and took 0.92-0.95x the time with it (BENCHMARKS.md). With
/// `no_thp` the app's memory when idle is the same as with the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // Before anything starts a thread or GTK (see webview.rs).
    accord_desktop::webview::render_without_compositing();
    accord_desktop::run();
}
