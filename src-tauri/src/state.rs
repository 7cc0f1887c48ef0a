//! The app's state: the one open database, reached through [`AppState::with_store`].

use std::any::Any;
use std::panic::AssertUnwindSafe;
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
    ///
    /// A panic inside `work` is a bug, but it must not take the app down or leave the UI
    /// waiting: it is caught here and reported as an `internal` error. Any transaction it
    /// was in rolls back as it unwinds, so nothing half-written stays.
    pub fn with_store<T>(
        &self,
        work: impl FnOnce(&mut Store) -> accord::Result<T>,
    ) -> CommandResult<T> {
        // The lock is only poisoned if a panic escaped while it was held, and the database
        // rolled back then too: the store is still good to use.
        let mut store = self
            .store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match std::panic::catch_unwind(AssertUnwindSafe(|| work(&mut store))) {
            Ok(result) => result.map_err(CommandError::from),
            Err(panic) => Err(CommandError::new(
                "internal",
                format!(
                    "Accord hit an internal error ({}) and stopped; nothing was changed. \
                     Please report it.",
                    panic_message(panic.as_ref())
                ),
            )),
        }
    }
}

fn panic_message(panic: &(dyn Any + Send)) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("no message")
}
