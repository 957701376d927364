//! `cargo xtask codegen [--check]`: the only code that touches the generated
//! files. Write mode and check mode are one code path: the plan of changes is
//! computed the same way, and only applying it differs.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::{OutputFile, SpecSource};
use similar::TextDiff;

/// What to run on.
pub struct Options {
    /// Write nothing; report drift.
    pub check: bool,
    /// The workspace root, for display paths.
    pub root: PathBuf,
    /// The spec sets to generate.
    pub jobs: Vec<Job>,
}

/// One spec directory and the directory generated from it.
pub struct Job {
    /// The spec directory.
    pub spec_dir: PathBuf,
    /// The directory the generator owns completely.
    pub out_dir: PathBuf,
    /// Where to write the spec format's JSON Schema, if anywhere.
    pub schema: Option<PathBuf>,
    /// How the generated files are laid out.
    pub layout: codegen::Options,
}

/// Lines of diff shown per file in check mode.
const DIFF_LINES: usize = 40;
const FIX: &str = "cargo xtask codegen";

/// One file the generator should leave as `contents`.
struct Wanted {
    path: PathBuf,
    contents: String,
    /// The spec files behind it, for messages.
    sources: Vec<String>,
}

/// A difference between the wanted files and the disk.
enum Change {
    /// The file is missing, or its bytes differ.
    Write { wanted: Wanted, old: Option<String> },
    /// A file in the generator's directory that no spec produces.
    Remove(PathBuf),
}

