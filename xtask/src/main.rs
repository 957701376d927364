//! Project automation, run as `cargo xtask <command>`.
//!
//! - `cargo xtask codegen`: regenerate `generated/src/api/` and
//!   `api-spec/spec.schema.json` from `api-spec/`, writing only what changed.
//! - `cargo xtask codegen --check`: write nothing; fail with a diff when the
//!   checked-in files differ from what the specs produce.

mod codegen;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask codegen [--check] [--spec <dir>] [--out <dir>]

  --check        write nothing; exit 1 if any generated file is out of date
  --spec <dir>   the spec directory (default: api-spec)
  --out <dir>    the generated directory (default: generated/src/api)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match parse(&args) {
        Ok(options) => codegen::run(&options),
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn parse(args: &[String]) -> Result<codegen::Options, String> {
    let root = workspace_root();
    let mut options = codegen::Options {
        check: false,
        spec_dir: root.join("api-spec"),
        out_dir: root.join("generated/src/api"),
        root,
    };
    let mut args = args.iter();
    match args.next().map(String::as_str) {
        Some("codegen") => {}
        Some("-h" | "--help") | None => return Err("no command given".to_owned()),
        Some(other) => return Err(format!("unknown command `{other}`")),
    }
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => options.check = true,
            "--spec" | "--out" => {
                let value = args
                    .next()
                    .ok_or_else(|| format!("`{arg}` needs a directory"))?;
                let path = std::env::current_dir()
                    .map_err(|err| err.to_string())?
                    .join(value);
                if arg == "--spec" {
                    options.spec_dir = path
                } else {
                    options.out_dir = path
                }
            }
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    Ok(options)
}

/// The workspace root: the parent of this crate's directory.
fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map_or(manifest_dir.clone(), PathBuf::from)
}
