//! Diagnostics: what is wrong with a spec, where, and how to render it.

use std::fmt;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// A byte range in one spec file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    /// The first byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The span `start..end`.
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// The first byte of a file.
    pub const fn start() -> Self {
        Self { start: 0, end: 0 }
    }

    fn range(self) -> Range<usize> {
        self.start..self.end
    }
}

/// A place in a spec file, with its 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// The spec file, relative to the spec root, with `/` separators.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The bytes the diagnostic points at.
    pub span: Span,
}

impl Location {
    /// The location of `span` in `text`, the contents of `file`.
    pub fn new(file: &str, text: &str, span: Span) -> Self {
        let start = span.start.min(text.len());
        let before = &text[..start];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
        let column = before[line_start..].chars().count() + 1;
        Self {
            file: file.to_owned(),
            line,
            column,
            span,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// One problem in the specs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where it is.
    pub location: Location,
    /// What is wrong, in one sentence.
    pub message: String,
    /// A short label for the span.
    pub label: String,
    /// Other places involved (e.g. the first of two colliding names).
    pub related: Vec<(Location, String)>,
    /// How to fix it, when there is something to say.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at `span` of `file` (whose contents are `text`).
    pub fn error(
        file: &str,
        text: &str,
        span: Span,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Self {
        Self {
            location: Location::new(file, text, span),
            message: message.into(),
            label: label.into(),
            related: Vec::new(),
            help: None,
        }
    }

    /// Adds another place involved in the problem.
    #[must_use]
    pub fn with_related(mut self, location: Location, label: impl Into<String>) -> Self {
        self.related.push((location, label.into()));
        self
    }

    /// Adds advice on fixing the problem.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    /// The one-line form: `file:line:column: error: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: error: {}", self.location, self.message)
    }
}

/// Every diagnostic of a run, sorted by file and position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// [`Diagnostics::render`] with the spec files' text taken from `sources`,
    /// the files the diagnostics came from.
    pub fn render_sources(
        &self,
        display_root: &str,
        sources: &[crate::SpecSource],
        styled: bool,
    ) -> String {
        let text = |path: &str| {
            sources
                .iter()
                .find(|source| source.path == path)
                .map(|source| source.text.as_str())
        };
        self.render(display_root, text, styled)
    }

    /// Renders every diagnostic like rustc does: the message, the file and
    /// position, the source line with the span underlined, related places and help.
    /// `sources` maps a spec file's name to its contents; `display_root` is
    /// prefixed to file names (e.g. `api-spec`).
    pub fn render<'a>(
        &self,
        display_root: &str,
        sources: impl Fn(&str) -> Option<&'a str>,
        styled: bool,
    ) -> String {
        let renderer = if styled {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let mut out = String::new();
        for diagnostic in &self.0 {
            let path = |file: &str| {
                if display_root.is_empty() {
                    file.to_owned()
                } else {
                    format!("{display_root}/{file}")
                }
            };
            let main_path = path(&diagnostic.location.file);
            let related_paths: Vec<String> = diagnostic
                .related
                .iter()
                .map(|(loc, _)| path(&loc.file))
                .collect();
            let mut group = Group::with_title(Level::ERROR.primary_title(&diagnostic.message));
            if let Some(text) = sources(&diagnostic.location.file) {
                let mut snippet = Snippet::source(text).path(&main_path).annotation(
                    AnnotationKind::Primary
                        .span(diagnostic.location.span.range())
                        .label(&diagnostic.label),
                );
                for (location, label) in &diagnostic.related {
                    if location.file == diagnostic.location.file {
                        snippet = snippet.annotation(
                            AnnotationKind::Context
                                .span(location.span.range())
                                .label(label),
                        );
                    }
                }
                group = group.element(snippet);
                for ((location, label), related_path) in
                    diagnostic.related.iter().zip(&related_paths)
                {
                    if location.file != diagnostic.location.file
                        && let Some(other) = sources(&location.file)
                    {
                        group = group.element(
                            Snippet::source(other).path(related_path).annotation(
                                AnnotationKind::Context
                                    .span(location.span.range())
                                    .label(label),
                            ),
                        );
                    }
                }
            }
            let mut report = vec![group];
            if let Some(help) = &diagnostic.help {
                report.push(Group::with_title(Level::HELP.secondary_title(help)));
            }
            out.push_str(&renderer.render(&report));
            out.push_str("\n\n");
        }
        let count = self.0.len();
        out.push_str(&format!(
            "error: {count} problem{} in the specs; nothing was generated\n",
            if count == 1 { "" } else { "s" }
        ));
        out
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.0 {
            writeln!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}
