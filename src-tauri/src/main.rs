//! Starts the Accord desktop app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// The allocator the `accord` tool uses too (see BENCHMARKS.md): the views of 100k
/// milestones make and free millions of small strings.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    accord_desktop::run();
}
