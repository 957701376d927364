//! The doc-page importer: Open Platform doc pages (markdown) in, spec files
//! out, with a warning for everything on a page that has no home in the
//! format. `cargo xtask import` writes what it returns.
//!
//! Each page becomes `<service>/<version>/<resource>/<name>.yaml` (placed by
//! the page's `fullPath`, or its Node SDK sample); the models its tables
//! define go to `<service>/<version>/models.yaml`, one definition per name:
//! pages that define a model with the same shape share it, and a different
//! shape under the same name is reported, not guessed.

mod cell;
mod markdown;
mod page;

use std::collections::BTreeMap;
use std::fmt;

use crate::SpecSource;
use crate::spec::{Model, SpecFile};

/// One doc page.
pub struct Page {
    /// How warnings name it, e.g. its file name.
    pub name: String,
    /// Its markdown.
    pub text: String,
}

/// Something on a page the importer could not place, or had to guess.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// The page.
    pub page: String,
    /// The 1-based line on it.
    pub line: usize,
    /// What was not placed, and what happened instead.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: warning: {}", self.page, self.line, self.message)
    }
}

/// What the importer made of some pages.
pub struct Imported {
    /// The spec files, sorted by path.
    pub files: Vec<SpecSource>,
    /// Everything it could not place, by page and line.
    pub warnings: Vec<Warning>,
}

