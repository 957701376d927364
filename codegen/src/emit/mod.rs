//! Emitting: the IR in, one token stream per output file out. One emitter per
//! item kind; this module lays out files and the module tree.

mod docs;
mod error;
mod examples;
mod model;
mod request;

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{FileIr, Ir, TypeIr};
use crate::naming::PRELUDE;
use crate::spec::Builtin;
pub(crate) use docs::Docs;

/// One output file, before printing.
pub(crate) struct Unit {
    /// Relative to the generated directory, `/`-separated.
    pub path: String,
    pub tokens: TokenStream,
    /// The spec files it comes from, for its header.
    pub sources: Vec<String>,
}

/// Every output file for `ir`: one per spec file, one `mod.rs` per folder.
pub(crate) fn emit(ir: &Ir, options: &crate::Options) -> Vec<Unit> {
    let mut units: Vec<Unit> = ir.files.iter().map(spec_module).collect();
    units.extend(module_tree(ir, options));
    units.sort_by(|a, b| a.path.cmp(&b.path));
    units
}

/// The unit of one spec file; with [`module_tree`], what [`emit`] returns.
/// Token streams cannot cross threads, so a parallel caller emits on each.
pub(crate) fn file_unit(file: &FileIr) -> Unit {
    spec_module(file)
}

/// The `mod.rs` units.
pub(crate) fn tree_units(ir: &Ir, options: &crate::Options) -> Vec<Unit> {
    module_tree(ir, options)
}

/// An identifier the IR decided; `r#` marks a raw one.
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// What an emitter needs to know about the module it writes into.
pub(crate) struct Ctx<'a> {
    /// Prelude names that a model shadows here, to be written in full.
    shadowed: &'a BTreeSet<&'static str>,
}

impl Ctx<'_> {
    /// A prelude name, fully qualified where a model shadows it.
    pub fn std(&self, name: &'static str) -> TokenStream {
        self.std_str(name)
            .parse()
            .expect("prelude paths are valid Rust paths")
    }

    /// The same, as text (for serde's string attributes).
    pub fn std_str(&self, name: &'static str) -> &'static str {
        if self.shadowed.contains(name) {
            PRELUDE
                .iter()
                .find(|(short, _)| *short == name)
                .map_or(name, |(_, full)| full)
        } else {
            name
        }
    }

    /// The Rust type of `ty`.
    pub fn ty(&self, ty: &TypeIr) -> TokenStream {
        match ty {
            TypeIr::Builtin(builtin) => match builtin {
                Builtin::String => self.std("String"),
                Builtin::Boolean => quote!(bool),
                Builtin::Int32 => quote!(i32),
                Builtin::Int64 => quote!(i64),
                Builtin::Float64 => quote!(f64),
                Builtin::TimestampMs => quote!(crate::wire::TimestampMs),
                Builtin::TimestampS => quote!(crate::wire::TimestampSecs),
                Builtin::JsonString => quote!(crate::wire::JsonString),
                Builtin::Json => quote!(serde_json::Value),
                Builtin::Secret => quote!(crate::Secret),
            },
            TypeIr::Model(name) => {
                let name = ident(name);
                quote!(#name)
            }
            TypeIr::Array(inner) => {
                let (vec, inner) = (self.std("Vec"), self.ty(inner));
                quote!(#vec<#inner>)
            }
            TypeIr::Map(inner) => {
                let (string, inner) = (self.std("String"), self.ty(inner));
                quote!(std::collections::BTreeMap<#string, #inner>)
            }
        }
    }
}

fn spec_module(file: &FileIr) -> Unit {
    let ctx = Ctx {
        shadowed: &file.shadowed,
    };
    let namespace = file.namespace().iter().map(|part| ident(part));
    let imports = file.imports.iter().map(|name| {
        let namespace = namespace.clone();
        let name = ident(name);
        quote!(use crate::api:: #(#namespace ::)* #name;)
    });
    let mut module_docs = Docs::default();
    match &file.endpoint {
        Some(endpoint) => module_docs.text(Some(&endpoint.summary)),
        None if !file.common_errors.is_empty() => {
            module_docs.raw("The platform's common server error codes.")
        }
        None => module_docs.raw(format!(
            "Models shared by the `{}` endpoints.",
            file.namespace().join("/")
        )),
    };
    let module_docs = module_docs.inner();
    let endpoint = file.endpoint.as_ref().map(|endpoint| {
        let request = request::request(endpoint, &ctx);
        let response = request::response(endpoint, &ctx);
        let error = error::error(endpoint, &ctx);
        quote!(#request #response #error)
    });
    let models = file.models.iter().map(|model| model::model(model, &ctx));
    let common =
        (!file.common_errors.is_empty()).then(|| error::common_error(&file.common_errors, &ctx));
    let tests = examples::tests(file, &ctx);
    let mut path = file.module_path.join("/");
    path.push_str(".rs");
    Unit {
        path,
        tokens: quote! {
            #module_docs
            #(#imports)*
            #endpoint
            #(#models)*
            #common
            #tests
        },
        sources: vec![file.source.clone()],
    }
}

/// The `mod.rs` files: services and versions are public modules; below a
/// version, modules are private and their types re-exported from the version,
/// so every type of `aily/v1` is `api::aily::v1::Name`.
fn module_tree(ir: &Ir, options: &crate::Options) -> Vec<Unit> {
    // Services behind a feature: all but the one with the common error codes.
    let always: BTreeSet<&str> = ir
        .files
        .iter()
        .filter(|file| !file.common_errors.is_empty())
        .filter_map(|file| file.module_path.first().map(String::as_str))
        .collect();
    #[derive(Default)]
    struct Dir<'a> {
        children: BTreeMap<&'a str, Vec<&'a str>>,
        sources: BTreeSet<&'a str>,
    }
    let mut dirs: BTreeMap<Vec<&str>, Dir<'_>> = BTreeMap::new();
    for file in &ir.files {
        let exports = file.exports();
        for depth in 0..file.module_path.len() {
            let dir: Vec<&str> = file.module_path[..depth]
                .iter()
                .map(String::as_str)
                .collect();
            let entry = dirs.entry(dir).or_default();
            entry
                .children
                .entry(&file.module_path[depth])
                .or_default()
                .extend(&exports);
            entry.sources.insert(&file.source);
        }
    }
    dirs.into_iter()
        .map(|(dir, contents)| {
            let mut docs = Docs::default();
            match dir.as_slice() {
                [] => docs.raw("Every generated endpoint and model, by service and version."),
                [service] => docs.raw(format!("The `{service}` service, by version.")),
                [service, version] => docs.raw(format!(
                    "The `{service}` service, version `{version}`: every request, response, error and model."
                )),
                deeper => docs.raw(format!("The `{}` endpoints.", deeper.join("/"))),
            };
            let docs = docs.inner();
            let public = dir.len() < 2;
            let items = contents.children.iter().map(|(child, exports)| {
                let gate = (options.service_features && dir.is_empty() && !always.contains(child))
                    .then(|| quote!(#[cfg(feature = #child)]));
                let child = ident(child);
                if public {
                    quote!(#gate pub mod #child;)
                } else {
                    let exports = exports.iter().map(|name| ident(name));
                    quote!(mod #child; pub use #child::{#(#exports),*};)
                }
            });
            let mut path = dir.join("/");
            if !path.is_empty() {
                path.push('/');
            }
            path.push_str("mod.rs");
            Unit {
                path,
                tokens: quote!(#docs #(#items)*),
                sources: contents.sources.into_iter().map(str::to_owned).collect(),
            }
        })
        .collect()
}
