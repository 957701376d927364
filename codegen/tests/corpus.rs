//! The bad-spec corpus: each folder of `tests/corpus/` is one fault (its
//! `README` says which) in an otherwise valid spec set under `specs/`, and
//! `expected.txt` is every diagnostic it must get, rendered as `cargo xtask
//! codegen` prints them (file:line:column, labels, help).
//!
//! To add a case, write its `README` and `specs/`, run
//! `CORPUS_BLESS=1 cargo test -p codegen --test corpus`, and review the
//! `expected.txt` it writes. CI never blesses.

mod common;

use std::path::Path;

use codegen::generate;
use common::read_specs;

#[test]
fn every_fault_gets_its_expected_diagnostics() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut cases: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 25, "the corpus has {} cases", cases.len());
    let bless = std::env::var_os("CORPUS_BLESS").is_some();
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let sources = read_specs(&format!("codegen/tests/corpus/{name}/specs"));
        let Err(diagnostics) = generate("specs", &sources) else {
            failures.push(format!("{name}: generated code instead of a diagnostic"));
            continue;
        };
        let rendered = diagnostics.render_sources("specs", &sources, false);
        let expected_path = case.join("expected.txt");
        if bless {
            std::fs::write(&expected_path, &rendered).unwrap();
            continue;
        }
        match std::fs::read_to_string(&expected_path) {
            Ok(expected) if expected == rendered => {}
            Ok(expected) => failures.push(format!(
                "{name}: the diagnostics changed\n--- expected\n{expected}\n--- got\n{rendered}"
            )),
            Err(_) => failures.push(format!(
                "{name}: no expected.txt; run CORPUS_BLESS=1 cargo test -p codegen --test corpus"
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
