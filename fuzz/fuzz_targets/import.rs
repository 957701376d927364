//! Any UTF-8 as a doc page: the importer must answer with spec files and
//! warnings, never panic; what it writes must be spec files the generator
//! reads (diagnostics are fine: a page may describe nonsense).
#![no_main]

use codegen::import::{Page, import};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let imported = import(&[Page {
        name: "fuzz.md".to_owned(),
        text: text.to_owned(),
    }]);
    for warning in &imported.warnings {
        assert!(warning.line >= 1, "{warning}");
    }
    let _ = codegen::generate("imported", &imported.files);
});
