//! The native menu. Items that need the UI (dialogs, navigation) are sent to it as a
//! `menu` event carrying the item's id; the UI owns what happens next.

use tauri::menu::{Menu, MenuBuilder, MenuItemBuilder, PredefinedMenuItem, SubmenuBuilder};
use tauri::{AppHandle, Emitter, Runtime};

/// The event the UI listens to for menu choices.
pub const MENU_EVENT: &str = "menu";

pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let item = |id: &str, label: &str, accel: &str| {
        MenuItemBuilder::with_id(id, label)
            .accelerator(accel)
            .build(app)
    };
    let file = SubmenuBuilder::new(app, "File")
        .item(&item("import", "Import…", "CmdOrCtrl+O")?)
        .item(&item("export-json", "Export data (JSON)…", "CmdOrCtrl+E")?)
        .item(&item(
            "export-csv",
            "Export milestones (CSV)…",
            "CmdOrCtrl+Shift+E",
        )?)
        .item(&item(
            "export-report",
            "Export report (PDF)…",
            "CmdOrCtrl+P",
        )?)
        .separator()
        .item(&PredefinedMenuItem::quit(app, Some("Quit"))?)
        .build()?;
    let edit = SubmenuBuilder::new(app, "Edit")
        .item(&PredefinedMenuItem::undo(app, None)?)
        .item(&PredefinedMenuItem::redo(app, None)?)
        .separator()
        .item(&PredefinedMenuItem::cut(app, None)?)
        .item(&PredefinedMenuItem::copy(app, None)?)
        .item(&PredefinedMenuItem::paste(app, None)?)
        .item(&PredefinedMenuItem::select_all(app, None)?)
        .separator()
        .item(&item("new-instrument", "New instrument…", "CmdOrCtrl+N")?)
        .build()?;
    let view = SubmenuBuilder::new(app, "View")
        .item(&item("go-dashboard", "Dashboard", "CmdOrCtrl+1")?)
        .item(&item("go-timeline", "Timeline", "CmdOrCtrl+2")?)
        .item(&item("go-table", "Milestone table", "CmdOrCtrl+3")?)
        .separator()
        .item(&item("search", "Search…", "CmdOrCtrl+K")?)
        .item(&item("as-of", "Change as-of date…", "CmdOrCtrl+D")?)
        .build()?;
    let help = SubmenuBuilder::new(app, "Help")
        .item(&item("about", "About Accord", "F1")?)
        .build()?;
    MenuBuilder::new(app)
        .items(&[&file, &edit, &view, &help])
        .build()
}

pub fn forward<R: Runtime>(app: &AppHandle<R>, id: &str) {
    let _ = app.emit(MENU_EVENT, id.to_string());
}
