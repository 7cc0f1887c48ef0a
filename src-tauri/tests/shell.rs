//! The shell's contracts with the UI: the error shape, the link policy, and one list of
//! commands shared by the Rust handler, the permission manifest, the capability file and
//! the UI's typed wrapper. Also the security settings: capabilities grant only what the UI
//! uses, and the CSP allows nothing remote and no eval.

use std::collections::BTreeSet;
use std::path::PathBuf;

use accord_desktop::commands::links::check_web_link;
use accord_desktop::error::CommandError;
use serde_json::{json, Value};

fn read(relative: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// The quoted names in the `COMMANDS` list of build.rs.
fn manifest_commands() -> BTreeSet<String> {
    let build = read("build.rs");
    let start = build
        .find("const COMMANDS")
        .expect("build.rs lists COMMANDS");
    let list = &build[start..build[start..].find("];").unwrap() + start];
    list.split('"')
        .skip(1)
        .step_by(2)
        .map(String::from)
        .collect()
}

#[test]
fn errors_reach_the_ui_as_code_message_path_and_fields() {
    let core = accord::Error::Invalid(vec![
        accord::FieldError::new("evidence", "expected at least one evidence source"),
        accord::FieldError::new("note", "expected non-empty text"),
    ]);
    let value = serde_json::to_value(CommandError::from(core)).unwrap();
    assert_eq!(value["code"], "invalid");
    assert_eq!(
        value["path"], "evidence",
        "the first field, for a form to put the message beside"
    );
    assert!(value["message"]
        .as_str()
        .unwrap()
        .contains("nothing was changed"));
    assert_eq!(
        value["fields"][1],
        json!({ "path": "note", "message": "expected non-empty text" })
    );
    let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["code", "message", "path", "fields"]);

    let refused =
        serde_json::to_value(CommandError::from(accord::Error::Refused("no".into()))).unwrap();
    assert_eq!(
        refused,
        json!({ "code": "refused", "message": "no", "path": null, "fields": [] })
    );
}

#[test]
fn only_http_and_https_links_are_opened() {
    for ok in [
        "https://www.gov.uk/x",
        "http://example.org",
        "HTTPS://EXAMPLE.ORG/A?b#c",
    ] {
        assert!(check_web_link(ok).is_ok(), "{ok}");
    }
    for bad in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.org",
        "https://",
        "https:///etc/passwd",
        "//example.org",
        "example.org",
        "https://exa mple.org",
        "https://example.org/\n",
        "",
    ] {
        let err = check_web_link(bad).expect_err(bad);
        assert_eq!(err.code, "refused", "{bad}");
    }
}

#[test]
fn every_command_is_listed_once_everywhere() {
    let manifest = manifest_commands();
    let lib = read("src/lib.rs");
    let handler: BTreeSet<String> = lib[lib.find("generate_handler![").unwrap()..]
        .split(']')
        .next()
        .unwrap()
        .split(',')
        .filter_map(|s| {
            s.trim()
                .rsplit("::")
                .next()
                .map(str::trim)
                .filter(|s| !s.is_empty() && !s.contains('['))
                .map(String::from)
        })
        .collect();
    assert_eq!(
        handler, manifest,
        "build.rs COMMANDS and generate_handler! must name the same commands"
    );

    let api = read("../ui/src/lib/api.ts");
    let start = api.find("COMMAND_NAMES = [").unwrap();
    let ui: BTreeSet<String> = api[start..start + api[start..].find(']').unwrap()]
        .split('\'')
        .skip(1)
        .step_by(2)
        .map(String::from)
        .collect();
    assert_eq!(
        ui, manifest,
        "the UI's COMMAND_NAMES must match the shell's commands"
    );
}

