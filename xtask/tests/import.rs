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

/// Pages imported one at a time into one spec directory: each run reuses the
/// models the directory has, adds new ones beside them, and leaves a
/// directory that generates.
#[test]
fn pages_imported_one_by_one_keep_the_spec_directory_valid() {
    let pages = Path::new(env!("CARGO_MANIFEST_DIR")).join("../codegen/tests/fixtures/pages");
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().join("specs");
    for page in ["widget_list.md", "widget_delete_old_layout.md"] {
        let import = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .arg("import")
            .arg(pages.join(page))
            .arg("--out")
            .arg(&specs)
            .output()
            .unwrap();
        assert!(
            import.status.success(),
            "{page}: {}",
            String::from_utf8_lossy(&import.stderr)
        );
    }
    assert!(specs.join("widget/v2/models.yaml").is_file());
    assert!(specs.join("widget/v2/imported_models.yaml").is_file());
    let generate = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--spec"])
        .arg(&specs)
        .arg("--out")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert!(
        generate.status.success(),
        "{}",
        String::from_utf8_lossy(&generate.stderr)
    );
}
