//! `cargo xtask synth`: writes a synthetic spec set, for benchmarks and
//! stress tests; with `--crate`, also a crate that compiles it.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::spec_crate;

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
        spec_crate::put(&spec_dir.join(&source.path), &source.text)?;
    }
    let mut summary = format!(
        "wrote {} spec files ({} endpoints) to {}",
        sources.len(),
        options.endpoints,
        spec_dir.display()
    );
    if options.krate {
        let files = ::codegen::generate("specs", &sources)
            .map_err(|diagnostics| diagnostics.render_sources("specs", &sources, false))?;
        spec_crate::write(out, "synth-api", &files, &options.root.join("generated"))?;
        summary.push_str(&format!(
            "\ngenerated {} files into {}; build it with `cargo build --manifest-path {}`",
            files.len(),
            out.join("src/api").display(),
            out.join("Cargo.toml").display()
        ));
    }
    Ok(summary)
}