pub fn run(options: &Options) -> ExitCode {
    match plan_and_apply(options) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn plan_and_apply(options: &Options) -> Result<ExitCode, String> {
    // Generate everything before touching anything: a bad spec anywhere
    // leaves every generated file as it was.
    let mut generated = Vec::new();
    let mut failed = false;
    for job in &options.jobs {
        match generate(options, job)? {
            Some(wanted) => generated.push((job, wanted)),
            None => failed = true,
        }
    }
    if failed {
        return Ok(ExitCode::FAILURE);
    }
    let mut changes = Vec::new();
    for (job, wanted) in generated {
        changes.extend(plan(&job.out_dir, wanted)?);
    }
    if options.check {
        Ok(report(options, &changes))
    } else {
        apply(options, changes)?;
        Ok(ExitCode::SUCCESS)
    }
}

/// The files `job` should leave, or `None` after printing its diagnostics.
fn generate(options: &Options, job: &Job) -> Result<Option<Vec<Wanted>>, String> {
    let sources = read_specs(&job.spec_dir)?;
    if sources.is_empty() {
        return Err(format!(
            "no spec files (*.yaml) under {}",
            options.display(&job.spec_dir)
        ));
    }
    let spec_root = options.display(&job.spec_dir);
    let files = match codegen::generate_with(&spec_root, &sources, &job.layout) {
        Ok(files) => files,
        Err(diagnostics) => {
            let styled = io::stderr().is_terminal();
            eprint!(
                "{}",
                diagnostics.render_sources(&spec_root, &sources, styled)
            );
            return Ok(None);
        }
    };
    let mut wanted: Vec<Wanted> = files
        .into_iter()
        .map(
            |OutputFile {
                 path,
                 contents,
                 sources,
             }| Wanted {
                path: job.out_dir.join(path),
                contents,
                sources: sources
                    .iter()
                    .map(|source| format!("{spec_root}/{source}"))
                    .collect(),
            },
        )
        .collect();
    if let Some(schema) = &job.schema {
        wanted.push(Wanted {
            path: schema.clone(),
            contents: codegen::json_schema(),
            sources: vec!["the spec format (codegen/src/spec.rs)".to_owned()],
        });
    }
    Ok(Some(wanted))
}

impl Options {
    /// `path` relative to the workspace root when it is inside it.
    fn display(&self, path: &Path) -> String {
        let shown = path.strip_prefix(&self.root).unwrap_or(path);
        shown.to_string_lossy().replace('\\', "/")
    }
}

/// Every `*.yaml` under `dir`, with paths relative to it.
pub(crate) fn read_specs(dir: &Path) -> Result<Vec<SpecSource>, String> {
    let mut sources = Vec::new();
    for path in walk(dir)? {
        if path.extension().is_some_and(|ext| ext == "yaml") {
            let text = fs::read_to_string(&path)
                .map_err(|err| format!("reading {}: {err}", path.display()))?;
            let relative = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            sources.push(SpecSource {
                path: relative,
                text,
            });
        }
    }
    Ok(sources)
}

/// Every file under `dir`, sorted; nothing when `dir` does not exist.
fn walk(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(err) if err.kind() == io::ErrorKind::NotFound => continue,
            Err(err) => return Err(format!("reading {}: {err}", dir.display())),
        };
        for entry in entries {
            let entry = entry.map_err(|err| format!("reading {}: {err}", dir.display()))?;
            let path = entry.path();
            if entry.file_type().map_err(|err| err.to_string())?.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Compares the wanted files with the disk.
fn plan(out_dir: &Path, wanted: Vec<Wanted>) -> Result<Vec<Change>, String> {
    let mut changes = Vec::new();
    let mut extra: BTreeMap<PathBuf, ()> =
        walk(out_dir)?.into_iter().map(|path| (path, ())).collect();
    for file in wanted {
        extra.remove(&file.path);
        let old = match fs::read(&file.path) {
            Ok(bytes) => Some(bytes),
            Err(err) if err.kind() == io::ErrorKind::NotFound => None,
            Err(err) => return Err(format!("reading {}: {err}", file.path.display())),
        };
        if old.as_deref() != Some(file.contents.as_bytes()) {
            let old = old.map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
            changes.push(Change::Write { wanted: file, old });
        }
    }
    changes.extend(extra.into_keys().map(Change::Remove));
    Ok(changes)
}

/// Check mode: describe each change; fail when there is any.
fn report(options: &Options, changes: &[Change]) -> ExitCode {
    if changes.is_empty() {
        return ExitCode::SUCCESS;
    }
    let mut out = String::new();
    for change in changes {
        match change {
            Change::Write { wanted, old: None } => out.push_str(&format!(
                "missing: {} (generated from {})\n\n",
                options.display(&wanted.path),
                wanted.sources.join(", ")
            )),
            Change::Write {
                wanted,
                old: Some(old),
            } => {
                let shown = options.display(&wanted.path);
                out.push_str(&format!(
                    "out of date: {shown} (generated from {}): edited by hand, or its spec changed\n",
                    wanted.sources.join(", ")
                ));
                let diff = TextDiff::from_lines(old.as_str(), wanted.contents.as_str());
                let unified = diff
                    .unified_diff()
                    .context_radius(2)
                    .header(
                        &format!("{shown} (on disk)"),
                        &format!("{shown} (from the specs)"),
                    )
                    .to_string();
                let lines: Vec<&str> = unified.lines().collect();
                for line in lines.iter().take(DIFF_LINES) {
                    out.push_str(&format!("    {line}\n"));
                }
                if lines.len() > DIFF_LINES {
                    out.push_str(&format!(
                        "    ... {} more diff lines\n",
                        lines.len() - DIFF_LINES
                    ));
                }
                out.push('\n');
            }
            Change::Remove(path) => out.push_str(&format!(
                "extra: {} is not produced by any spec (a stale or stray file)\n\n",
                options.display(path)
            )),
        }
    }
    eprintln!(
        "{out}error: {} generated file{} out of date; run `{FIX}` to fix",
        changes.len(),
        if changes.len() == 1 { " is" } else { "s are" }
    );
    ExitCode::FAILURE
}

/// Write mode: write each changed file atomically, remove extra files and the
/// folders they leave empty.
fn apply(options: &Options, changes: Vec<Change>) -> Result<(), String> {
    for change in changes {
        match change {
            Change::Write { wanted, old } => {
                write_atomically(&wanted.path, wanted.contents.as_bytes())?;
                let verb = if old.is_some() { "updated" } else { "created" };
                println!("{verb} {}", options.display(&wanted.path));
            }
            Change::Remove(path) => {
                match fs::remove_file(&path) {
                    Ok(()) => {}
                    // A temporary file an interrupted run left is reused,
                    // and renamed away, by the write of its target.
                    Err(err) if err.kind() == io::ErrorKind::NotFound => continue,
                    Err(err) => return Err(format!("removing {}: {err}", path.display())),
                }
                println!("removed {}", options.display(&path));
                let mut dir = path.parent();
                let owner = options
                    .jobs
                    .iter()
                    .map(|job| &job.out_dir)
                    .find(|out| path.starts_with(out));
                while let Some(parent) =
                    dir.filter(|dir| owner.is_some_and(|out| dir.starts_with(out) && dir != out))
                {
                    if fs::remove_dir(parent).is_err() {
                        break; // not empty
                    }
                    dir = parent.parent();
                }
            }
        }
    }
    Ok(())
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over
/// `path`: a reader (or an interrupted run) sees the old file or the new one,
/// never a part.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = path
        .parent()
        .ok_or_else(|| format!("{} has no parent directory", path.display()))?;
    fs::create_dir_all(dir).map_err(|err| format!("creating {}: {err}", dir.display()))?;
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.codegen-tmp"));
    fs::write(&temp, bytes).map_err(|err| format!("writing {}: {err}", temp.display()))?;
    fs::rename(&temp, path).map_err(|err| {
        let _ = fs::remove_file(&temp);
        format!("renaming {} to {}: {err}", temp.display(), path.display())
    })
}
