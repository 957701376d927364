//! `cargo xtask codegen` on a spec directory of its own: it writes only what
//! changed, its check mode catches every kind of drift and names the fix, and
//! a bad spec leaves every generated file as it was.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

/// A copy of the real Aily specs, and an output directory, in a temporary folder.
struct Workspace {
    _dir: tempfile::TempDir,
    spec: PathBuf,
    out: PathBuf,
}

impl Workspace {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let (spec, out) = (dir.path().join("spec"), dir.path().join("out"));
        let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec");
        for file in [
            "aily/v1/models.yaml",
            "aily/v1/aily_session_run/cancel.yaml",
        ] {
            fs::create_dir_all(spec.join(file).parent().unwrap()).unwrap();
            fs::copy(real.join(file), spec.join(file)).unwrap();
        }
        Self {
            _dir: dir,
            spec,
            out,
        }
    }

    fn codegen(&self, check: bool) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
        command
            .arg("codegen")
            .arg("--spec")
            .arg(&self.spec)
            .arg("--out")
            .arg(&self.out);
        if check {
            command.arg("--check");
        }
        command.output().unwrap()
    }

    /// Every generated file with its contents and modification time.
    fn snapshot(&self) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
        let mut files = BTreeMap::new();
        let mut pending = vec![self.out.clone()];
        while let Some(dir) = pending.pop() {
            for entry in fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    pending.push(path);
                } else {
                    let modified = fs::metadata(&path).unwrap().modified().unwrap();
                    files.insert(path.clone(), (fs::read(&path).unwrap(), modified));
                }
            }
        }
        files
    }

    fn generated(&self, path: &str) -> PathBuf {
        self.out.join(path)
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_second_run_writes_nothing() {
    let ws = Workspace::new();
    let first = ws.codegen(false);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stdout(&first).contains("created"), "{}", stdout(&first));
    let before = ws.snapshot();
    assert!(before.len() >= 5, "{before:?}");

    std::thread::sleep(std::time::Duration::from_millis(20));
    let second = ws.codegen(false);
    assert!(second.status.success(), "{}", stderr(&second));
    assert_eq!(stdout(&second), "", "the second run reports no change");
    assert_eq!(
        ws.snapshot(),
        before,
        "no file was rewritten: bytes and mtimes are the same"
    );
    assert!(
        ws.codegen(true).status.success(),
        "a fresh output passes the check"
    );
}

#[test]
fn check_catches_a_hand_edited_file_and_names_its_spec_and_the_fix() {
    let ws = Workspace::new();
    assert!(ws.codegen(false).status.success());
    let edited = ws.generated("aily/v1/models.rs");
    let text = fs::read_to_string(&edited)
        .unwrap()
        .replacen("pub id: String", "pub id: u64", 1);
    fs::write(&edited, text).unwrap();
    let before = ws.snapshot();

    let check = ws.codegen(true);
    let message = stderr(&check);
    assert_eq!(check.status.code(), Some(1), "{message}");
    assert!(
        message.contains("out of date: ") && message.contains("aily/v1/models.rs"),
        "{message}"
    );
    assert!(
        message.contains("spec/aily/v1/models.yaml"),
        "names the spec: {message}"
    );
    assert!(
        message.contains("-    pub id: u64,") && message.contains("+    pub id: String,"),
        "{message}"
    );
    assert!(
        message.contains("run `cargo xtask codegen` to fix"),
        "{message}"
    );
    assert_eq!(ws.snapshot(), before, "check mode writes nothing");

    assert!(ws.codegen(false).status.success());
    assert!(
        ws.codegen(true).status.success(),
        "the fix command fixes it"
    );
}

#[test]
fn check_catches_a_missing_file() {
    let ws = Workspace::new();
    assert!(ws.codegen(false).status.success());
    fs::remove_file(ws.generated("aily/v1/aily_session_run/cancel.rs")).unwrap();

    let check = ws.codegen(true);
    let message = stderr(&check);
    assert_eq!(check.status.code(), Some(1), "{message}");
    assert!(
        message.contains("missing: ") && message.contains("aily/v1/aily_session_run/cancel.rs"),
        "{message}"
    );
    assert!(
        message.contains("spec/aily/v1/aily_session_run/cancel.yaml"),
        "{message}"
    );
    assert!(
        !ws.generated("aily/v1/aily_session_run/cancel.rs").exists(),
        "check mode writes nothing"
    );
}

