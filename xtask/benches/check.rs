//! `cargo xtask codegen --check` on the real specs when nothing changed: what
//! CI and a pre-commit hook pay. Timed as a whole process, against the
//! baseline of starting the same binary to print its usage. `cargo bench -p
//! xtask`; BENCHMARKS.md has the figures.

use std::process::Command;

use divan::Bencher;

fn main() {
    divan::main();
}

fn xtask(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command.args(args);
    command
}

#[divan::bench(sample_count = 20)]
fn check_noop(bencher: Bencher) {
    bencher.bench_local(|| {
        let status = xtask(&["codegen", "--check"]).status().unwrap();
        assert!(status.success(), "the checked-in files are up to date");
    });
}

/// Baseline: the process alone (start, parse arguments, print usage).
#[divan::bench(sample_count = 20)]
fn process_only(bencher: Bencher) {
    bencher.bench_local(|| xtask(&["--help"]).output().unwrap());
}
