//! The pipeline's stages one at a time, so the benchmarks can time each on
//! its own. Not part of the API: [`crate::generate`] is.

use crate::{Options, SpecSource, emit, ir, load, render, validate};

/// Parsed spec files.
pub struct Loaded<'a>(Vec<load::Loaded<'a>>);

/// Parses `sources` (YAML into the spec types).
pub fn load(sources: &[SpecSource]) -> Loaded<'_> {
    Loaded(load::load(sources).0)
}

/// Validates; returns how many diagnostics there are.
pub fn validate(loaded: &Loaded<'_>) -> usize {
    validate::validate(&loaded.0, true).len()
}

/// The resolved model.
pub struct Ir(ir::Ir);

/// Builds the IR (names decided, types resolved).
pub fn ir(loaded: &Loaded<'_>) -> Ir {
    Ir(ir::build(&loaded.0).0)
}

/// One token stream per output file.
pub struct Units(Vec<emit::Unit>);

/// Emits token streams with `quote`.
pub fn emit(ir: &Ir, options: &Options) -> Units {
    Units(emit::emit(&ir.0, options))
}

/// Parsed syntax trees.
pub struct Parsed(Vec<syn::File>);

/// Parses every unit's tokens with `syn`, the first half of rendering.
pub fn parse(units: &Units) -> Parsed {
    Parsed(
        units
            .0
            .iter()
            .map(|unit| syn::parse2(unit.tokens.clone()).expect("emitted tokens parse"))
            .collect(),
    )
}

/// Prints syntax trees with `prettyplease`, the second half of rendering.
pub fn print(parsed: Parsed) -> Vec<String> {
    parsed.0.into_iter().map(render::print).collect()
}

/// Renders every unit: `parse` and `print`, plus the header.
pub fn render(units: &Units) -> Vec<String> {
    units
        .0
        .iter()
        .map(|unit| render::render(unit, "specs").expect("emitted tokens parse"))
        .collect()
}
