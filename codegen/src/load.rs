//! Loading: spec files in, parsed [`SpecFile`]s out, in a fixed order.

use crate::SpecSource;
use crate::diagnostic::{Diagnostic, Location};
use crate::spec::SpecFile;
use crate::yaml::{self, Seg};

/// One parsed spec file, with what later stages need to point at it.
pub(crate) struct Loaded<'a> {
    /// The file, relative to the spec root, `/`-separated.
    pub file: &'a str,
    /// Its contents, for locating diagnostics.
    pub text: &'a str,
    /// What it says.
    pub spec: SpecFile,
}

impl Loaded<'_> {
    /// The module path the file's code goes to: its path without `.yaml`.
    pub fn module_path(&self) -> Vec<&str> {
        let stem = self.file.strip_suffix(".yaml").unwrap_or(self.file);
        stem.split('/').collect()
    }

    /// The service and version (`aily/v1`): the namespace its models live in.
    pub fn namespace(&self) -> String {
        let module = self.module_path();
        module[..module.len().min(2)].join("/")
    }

    /// Where the node at `path` is.
    pub fn location(&self, path: &[Seg<'_>]) -> Location {
        Location::new(self.file, self.text, yaml::locate(self.text, path))
    }

    /// An error pointing at the node at `path`.
    pub fn error(
        &self,
        path: &[Seg<'_>],
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::error(
            self.file,
            self.text,
            yaml::locate(self.text, path),
            message,
            label,
        )
    }
}

/// Parses every source, sorted by path so that the order they came in never
/// matters; returns the files that parsed and a diagnostic for each that did not.
pub(crate) fn load(sources: &[SpecSource]) -> (Vec<Loaded<'_>>, Vec<Diagnostic>) {
    let mut sorted: Vec<&SpecSource> = sources.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let mut loaded = Vec::new();
    let mut diagnostics = Vec::new();
    for source in sorted {
        match yaml::parse::<SpecFile>(&source.path, &source.text) {
            Ok(spec) => loaded.push(Loaded {
                file: &source.path,
                text: &source.text,
                spec,
            }),
            Err(diagnostic) => diagnostics.push(*diagnostic),
        }
    }
    (loaded, diagnostics)
}
