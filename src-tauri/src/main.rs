//! Starts the Accord desktop app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    accord_desktop::run();
}
