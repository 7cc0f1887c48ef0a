//! Compiles the Tauri context (config, embedded dist/, icon) as Accord's shell does.

fn main() {
    tauri_build::build();
}
