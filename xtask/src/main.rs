//! Project automation, run as `cargo xtask <command>`.
//!
//! - `cargo xtask codegen`: regenerate `generated/src/api/` and
//!   `api-spec/spec.schema.json` from `api-spec/`, writing only what changed.
//! - `cargo xtask codegen --check`: write nothing; fail with a diff when the
//!   checked-in files differ from what the specs produce.
//! - `--spec <dir> --out <dir>`: the same for one spec directory of your own.
//! - `cargo xtask synth --endpoints <n> --out <dir> [--crate]`: write a
//!   synthetic spec set (and, with `--crate`, a crate of its generated code).
//! - `cargo xtask import <page.md>... [--out <dir>] [--force]`: turn Open
//!   Platform doc pages into spec files.

mod codegen;
mod import;
mod spec_crate;
mod synth;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask codegen [--check] [--spec <dir> --out <dir>]
       cargo xtask synth --endpoints <n> --out <dir> [--crate]
       cargo xtask import <page.md>... [--out <dir>] [--force] [--crate <dir>]

  --check        write nothing; exit 1 if any generated file is out of date
  --spec <dir>   generate from this spec directory only...
  --out <dir>    ...into this directory (which the generator then owns)

Without --spec/--out: api-spec/ -> generated/src/api/ (and the spec schema
api-spec/spec.schema.json), and codegen/tests/fixtures/hostile/ ->
generated/tests/hostile_api/.

synth writes <n> synthetic endpoints (ten per resource, with models) into
<dir>, which must be new or empty; --crate writes them to <dir>/specs and
also a crate of their generated code, built against generated/.

import reads doc pages and writes their specs into <dir> (default api-spec/),
printing a warning for everything it could not place; it keeps a spec file
that exists and differs unless --force. --crate <dir> also writes a crate of
the imported specs' generated code (with their example tests).";

/// A parsed command line.
enum Command {
    Codegen(codegen::Options),
    Synth(synth::Options),
    Import(import::Options),
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match parse(&args) {
        Ok(Command::Codegen(options)) => codegen::run(&options),
        Ok(Command::Synth(options)) => synth::run(&options),
        Ok(Command::Import(options)) => import::run(&options),
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn parse(args: &[String]) -> Result<Command, String> {
    let root = workspace_root();
    let mut args = args.iter();
    match args.next().map(String::as_str) {
        Some("codegen") => {}
        Some("synth") => return parse_synth(args, root).map(Command::Synth),
        Some("import") => return parse_import(args, root).map(Command::Import),
        Some("-h" | "--help") | None => return Err("no command given".to_owned()),
        Some(other) => return Err(format!("unknown command `{other}`")),
    }
    let (mut check, mut spec, mut out) = (false, None, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--spec" | "--out" => {
                let value = args
                    .next()
                    .ok_or_else(|| format!("`{arg}` needs a directory"))?;
                let path = std::env::current_dir()
                    .map_err(|err| err.to_string())?
                    .join(value);
                if arg == "--spec" {
                    spec = Some(path)
                } else {
                    out = Some(path)
                }
            }
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    let jobs = match (spec, out) {
        (Some(spec_dir), Some(out_dir)) => vec![codegen::Job {
            spec_dir,
            out_dir,
            schema: None,
            layout: ::codegen::Options::default(),
        }],
        (None, None) => default_jobs(&root),
        _ => return Err("`--spec` and `--out` go together".to_owned()),
    };
    Ok(Command::Codegen(codegen::Options { check, root, jobs }))
}

fn parse_import<'a>(
    mut args: impl Iterator<Item = &'a String>,
    root: PathBuf,
) -> Result<import::Options, String> {
    let cwd = std::env::current_dir().map_err(|err| err.to_string())?;
    let (mut pages, mut out, mut force, mut krate) =
        (Vec::new(), root.join("api-spec"), false, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--force" => force = true,
            "--crate" => krate = Some(cwd.join(args.next().ok_or("`--crate` needs a directory")?)),
            "--out" => out = cwd.join(args.next().ok_or("`--out` needs a directory")?),
            other if other.starts_with("--") => return Err(format!("unknown option `{other}`")),
            page => pages.push(cwd.join(page)),
        }
    }
    if pages.is_empty() {
        return Err("`import` needs at least one page".to_owned());
    }
    Ok(import::Options {
        pages,
        out,
        force,
        krate,
        root,
    })
}

fn parse_synth<'a>(
    mut args: impl Iterator<Item = &'a String>,
    root: PathBuf,
) -> Result<synth::Options, String> {
    let (mut endpoints, mut out, mut krate) = (None, None, false);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--crate" => krate = true,
            "--endpoints" => {
                let value = args.next().ok_or("`--endpoints` needs a number")?;
                let count = value
                    .parse::<usize>()
                    .map_err(|_| format!("`--endpoints {value}` is not a number"))?;
                endpoints = Some(count);
            }
            "--out" => {
                let value = args.next().ok_or("`--out` needs a directory")?;
                out = Some(
                    std::env::current_dir()
                        .map_err(|err| err.to_string())?
                        .join(value),
                );
            }
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    Ok(synth::Options {
        endpoints: endpoints.ok_or("`--endpoints` is required")?,
        out: out.ok_or("`--out` is required")?,
        krate,
        root,
    })
}

/// The project's spec sets: the SDK itself, and the hostile-names fixture that
/// `generated/tests/hostile.rs` compiles.
fn default_jobs(root: &Path) -> Vec<codegen::Job> {
    vec![
        codegen::Job {
            spec_dir: root.join("api-spec"),
            out_dir: root.join("generated/src/api"),
            schema: Some(root.join("api-spec/spec.schema.json")),
            // One cargo feature per service, so users build only theirs.
            layout: ::codegen::Options {
                service_features: true,
            },
        },
        codegen::Job {
            spec_dir: root.join("codegen/tests/fixtures/hostile"),
            out_dir: root.join("generated/tests/hostile_api"),
            schema: None,
            layout: ::codegen::Options::default(),
        },
    ]
}

/// The workspace root: the parent of this crate's directory.
fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map_or(manifest_dir.clone(), PathBuf::from)
}