/// Imports `pages`.
pub fn import(pages: &[Page]) -> Imported {
    let mut warnings = Vec::new();
    let mut specs: Vec<(page::PageSpec, String)> = Vec::new();
    // Models by namespace and name, with the page that defined them first.
    let mut models: BTreeMap<String, BTreeMap<String, (Model, String)>> = BTreeMap::new();
    for source in pages {
        let Some(mut spec) = page::read(&source.name, &source.text, &mut warnings) else {
            continue;
        };
        if specs.iter().any(|(other, _)| other.module == spec.module) {
            warnings.push(Warning {
                page: source.name.clone(),
                line: 1,
                message: format!(
                    "another page already describes `{}`; this one is not imported",
                    spec.module.join("/")
                ),
            });
            continue;
        }
        let namespace = spec.module[..spec.module.len().min(2)].join("/");
        let known = models.entry(namespace).or_default();
        for model in std::mem::take(&mut spec.models) {
            match known.get_mut(&model.name) {
                None => {
                    known.insert(model.name.clone(), (model, source.name.clone()));
                }
                Some((first, first_page)) => {
                    if merge(first, &model) {
                        continue;
                    }
                    warnings.push(Warning {
                        page: source.name.clone(),
                        line: 1,
                        message: format!(
                            "model `{}` has another shape than on {first_page}; the first is kept, reconcile them by hand",
                            model.name
                        ),
                    });
                }
            }
        }
        specs.push((spec, source.name.clone()));
    }

    // Enums with the same values that several models define under their own
    // names (`AilyMentionIdentityProvider`, `AilySenderIdentityProvider`)
    // are one enum, named by what their names share (`IdentityProvider`).
    let mut renames: BTreeMap<String, String> = BTreeMap::new();
    for models in models.values_mut() {
        let mut by_values: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
        for (name, (model, _)) in models.iter() {
            if let Some(values) = &model.values {
                let key = values.iter().map(|v| v.value.clone()).collect();
                by_values.entry(key).or_default().push(name.clone());
            }
        }
        for names in by_values.into_values().filter(|names| names.len() > 1) {
            let shared = common_suffix(&names);
            if shared.is_empty() || (models.contains_key(&shared) && !names.contains(&shared)) {
                continue;
            }
            let (first, page) = models[&names[0]].clone();
            for name in &names {
                models.remove(name);
                if *name != shared {
                    renames.insert(name.clone(), shared.clone());
                }
            }
            models.insert(
                shared.clone(),
                (
                    Model {
                        name: shared,
                        ..first
                    },
                    page,
                ),
            );
        }
    }
    let rename = |fields: &mut Vec<crate::spec::Field>| {
        for field in fields {
            for (from, to) in &renames {
                if field.ty == *from || field.ty == format!("array<{from}>") {
                    field.ty = field.ty.replace(from.as_str(), to);
                }
            }
        }
    };

    let mut files = Vec::new();
    for (mut spec, page) in specs {
        let endpoint = &mut spec.endpoint;
        for list in [
            &mut endpoint.path_params,
            &mut endpoint.query_params,
            &mut endpoint.headers,
            &mut endpoint.response.fields,
        ] {
            rename(list);
        }
        if let Some(body) = &mut endpoint.body {
            rename(&mut body.fields);
        }
        files.push(SpecSource {
            path: format!("{}.yaml", spec.module.join("/")),
            text: yaml(
                &SpecFile {
                    endpoint: Some(spec.endpoint),
                    models: Vec::new(),
                    common_errors: Vec::new(),
                },
                spec.module.len() - 1,
                &page,
            ),
        });
    }
    for (namespace, models) in models.into_iter().filter(|(_, models)| !models.is_empty()) {
        let mut pages: Vec<String> = models.values().map(|(_, page)| page.clone()).collect();
        pages.sort_unstable();
        pages.dedup();
        let models: Vec<Model> = models
            .into_values()
            .map(|(mut model, _)| {
                if let Some(fields) = &mut model.fields {
                    rename(fields);
                }
                model
            })
            .collect();
        files.push(SpecSource {
            path: format!("{namespace}/models.yaml"),
            text: yaml(
                &SpecFile {
                    endpoint: None,
                    models,
                    common_errors: Vec::new(),
                },
                2,
                &pages.join(", "),
            ),
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    warnings.sort();
    Imported { files, warnings }
}

/// The longest UpperCamelCase word suffix all `names` share:
/// `AilyMentionIdentityProvider`, `AilySenderIdentityProvider` →
/// `IdentityProvider`.
fn common_suffix(names: &[String]) -> String {
    let words = |name: &str| -> Vec<String> {
        let mut words: Vec<String> = Vec::new();
        for c in name.chars() {
            if c.is_ascii_uppercase() || words.is_empty() {
                words.push(String::new());
            }
            words.last_mut().expect("pushed above").push(c);
        }
        words
    };
    let all: Vec<Vec<String>> = names.iter().map(|name| words(name)).collect();
    let mut suffix: Vec<String> = Vec::new();
    for n in 1.. {
        let candidate: Option<&String> = all[0].len().checked_sub(n).map(|i| &all[0][i]);
        let Some(word) = candidate else { break };
        if all.iter().all(|w| w.len() >= n && w[w.len() - n] == *word) {
            suffix.insert(0, word.clone());
        } else {
            break;
        }
    }
    suffix.concat()
}

/// Merges `other` into `first` when they describe the same model: the same
/// values, or fields whose types agree (a `string` on one page and an enum
/// model, whose values the other page lists, on another agree: the enum
/// wins), with the same `required`. Fields one page lists and the other
/// does not are kept; descriptions, examples and limits fill in what the
/// first lacks. Returns false, changing nothing, when they disagree.
fn merge(first: &mut Model, other: &Model) -> bool {
    if first.values.is_some() || other.values.is_some() {
        let values = |model: &Model| {
            model
                .values
                .as_ref()
                .map(|values| values.iter().map(|v| v.value.clone()).collect::<Vec<_>>())
        };
        return values(first) == values(other);
    }
    let (Some(fields), Some(others)) = (&first.fields, &other.fields) else {
        return false;
    };
    let is_enum_ref = |ty: &str| {
        let element = ty
            .strip_prefix("array<")
            .and_then(|t| t.strip_suffix('>'))
            .unwrap_or(ty);
        element.starts_with(|c: char| c.is_ascii_uppercase())
    };
    let mut merged = fields.clone();
    for field in others {
        match merged.iter_mut().find(|mine| mine.name == field.name) {
            None => merged.push(field.clone()),
            Some(mine) if mine.required != field.required => return false,
            Some(mine) => {
                if mine.ty != field.ty {
                    let refined = mine.ty.replace("string", &field.ty);
                    if mine.ty.contains("string") && is_enum_ref(&field.ty) && refined == field.ty {
                        mine.ty = field.ty.clone();
                    } else if !(field.ty.contains("string") && is_enum_ref(&mine.ty)) {
                        return false;
                    }
                }
                if mine.description.is_none() {
                    mine.description = field.description.clone();
                }
                if mine.example.is_none() {
                    mine.example = field.example.clone();
                }
                if mine.limits.is_none() {
                    mine.limits = field.limits.clone();
                }
            }
        }
    }
    first.fields = Some(merged);
    if first.description.is_none() {
        first.description = other.description.clone();
    }
    true
}

/// A spec file's text: the schema comment, where it came from, the YAML.
fn yaml(file: &SpecFile, depth: usize, from: &str) -> String {
    let schema = format!("{}spec.schema.json", "../".repeat(depth));
    let body = serde_yaml::to_string(file).expect("spec types serialize to YAML");
    format!(
        "# yaml-language-server: $schema={schema}\n# Imported from {from} by `cargo xtask import`; review it before committing.\n{body}"
    )
}
