//! `cargo xtask import` on the official pages in `../shared/` (beside the
//! checkout, as in CI): the specs it writes generate a crate that builds
//! without warnings and passes the tests generated from the pages' own
//! examples.

use std::path::Path;
use std::process::Command;

#[test]
fn imported_pages_generate_a_crate_that_passes_its_example_tests() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let pages_dir = root.join("../shared/reference/pages");
    if !pages_dir.is_dir() {
        eprintln!("{} is not there: skipped (CI has it)", pages_dir.display());
        return;
    }
    let mut pages: Vec<_> = std::fs::read_dir(&pages_dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            name.ends_with(".md") && !name.starts_with("common__")
        })
        .collect();
    pages.sort();

    let dir = tempfile::tempdir().unwrap();
    let (specs, krate) = (dir.path().join("specs"), dir.path().join("crate"));
    let import = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("import")
        .args(&pages)
        .arg("--out")
        .arg(&specs)
        .arg("--crate")
        .arg(&krate)
        .output()
        .unwrap();
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );

    // A target directory of its own: the outer build's is busy.
    let test = Command::new(env!("CARGO"))
        .args(["test", "--quiet", "--manifest-path"])
        .arg(krate.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root.join("target/imported-crate"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&test.stdout);
    assert!(
        test.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&test.stderr)
    );
    let passed: usize = stdout
        .lines()
        .filter_map(|line| line.strip_prefix("test result: ok. "))
        .filter_map(|rest| rest.split(' ').next()?.parse::<usize>().ok())
        .sum();
    assert!(passed >= 30, "only {passed} generated tests ran:\n{stdout}");
}
