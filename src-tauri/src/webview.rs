//! How the window's WebKit view renders.
//!
//! WebKitGTK 2.50 composites every page through OpenGL: on a GPU, or where there is none
//! (virtual machines, remote desktops, Xvfb) through Mesa's software renderer, whose
//! buffers stay in the web process. Accord's screens are documents — text, tables, a
//! chart of boxes — with no video, WebGL or 3D transforms that need compositing; rendered
//! without it, the idle web process holds about 125 MiB instead of 234 MiB
//! (BENCHMARKS.md). "On demand", which would composite only content that asks for it, is
//! no longer honoured by this WebKitGTK (measured: no change), so compositing is off, as
//! GNOME's Evolution does for its mail view.
//!
//! It is turned off through WebKitGTK's own switch, the `WEBKIT_DISABLE_COMPOSITING_MODE`
//! environment variable, set before GTK and WebKit start. Setting the view's hardware
//! acceleration policy once the window existed (as Accord did before) came after WebKit
//! had already prepared OpenGL for the window: the page began loading about 30 ms later
//! than with the variable (bench/app_start.py). Programs Accord starts (the browser for
//! a link, the PDF viewer for a report) inherit the variable; it only tells a WebKitGTK
//! program to render without compositing.

/// The variable WebKitGTK reads to render without compositing.
pub const NO_COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Tells WebKitGTK to render without compositing, unless the environment already says
/// how it should (a user's own setting stands). Call it first thing in `main`, while the
/// process has a single thread: changing the environment while another thread may read
/// it is unsound.
pub fn render_without_compositing() {
    if cfg!(target_os = "linux") && std::env::var_os(NO_COMPOSITING).is_none() {
        std::env::set_var(NO_COMPOSITING, "1");
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::process::Command;

    /// Runs `child_calls_it` alone in a new process of this test binary, with the variable
    /// set to `given` (or absent), and returns what that process saw after the call: the
    /// environment is the child's own, so no process running other tests changes it.
    fn after_call(given: Option<&str>) -> String {
        let mut child = Command::new(std::env::current_exe().unwrap());
        child.args(["--exact", "webview::tests::child_calls_it", "--ignored"]);
        child.args(["--nocapture", "--test-threads", "1"]);
        match given {
            Some(value) => child.env(NO_COMPOSITING, value),
            None => child.env_remove(NO_COMPOSITING),
        };
        let out = child.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let line = text.lines().find_map(|l| l.split("after: ").nth(1));
        line.expect("the child printed what it saw").to_owned()
    }

    /// The child's half of the test below, ignored in ordinary runs: there it would change
    /// the environment of a process running other tests.
    #[test]
    #[ignore = "run in a child process by the test below"]
    fn child_calls_it() {
        render_without_compositing();
        println!("after: {:?}", std::env::var(NO_COMPOSITING).ok());
    }

    #[test]
    fn compositing_is_turned_off_unless_the_user_said_otherwise() {
        assert_eq!(after_call(None), "Some(\"1\")");
        assert_eq!(after_call(Some("0")), "Some(\"0\")");
    }
}