#[test]
fn the_capability_grants_exactly_the_commands_events_and_dialogs_the_ui_uses() {
    let capability: Value = serde_json::from_str(&read("capabilities/default.json")).unwrap();
    assert_eq!(capability["windows"], json!(["main"]));
    let granted: BTreeSet<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p.as_str()
                .expect("plain permission names, no scoped objects")
                .to_string()
        })
        .collect();
    let mut expected: BTreeSet<String> = manifest_commands()
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    for extra in [
        "core:event:allow-listen",
        "core:event:allow-unlisten",
        "dialog:allow-open",
        "dialog:allow-save",
    ] {
        expected.insert(extra.to_string());
    }
    assert_eq!(granted, expected, "nothing broader than what the UI uses");
    for p in &granted {
        assert!(
            !p.ends_with(":default")
                && !p.contains("allow-all")
                && !p.starts_with("fs:")
                && !p.starts_with("shell:"),
            "{p}"
        );
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("capabilities");
    let files: Vec<_> = std::fs::read_dir(dir).unwrap().collect();
    assert_eq!(files.len(), 1, "one capability file, checked here");
}

#[test]
fn the_csp_allows_nothing_remote_and_no_eval() {
    let conf: Value = serde_json::from_str(&read("tauri.conf.json")).unwrap();
    let security = &conf["app"]["security"];
    let csp = security["csp"].as_object().expect("a CSP is set");
    assert_eq!(csp["default-src"], "'self'");
    for (directive, value) in csp {
        let value = value.as_str().unwrap();
        for banned in [
            "unsafe-eval",
            "unsafe-inline",
            "http:",
            "https:",
            "*",
            "wasm-unsafe-eval",
        ] {
            let hit = value.split_whitespace().any(|source| {
                source == banned || source.starts_with(banned) && banned.ends_with(':')
            });
            // The IPC bridge is the one http origin allowed, and only for connect-src.
            let ipc = directive == "connect-src"
                && value
                    .split_whitespace()
                    .all(|s| s == "ipc:" || s == "http://ipc.localhost");
            assert!(!hit || ipc, "{directive} must not allow {banned}: {value}");
        }
    }
    assert_eq!(csp["script-src"], "'self'");
    assert_eq!(csp["object-src"], "'none'");
    assert_ne!(
        security["dangerousDisableAssetCspModification"],
        json!(true)
    );
    assert_ne!(
        conf["app"]["withGlobalTauri"],
        json!(true),
        "no global Tauri object for injected scripts"
    );
}

#[test]
fn a_panic_in_a_command_is_reported_and_rolls_back() {
    use accord_desktop::state::AppState;
    let dir = tempfile::tempdir().unwrap();
    let mut store = accord::Store::open(&dir.path().join("db.sqlite3")).unwrap();
    accord::dataset::seed(&mut store).unwrap();
    let state = AppState::new(store);
    let title = |state: &AppState| {
        state
            .with_store(|s| {
                Ok(s.conn().query_row(
                    "SELECT title FROM instruments WHERE id = 'uk-openai-mou-2025'",
                    [],
                    |r| r.get::<_, String>(0),
                )?)
            })
            .unwrap()
    };
    let before = title(&state);
    // Silence the default hook's backtrace for this deliberate panic.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let error = state
        .with_store(|s| -> accord::Result<()> {
            s.write(|tx| {
                tx.execute(
                    "UPDATE instruments SET title = 'half-written' WHERE id = 'uk-openai-mou-2025'",
                    [],
                )?;
                panic!("a bug halfway through a write");
            })
        })
        .unwrap_err();
    std::panic::set_hook(hook);
    assert_eq!(error.code, "internal", "{}", error.message);
    assert!(
        error.message.contains("a bug halfway through a write")
            && error.message.contains("nothing was changed"),
        "{}",
        error.message
    );
    assert_eq!(title(&state), before, "the half-done write rolled back");
}

#[test]
fn the_db_argument_names_another_database() {
    use accord_desktop::db_argument;
    let args = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        db_argument(args(&["--db", "/tmp/a.sqlite3"]).into_iter()),
        Some(PathBuf::from("/tmp/a.sqlite3"))
    );
    assert_eq!(
        db_argument(args(&["--db=/tmp/b.sqlite3"]).into_iter()),
        Some(PathBuf::from("/tmp/b.sqlite3"))
    );
    assert_eq!(db_argument(args(&[]).into_iter()), None);
    assert_eq!(db_argument(args(&["--db"]).into_iter()), None);
}
