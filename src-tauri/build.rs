//! Compiles the Tauri context and declares the app's own commands, so the capability file
//! can grant exactly the ones the UI uses and nothing else.

/// Every command the shell offers; `capabilities/default.json` grants them to the window.
const COMMANDS: &[&str] = &[
    "today",
    "dashboard",
    "timeline",
    "milestone_list",
    "instrument_detail",
    "commitment_detail",
    "milestone_detail",
    "search",
    "record_update",
    "create_instrument",
    "edit_instrument",
    "create_commitment",
    "edit_commitment",
    "create_milestone",
    "edit_milestone",
    "set_archived",
    "delete_entity",
    "import_file",
    "export_file",
    "open_link",
    "report_defaults",
    "export_report",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("Tauri build step");
}
