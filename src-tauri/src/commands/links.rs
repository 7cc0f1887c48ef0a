//! Opening evidence and source links in the system browser. Only `http` and `https`
//! addresses are opened; the check is here, in Rust, whatever the UI sends.

use tauri::AppHandle;
use tauri_plugin_opener::OpenerExt;

use crate::error::{CommandError, CommandResult};

/// Accepts only absolute `http://` or `https://` addresses with a host.
pub fn check_web_link(url: &str) -> CommandResult<&str> {
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    match rest {
        Some(rest)
            if !rest.is_empty()
                && !rest.starts_with('/')
                && !url.chars().any(|c| c.is_whitespace() || c.is_control()) =>
        {
            Ok(url)
        }
        _ => Err(CommandError::new(
            "refused",
            format!(
                "only http and https links are opened, not {}",
                accord::validate::quoted(url)
            ),
        )),
    }
}

#[tauri::command]
pub fn open_link(app: AppHandle, url: String) -> CommandResult<()> {
    let url = check_web_link(&url)?;
    app.opener()
        .open_url(url, None::<&str>)
        .map_err(|e| CommandError::new("io", format!("cannot open the browser: {e}")))
}
