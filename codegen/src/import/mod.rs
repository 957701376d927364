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

use std::collections::{BTreeMap, BTreeSet};
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
        let enums: BTreeSet<String> = known
            .values()
            .map(|(model, _)| model)
            .chain(&spec.models)
            .filter(|model| model.values.is_some())
            .map(|model| model.name.clone())
            .collect();
        for model in std::mem::take(&mut spec.models) {
            match known.get_mut(&model.name) {
                None => {
                    known.insert(model.name.clone(), (model, source.name.clone()));
                }
                Some((first, first_page)) => {
                    if merge(first, &model, &enums) {
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
    let mut renames: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (namespace, models) in &mut models {
        let renames = renames.entry(namespace.clone()).or_default();
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
    let no_renames = BTreeMap::new();
    let rename = |namespace: &str, fields: &mut Vec<crate::spec::Field>| {
        let renames = renames.get(namespace).unwrap_or(&no_renames);
        for field in fields {
            for (from, to) in renames {
                if field.ty == *from || field.ty == format!("array<{from}>") {
                    field.ty = field.ty.replace(from.as_str(), to);
                }
            }
        }
    };

    let mut files = Vec::new();
    for (mut spec, page) in specs {
        let namespace = spec.module[..spec.module.len().min(2)].join("/");
        let endpoint = &mut spec.endpoint;
        for list in [
            &mut endpoint.path_params,
            &mut endpoint.query_params,
            &mut endpoint.headers,
            &mut endpoint.response.fields,
        ] {
            rename(&namespace, list);
        }
        if let Some(body) = &mut endpoint.body {
            rename(&namespace, &mut body.fields);
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
                    rename(&namespace, fields);
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
/// values, or fields whose types agree, with the same `required`. A `string`
/// on one page and an enum of `enums` on another agree (the enum wins: its
/// page lists the values), at the same array depth. Fields one page lists
/// and the other does not are kept; descriptions, examples and limits fill
/// in what the first lacks. Returns false, changing nothing, when they
/// disagree.
pub(super) fn merge(first: &mut Model, other: &Model, enums: &BTreeSet<String>) -> bool {
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
    let agree = |a: &str, b: &str| -> Option<String> {
        if a == b {
            return Some(a.to_owned());
        }
        let ((ea, da), (eb, db)) = (element(a), element(b));
        match (ea, eb) {
            _ if da != db => None,
            ("string", e) if enums.contains(e) => Some(b.to_owned()),
            (e, "string") if enums.contains(e) => Some(a.to_owned()),
            _ => None,
        }
    };
    let mut merged = fields.clone();
    for field in others {
        match merged.iter_mut().find(|mine| mine.name == field.name) {
            None => merged.push(field.clone()),
            Some(mine) => {
                let Some(ty) =
                    agree(&mine.ty, &field.ty).filter(|_| mine.required == field.required)
                else {
                    return false;
                };
                mine.ty = ty;
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

/// The element type of `array<array<T>>` and how deep it is nested.
fn element(ty: &str) -> (&str, usize) {
    let mut ty = ty;
    let mut depth = 0;
    while let Some(inner) = ty.strip_prefix("array<").and_then(|t| t.strip_suffix('>')) {
        ty = inner;
        depth += 1;
    }
    (ty, depth)
}

/// A spec file's text: the schema comment, where it came from, the YAML.
fn yaml(file: &SpecFile, depth: usize, from: &str) -> String {
    let schema = format!("{}spec.schema.json", "../".repeat(depth));
    let body = crate::yaml::write(file);
    format!(
        "# yaml-language-server: $schema={schema}\n# Imported from {from} by `cargo xtask import`; review it before committing.\n{body}"
    )
}

/// Fits `imported` into a spec directory that holds `existing` specs: a
/// model the directory defines already is not defined again (a different
/// shape is reported, and the existing one kept); new models go to
/// `<service>/<version>/models.yaml`, or to `imported_models.yaml` beside
/// it when the directory has a `models.yaml` of its own, which is never
/// rewritten.
pub fn reconcile(existing: &[SpecSource], mut imported: Imported) -> Imported {
    let mut defined: BTreeMap<String, BTreeMap<String, (Model, String)>> = BTreeMap::new();
    for source in existing {
        let Some(file) = crate::yaml::read_spec(&source.text) else {
            continue; // validation reports it
        };
        let namespace = source.path.split('/').take(2).collect::<Vec<_>>().join("/");
        let models = defined.entry(namespace).or_default();
        for model in file.models {
            models.insert(model.name.clone(), (model, source.path.clone()));
        }
    }
    let existing_paths: BTreeSet<&str> = existing.iter().map(|s| s.path.as_str()).collect();
    let mut files = Vec::new();
    for file in std::mem::take(&mut imported.files) {
        let Some(namespace) = file.path.strip_suffix("/models.yaml") else {
            files.push(file);
            continue;
        };
        let Some(spec) = crate::yaml::read_spec(&file.text) else {
            files.push(file);
            continue;
        };
        let known = defined.get(namespace);
        let enums: BTreeSet<String> = known
            .into_iter()
            .flat_map(|models| models.values())
            .map(|(model, _)| model)
            .chain(&spec.models)
            .filter(|model| model.values.is_some())
            .map(|model| model.name.clone())
            .collect();
        let mut new = Vec::new();
        for model in spec.models {
            match known.and_then(|models| models.get(&model.name)) {
                None => new.push(model),
                Some((mine, path)) => {
                    if !merge(&mut mine.clone(), &model, &enums) {
                        imported.warnings.push(Warning {
                            page: file.path.clone(),
                            line: 1,
                            message: format!(
                                "model `{}` differs from its definition in {path}; that one is kept, reconcile them by hand",
                                model.name
                            ),
                        });
                    }
                }
            }
        }
        if new.is_empty() {
            continue;
        }
        let path = if existing_paths.contains(file.path.as_str()) {
            format!("{namespace}/imported_models.yaml")
        } else {
            file.path.clone()
        };
        // The importer's own models file of an earlier run grows.
        if let Some(earlier) = existing.iter().find(|source| source.path == path)
            && let Some(earlier) = crate::yaml::read_spec(&earlier.text)
        {
            let mut models = earlier.models;
            models.append(&mut new);
            new = models;
        }
        let from = file
            .text
            .lines()
            .nth(1)
            .and_then(|line| line.strip_prefix("# Imported from "))
            .and_then(|line| line.split(" by `").next())
            .unwrap_or_default()
            .to_owned();
        files.push(SpecSource {
            path,
            text: yaml(
                &SpecFile {
                    endpoint: None,
                    models: new,
                    common_errors: Vec::new(),
                },
                2,
                &from,
            ),
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    imported.files = files;
    imported.warnings.sort();
    imported
}
