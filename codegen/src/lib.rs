//! The generator: YAML endpoint specs in, the Rust source of the SDK out.
//!
//! [`generate`] is a pure function (no file system, clock or environment), in
//! stages that each have their own module:
//!
//! ```text
//! SpecSource ─load─▶ spec::SpecFile ─validate─▶ diagnostics
//!                            └──────────ir─▶ ir::Ir ─emit─▶ TokenStream ─render─▶ OutputFile
//! ```
//!
//! Any diagnostic stops the run before anything is emitted; `xtask` then
//! writes nothing.

mod diagnostic;
mod emit;
pub mod import;
mod ir;
mod load;
mod naming;
mod render;
pub mod spec;
#[doc(hidden)]
pub mod stages;
pub mod synth;
mod validate;
mod yaml;

pub use diagnostic::{Diagnostic, Diagnostics, Location, Span};
pub use render::HEADER;

/// One spec file, as read from disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecSource {
    /// Its path relative to the spec root, with `/` separators, e.g.
    /// `aily/v1/aily_session_run/cancel.yaml`. It decides the Rust module.
    pub path: String,
    /// Its contents.
    pub text: String,
}

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Its path relative to the generated directory, `/`-separated.
    pub path: String,
    /// Its contents, header included.
    pub contents: String,
    /// The spec files it comes from, relative to the spec root.
    pub sources: Vec<String>,
}

/// How the output is laid out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Declare each service's module only with the cargo feature of the same
    /// name (`#[cfg(feature = "aily")] pub mod aily;`), so users compile only
    /// the services they use. The service that lists the common error codes
    /// is always compiled: every endpoint's error enum refers to it.
    pub service_features: bool,
}

/// Generates the SDK source for `sources`, with the default [`Options`].
///
/// `spec_root` is how generated headers name the spec directory (e.g.
/// `api-spec`). The output is sorted by path, and depends only on the
/// sources' paths and contents, not on their order.
///
/// # Errors
///
/// Every problem found in the specs, sorted by file and position.
pub fn generate(spec_root: &str, sources: &[SpecSource]) -> Result<Vec<OutputFile>, Diagnostics> {
    generate_with(spec_root, sources, &Options::default())
}

/// Generates the SDK source for `sources`, laid out as `options` say.
///
/// # Errors
///
/// Every problem found in the specs, sorted by file and position.
pub fn generate_with(
    spec_root: &str,
    sources: &[SpecSource],
    options: &Options,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let (loaded, mut diagnostics) = load::load(sources);
    let complete = diagnostics.is_empty();
    diagnostics.extend(validate::validate(&loaded, complete));
    let (ir, naming_diagnostics) = ir::build(&loaded);
    diagnostics.extend(naming_diagnostics);
    if !diagnostics.is_empty() {
        diagnostics.sort_by(|a, b| (&a.location, &a.message).cmp(&(&b.location, &b.message)));
        diagnostics.dedup();
        return Err(Diagnostics(diagnostics));
    }
    // Emitting and printing take nine tenths of the time and each file is
    // independent: spread the files over the cores, round robin (model files
    // are larger than endpoint files), and sort the result.
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, 8);
    let rendered: Vec<Rendered> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|worker| {
                let ir = &ir;
                scope.spawn(move || {
                    ir.files
                        .iter()
                        .skip(worker)
                        .step_by(threads)
                        .map(|file| render_unit(emit::file_unit(file), spec_root))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut all: Vec<_> = emit::tree_units(&ir, options)
            .into_iter()
            .map(|unit| render_unit(unit, spec_root))
            .collect();
        for worker in workers {
            all.extend(worker.join().expect("rendering does not panic"));
        }
        all
    });
    let mut out = Vec::new();
    for unit in rendered {
        match unit.contents {
            Ok(contents) => out.push(OutputFile {
                path: unit.path,
                contents,
                sources: unit.sources,
            }),
            Err(message) => {
                let file = unit.sources.first().map_or("", String::as_str);
                let text = sources
                    .iter()
                    .find(|source| source.path == file)
                    .map_or("", |s| s.text.as_str());
                diagnostics.push(Diagnostic::error(
                    file,
                    text,
                    Span::start(),
                    message,
                    "generated from here",
                ));
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    if diagnostics.is_empty() {
        Ok(out)
    } else {
        Err(Diagnostics(diagnostics))
    }
}

/// One unit, printed: plain strings, so it can leave the thread that made it
/// (token streams cannot).
struct Rendered {
    path: String,
    sources: Vec<String>,
    contents: Result<String, String>,
}

fn render_unit(unit: emit::Unit, spec_root: &str) -> Rendered {
    let contents = render::render(&unit, spec_root);
    Rendered {
        path: unit.path,
        sources: unit.sources,
        contents,
    }
}

/// The JSON Schema of the spec format, derived from [`spec::SpecFile`], as
/// pretty-printed JSON with a trailing newline.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(spec::SpecFile);
    let mut json = serde_json::to_string_pretty(&schema).expect("a JSON Schema is plain JSON");
    json.push('\n');
    json
}
