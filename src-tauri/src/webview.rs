//! How the window's WebKit view renders.
//!
//! WebKitGTK 2.50 composites every page through OpenGL: on a GPU, or where there is none
//! (virtual machines, remote desktops, Xvfb) through Mesa's software renderer, whose
//! buffers stay in the web process. Accord's screens are documents — text, tables, a
//! chart of boxes — with no video, WebGL or 3D transforms that need compositing; rendered
//! without it, the idle web process holds 124 MiB instead of 234 MiB (BENCHMARKS.md).
//! "On demand", which would composite only content that asks for it, is no longer honoured
//! by this WebKitGTK (measured: no change), so compositing is off, as GNOME's Evolution
//! does for its mail view.

/// Renders the window's page without compositing. Call from `setup`, once the window exists.
#[cfg(target_os = "linux")]
pub fn render_without_compositing(window: &tauri::WebviewWindow) {
    use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
    let applied = window.with_webview(|webview| {
        if let Some(settings) = WebViewExt::settings(&webview.inner()) {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    });
    if let Err(e) = applied {
        eprintln!("accord-desktop: could not set how the window renders: {e}");
    }
}

#[cfg(not(target_os = "linux"))]
pub fn render_without_compositing(_window: &tauri::WebviewWindow) {}
