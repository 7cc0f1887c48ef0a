//! The dataset generator: deterministic, the size asked for, and always importable (so a
//! benchmark never measures a refused import).

mod fixture;

use accord::generate::{document, Size};
use fixture::*;

const SMALL: Size = Size {
    milestones: 250,
    updates_per_milestone: 3,
};

#[test]
fn the_same_seed_gives_the_same_bytes() {
    assert_eq!(document(7, SMALL), document(7, SMALL));
    assert_ne!(document(7, SMALL), document(8, SMALL));
}

#[test]
fn a_generated_file_imports_whole_with_the_size_asked_for() {
    let (_dir, mut store) = temp_store();
    let summary = accord::exchange::import_bytes(&mut store, &document(1, SMALL))
        .expect("generated files are valid");
    assert_eq!(summary.milestones.added, 250);
    let updates = count(&store, "updates");
    assert!(
        (500..=1000).contains(&updates),
        "about three updates per milestone: {updates}"
    );
    let again = accord::exchange::import_bytes(&mut store, &document(1, SMALL)).unwrap();
    assert!(again.is_noop());
}

#[test]
fn the_mix_covers_every_date_form_and_many_statuses() {
    let text = String::from_utf8(document(
        3,
        Size {
            milestones: 1000,
            updates_per_milestone: 3,
        },
    ))
    .unwrap();
    for form in ["\"due\":null", "-H1\"", "-Q3\"", "\"due\":\"2027\""] {
        assert!(text.contains(form), "{form} appears");
    }
    for status in [
        "not_started",
        "in_progress",
        "stalled",
        "done",
        "partly_done",
        "missed",
        "unclear",
    ] {
        assert!(
            text.contains(&format!("\"status\":\"{status}\"")),
            "{status} appears"
        );
    }
}