#[test]
fn check_catches_a_stray_file_and_codegen_removes_it() {
    let ws = Workspace::new();
    assert!(ws.codegen(false).status.success());
    let stray = ws.generated("aily/v1/old_endpoint/get.rs");
    fs::create_dir_all(stray.parent().unwrap()).unwrap();
    fs::write(&stray, "// a spec that was deleted\n").unwrap();

    let check = ws.codegen(true);
    let message = stderr(&check);
    assert_eq!(check.status.code(), Some(1), "{message}");
    assert!(
        message.contains("extra: ") && message.contains("old_endpoint/get.rs"),
        "{message}"
    );
    assert!(stray.exists(), "check mode writes nothing");

    assert!(ws.codegen(false).status.success());
    assert!(!stray.exists());
    assert!(
        !stray.parent().unwrap().exists(),
        "the folder it leaves empty goes too"
    );
}

#[test]
fn a_removed_spec_removes_its_files() {
    let ws = Workspace::new();
    assert!(ws.codegen(false).status.success());
    // Move the models into the endpoint's file: models.rs is no longer produced.
    let models = fs::read_to_string(ws.spec.join("aily/v1/models.yaml")).unwrap();
    let endpoint_file = ws.spec.join("aily/v1/aily_session_run/cancel.yaml");
    let endpoint = fs::read_to_string(&endpoint_file).unwrap();
    fs::write(
        &endpoint_file,
        format!(
            "{endpoint}{}",
            models
                .split_once("models:")
                .map(|(_, rest)| format!("models:{rest}"))
                .unwrap()
        ),
    )
    .unwrap();
    fs::remove_file(ws.spec.join("aily/v1/models.yaml")).unwrap();

    let run = ws.codegen(false);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        stdout(&run).contains("removed ") && !ws.generated("aily/v1/models.rs").exists(),
        "{}",
        stdout(&run)
    );
    assert!(ws.codegen(true).status.success());
}

#[test]
fn a_bad_spec_is_located_and_leaves_every_generated_file_untouched() {
    let ws = Workspace::new();
    assert!(ws.codegen(false).status.success());
    let before = ws.snapshot();

    let spec = ws.spec.join("aily/v1/aily_session_run/cancel.yaml");
    let text = fs::read_to_string(&spec).unwrap();
    let broken = text
        .replacen("/runs/:run_id/cancel\"", "/runs/:run/cancel\"", 1)
        .replacen("        type: Run\n", "        type: Rnu\n", 1);
    fs::write(&spec, broken).unwrap();

    for check in [false, true] {
        let run = ws.codegen(check);
        let message = stderr(&run);
        assert_eq!(run.status.code(), Some(1), "{message}");
        assert!(
            message.contains("path parameter `:run` is not declared in `path_params`"),
            "{message}"
        );
        assert!(
            message.contains("path parameter `run_id` does not appear in the path"),
            "{message}"
        );
        assert!(message.contains("unknown type `Rnu`"), "{message}");
        assert!(
            message.contains("aily/v1/aily_session_run/cancel.yaml:10:9"),
            "located: {message}"
        );
        assert!(
            message.contains("3 problems in the specs; nothing was generated"),
            "{message}"
        );
        assert!(!message.contains("panicked"), "{message}");
        assert_eq!(ws.snapshot(), before, "generated files are untouched");
    }
}

#[test]
fn usage_errors_exit_2() {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("codegen")
        .arg("--spec")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("usage: cargo xtask codegen"));
}

/// The checked-in `generated/` is what the checked-in specs produce: the same
/// check CI runs, as a test, so `cargo test` alone catches drift.
#[test]
fn the_checked_in_generated_code_is_up_to_date() {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--check"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
}
