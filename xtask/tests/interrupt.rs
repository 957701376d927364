//! Killing `cargo xtask codegen` in the middle of writing leaves every
//! generated file either as it was or as it is meant to be, never partly
//! written; the next run finishes the job and removes any temporary file
//! the killed one left.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ENDPOINTS: usize = 400;

fn write_specs(dir: &Path, summary_suffix: &str) {
    for source in codegen::synth::specs(ENDPOINTS) {
        let path = dir.join(&source.path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        let text = source.text.replace(
            "summary: 合成接口",
            &format!("summary: 合成接口{summary_suffix}"),
        );
        fs::write(path, text).unwrap();
    }
}

fn codegen(spec: &Path, out: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command
        .args(["codegen", "--spec"])
        .arg(spec)
        .arg("--out")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.insert(path.clone(), fs::read(&path).unwrap());
            }
        }
    }
    files
}

#[test]
fn a_killed_run_leaves_each_file_old_or_new() {
    let dir = tempfile::tempdir().unwrap();
    let (spec, out) = (dir.path().join("spec"), dir.path().join("out"));

    // The old state: every file generated from the first specs.
    write_specs(&spec, "");
    assert!(codegen(&spec, &out).status().unwrap().success());
    let old = snapshot(&out);

    // New specs change every endpoint file. The first file written is the
    // first changed one in path order; kill the run as soon as it changes.
    write_specs(&spec, "（新）");
    let first = old
        .keys()
        .find(|path| path.to_string_lossy().contains("res_0000/"))
        .unwrap()
        .clone();
    let mut child = codegen(&spec, &out).spawn().unwrap();
    let started = Instant::now();
    loop {
        if fs::read(&first).is_ok_and(|bytes| bytes != old[&first]) {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before the first file changed"
        );
        assert!(started.elapsed() < Duration::from_secs(120));
        std::thread::sleep(Duration::from_micros(200));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let interrupted = snapshot(&out);

    // The new state: a complete run.
    let finish = codegen(&spec, &out)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert!(
        finish.status.success(),
        "{}",
        String::from_utf8_lossy(&finish.stderr)
    );
    let new = snapshot(&out);
    assert_eq!(new.len(), old.len(), "the same files, with new contents");
    assert!(
        new.keys()
            .all(|path| !path.to_string_lossy().ends_with("codegen-tmp"))
    );

    let (mut kept_old, mut became_new, mut temporary) = (0, 0, 0);
    for (path, bytes) in &interrupted {
        if path.to_string_lossy().ends_with(".codegen-tmp") {
            temporary += 1;
        } else if old.get(path) == Some(bytes) && new.get(path) != Some(bytes) {
            kept_old += 1;
        } else if new.get(path) == Some(bytes) && old.get(path) != Some(bytes) {
            became_new += 1;
        } else {
            assert!(
                old.get(path) == Some(bytes) && new.get(path) == Some(bytes),
                "{} is neither the old nor the new version",
                path.display()
            );
        }
    }
    eprintln!("killed with {became_new} files new, {kept_old} old, {temporary} temporary");
    assert!(
        temporary <= 1,
        "at most the file being written: {temporary}"
    );
    assert!(
        kept_old > 0 && became_new > 0,
        "the kill landed mid-run: {became_new} files new, {kept_old} old"
    );
}
