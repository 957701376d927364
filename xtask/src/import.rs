//! `cargo xtask import <page.md>... [--out <dir>] [--force]`: doc pages to
//! spec files, through `codegen::import`.

use std::collections::BTreeMap;
use std::fs;

use ::codegen::SpecSource;
use std::path::PathBuf;
use std::process::ExitCode;

/// What `cargo xtask import` was asked for.
pub struct Options {
    pub pages: Vec<PathBuf>,
    /// The spec directory to write into.
    pub out: PathBuf,
    /// Overwrite spec files that exist and differ.
    pub force: bool,
    /// Also write a crate of the imported specs' generated code here.
    pub krate: Option<PathBuf>,
    /// The workspace root, for the crate's path to `feishu`.
    pub root: PathBuf,
}

pub fn run(options: &Options) -> ExitCode {
    match import(options) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn import(options: &Options) -> Result<ExitCode, String> {
    let mut pages = Vec::new();
    for path in &options.pages {
        let text = fs::read_to_string(path).map_err(|err| format!("{}: {err}", path.display()))?;
        pages.push(::codegen::import::Page {
            name: path.display().to_string(),
            text,
        });
    }
    let existing = if options.out.is_dir() {
        crate::codegen::read_specs(&options.out)?
    } else {
        Vec::new()
    };
    let imported = ::codegen::import::reconcile(&existing, ::codegen::import::import(&pages));
    for warning in &imported.warnings {
        eprintln!("{warning}");
    }

    // The directory as it will be: its specs, with the imported files added
    // (and, with --force, replacing ones that differ).
    let mut result: BTreeMap<String, SpecSource> = existing
        .iter()
        .map(|source| (source.path.clone(), source.clone()))
        .collect();
    let (mut writes, mut kept) = (Vec::new(), 0);
    for file in &imported.files {
        match result.get(&file.path) {
            Some(old) if old.text == file.text => {}
            // `imported_models.yaml` is the importer's own, grown run by run.
            Some(_) if !options.force && !file.path.ends_with("/imported_models.yaml") => {
                println!(
                    "kept {} (it exists and differs; --force overwrites it)",
                    options.out.join(&file.path).display()
                );
                kept += 1;
            }
            _ => {
                writes.push(file);
                result.insert(file.path.clone(), file.clone());
            }
        }
    }
    // All of it must validate before anything is written.
    let result: Vec<SpecSource> = result.into_values().collect();
    let generated = match ::codegen::generate("imported", &result) {
        Ok(generated) => generated,
        Err(diagnostics) => {
            eprint!("{}", diagnostics.render_sources("imported", &result, false));
            eprintln!("the spec directory would not validate; nothing was written");
            return Ok(ExitCode::FAILURE);
        }
    };
    for file in writes {
        let path = options.out.join(&file.path);
        crate::spec_crate::put(&path, &file.text)?;
        println!("wrote {}", path.display());
    }
    if let Some(dir) = &options.krate {
        // What validated is what the crate holds: no second generation.
        crate::spec_crate::write(
            dir,
            "imported-api",
            &generated,
            &options.root.join("generated"),
        )?;
        println!(
            "generated {} files into {}; test them with `cargo test --manifest-path {}`",
            generated.len(),
            dir.join("src/api").display(),
            dir.join("Cargo.toml").display()
        );
    }
    println!(
        "{} pages, {} spec files, {} warnings{}",
        pages.len(),
        imported.files.len(),
        imported.warnings.len(),
        if kept > 0 {
            format!(", {kept} kept")
        } else {
            String::new()
        }
    );
    Ok(ExitCode::SUCCESS)
}
