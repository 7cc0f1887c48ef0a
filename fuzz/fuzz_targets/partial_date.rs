//! Any text either parses as a partial date that prints back as written, or is refused.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        accord::fuzzing::check_partial_date(text);
    }
});
