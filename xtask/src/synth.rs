//! `cargo xtask synth`: writes a synthetic spec set, for benchmarks and
//! stress tests; with `--crate`, also a crate that compiles it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What `cargo xtask synth` was asked for.
pub struct Options {
    /// How many endpoints.
    pub endpoints: usize,
    /// Where to write; must not exist yet, or be empty.
    pub out: PathBuf,
    /// Also generate the code and write a crate around it.
    pub krate: bool,
    /// The workspace root, for the crate's path to `feishu`.
    pub root: PathBuf,
}

pub fn run(options: &Options) -> ExitCode {
    match write(options) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn write(options: &Options) -> Result<String, String> {
    let out = &options.out;
    if out
        .read_dir()
        .is_ok_and(|mut entries| entries.next().is_some())
    {
        return Err(format!(
            "{} is not empty; synth writes only into a new or empty directory",
            out.display()
        ));
    }
    let sources = ::codegen::synth::specs(options.endpoints);
    let spec_dir = if options.krate {
        out.join("specs")
    } else {
        out.clone()
    };
    for source in &sources {
        put(&spec_dir.join(&source.path), &source.text)?;
    }
    let mut summary = format!(
        "wrote {} spec files ({} endpoints) to {}",
        sources.len(),
        options.endpoints,
        spec_dir.display()
    );
    if options.krate {
        let files = ::codegen::generate("specs", &sources)
            .map_err(|diagnostics| diagnostics.render("specs", |_| None, false))?;
        for file in &files {
            put(&out.join("src/api").join(&file.path), &file.contents)?;
        }
        let feishu = options.root.join("generated");
        put(&out.join("Cargo.toml"), &manifest(&feishu))?;
        put(&out.join("src/lib.rs"), LIB)?;
        summary.push_str(&format!(
            "\ngenerated {} files into {}; build it with `cargo build --manifest-path {}`",
            files.len(),
            out.join("src/api").display(),
            out.join("Cargo.toml").display()
        ));
    }
    Ok(summary)
}

fn put(path: &Path, contents: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|err| format!("{}: {err}", parent.display()))?;
    }
    fs::write(path, contents).map_err(|err| format!("{}: {err}", path.display()))
}

fn manifest(feishu: &Path) -> String {
    format!(
        r#"# Written by `cargo xtask synth --crate`: the generated code of a synthetic
# spec set, compiled against the feishu runtime.
[package]
name = "synth-api"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
feishu = {{ path = "{}", default-features = false }}
http = "1"
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"

[profile.dev]
debug = "line-tables-only"

[profile.dev.package."*"]
debug = false

[workspace]
"#,
        feishu.display()
    )
}

const LIB: &str = r#"//! The code generated from a synthetic spec set (`cargo xtask synth --crate`).

pub use feishu::codegen_support::*;

#[rustfmt::skip]
pub mod api;
"#;
