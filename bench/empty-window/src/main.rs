//! An empty Tauri window: the baseline that bench/app_start.py compares Accord with.
//! No plugins, no commands, no state: only what every Tauri app pays for.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("the baseline window could not start");
}
