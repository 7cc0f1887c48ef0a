//! The app's state: the one open database, reached through [`AppState::with_store`].

use std::sync::Mutex;

use accord::Store;

use crate::error::{CommandError, CommandResult};

pub struct AppState {
    store: Mutex<Store>,
}

impl AppState {
    pub fn new(store: Store) -> Self {
        AppState {
            store: Mutex::new(store),
        }
    }

    /// Runs `work` with the database. One command at a time touches it; SQLite's own
    /// locking keeps the CLI and other processes in step.
    pub fn with_store<T>(
        &self,
        work: impl FnOnce(&mut Store) -> accord::Result<T>,
    ) -> CommandResult<T> {
        let mut store = self.store.lock().map_err(|_| {
            CommandError::new(
                "internal",
                "an earlier command failed while using the database; restart Accord",
            )
        })?;
        work(&mut store).map_err(CommandError::from)
    }
}
