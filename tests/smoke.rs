mod common;
use common::*;

#[test]
fn example_program_checks_with_its_deliberate_findings() {
    let (code, json) =
        check_json(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/artemis"));
    assert_eq!(json["kind"], "check");
    assert_eq!(json["program"], "artemis");
    assert!(code == 0 || code == 1);
}
