//! `cargo xtask import <page.md>... [--out <dir>] [--force]`: doc pages to
//! spec files, through `codegen::import`.

use std::fs;
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
    let imported = ::codegen::import::import(&pages);
    for warning in &imported.warnings {
        eprintln!("{warning}");
    }
    // What is written must pass validation on its own.
    if let Err(diagnostics) = ::codegen::generate("imported", &imported.files) {
        eprint!(
            "{}",
            diagnostics.render(
                "imported",
                |path| {
                    imported
                        .files
                        .iter()
                        .find(|file| file.path == path)
                        .map(|file| file.text.as_str())
                },
                false
            )
        );
        eprintln!("the imported specs do not validate; nothing was written");
        return Ok(ExitCode::FAILURE);
    }
    let mut kept = 0;
    for file in &imported.files {
        let path = options.out.join(&file.path);
        match fs::read_to_string(&path) {
            Ok(old) if old == file.text => continue,
            Ok(_) if !options.force => {
                println!(
                    "kept {} (it exists and differs; --force overwrites it)",
                    path.display()
                );
                kept += 1;
                continue;
            }
            _ => {}
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|err| format!("{}: {err}", parent.display()))?;
        }
        fs::write(&path, &file.text).map_err(|err| format!("{}: {err}", path.display()))?;
        println!("wrote {}", path.display());
    }
    if let Some(dir) = &options.krate {
        let generated = crate::spec_crate::write(
            dir,
            "imported-api",
            &imported.files,
            &options.root.join("generated"),
        )?;
        println!(
            "generated {generated} files into {}; test them with `cargo test --manifest-path {}`",
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
