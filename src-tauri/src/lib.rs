//! Accord's desktop shell: opens the default database (the same one as the `accord`
//! command-line tool), serves the embedded UI and hands it typed commands over the core.
//! Nothing here decides what the data means; that is the core's job.

pub mod commands;
pub mod error;
pub mod menu;
pub mod settings;
pub mod state;
pub mod webview;

use tauri::Manager;

use crate::state::AppState;

/// The file named by `--db FILE` or `--db=FILE` among the app's arguments.
pub fn db_argument(mut args: impl Iterator<Item = String>) -> Option<std::path::PathBuf> {
    while let Some(arg) = args.next() {
        if arg == "--db" {
            return args.next().map(Into::into);
        }
        if let Some(path) = arg.strip_prefix("--db=") {
            return Some(path.into());
        }
    }
    None
}

pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .setup(|app| {
            // `accord-desktop --db FILE` opens another database, as the CLI's `--db` does
            // (a new file there starts empty); otherwise the default one.
            let opened = match db_argument(std::env::args().skip(1)) {
                Some(path) => accord::Store::open(&path),
                None => accord::dataset::open_default(),
            };
            let store = opened.map_err(|e| {
                // Without its database the app has nothing to show; say why on stderr too.
                eprintln!("accord-desktop: {e}");
                Box::new(e) as Box<dyn std::error::Error>
            })?;
            app.manage(AppState::new(store));
            Ok(())
        })
        .menu(menu::build)
        .on_menu_event(|app, event| menu::forward(app, event.id().as_ref()))
        .invoke_handler(tauri::generate_handler![
            commands::views::today,
            commands::views::dashboard,
            commands::views::timeline,
            commands::views::milestone_list,
            commands::views::instrument_detail,
            commands::views::commitment_detail,
            commands::views::milestone_detail,
            commands::views::search,
            commands::writes::record_update,
            commands::writes::create_instrument,
            commands::writes::edit_instrument,
            commands::writes::create_commitment,
            commands::writes::edit_commitment,
            commands::writes::create_milestone,
            commands::writes::edit_milestone,
            commands::writes::set_archived,
            commands::writes::delete_entity,
            commands::files::import_file,
            commands::files::export_file,
            commands::links::open_link,
            commands::reports::report_defaults,
            commands::reports::export_report,
        ])
        .run(tauri::generate_context!())
        .expect("the Accord window could not start");
}
