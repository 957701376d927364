//! The doc-page importer. On pages of our own (`tests/fixtures/pages/`): what
//! it reads from each layout, and what it warns about. On the official pages
//! in `../shared/` (beside the checkout, as in CI): each page imports to a
//! spec equivalent to the reviewed one in `api-spec/`, except for the
//! differences listed, each with its reason, in
//! `tests/fixtures/import_differences.yaml`.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::import::{Page, import};
use codegen::spec::SpecFile;
use serde_json::Value;

fn pages_in(dir: &Path) -> Vec<Page> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| Page {
            name: path.file_name().unwrap().to_string_lossy().into_owned(),
            text: std::fs::read_to_string(&path).unwrap(),
        })
        .collect()
}

/// A spec file as JSON, lists of named things keyed by their name, so a
/// difference is named by what it is about, not by its position.
fn normalized(text: &str) -> Value {
    let file: SpecFile = serde_yaml::from_str(text).unwrap();
    keyed(serde_json::to_value(file).unwrap())
}

fn keyed(value: Value) -> Value {
    match value {
        Value::Array(items)
            if items.iter().all(|item| item.get("code").is_some()) && !items.is_empty() =>
        {
            Value::Object(
                items
                    .into_iter()
                    .map(|item| (item["code"].to_string(), keyed(item)))
                    .collect(),
            )
        }
        Value::Array(items)
            if items
                .iter()
                .all(|item| item.get("name").is_some_and(Value::is_string))
                && !items.is_empty() =>
        {
            Value::Object(
                items
                    .into_iter()
                    .map(|item| (item["name"].as_str().unwrap().to_owned(), keyed(item)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.into_iter().map(keyed).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, keyed(v))).collect()),
        other => other,
    }
}

/// Every path at which `a` and `b` differ.
fn differences(a: &Value, b: &Value, path: String, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for key in keys {
                let sub = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => differences(x, y, sub, out),
                    _ => out.push(sub),
                }
            }
        }
        // Text that differs only in its line breaks and spacing is the same.
        (Value::String(a), Value::String(b)) if words(a) == words(b) => {}
        (a, b) if a != b => out.push(path),
        _ => {}
    }
}

/// The fixture's key for where the reviewed spec of an imported file is.
const REVIEWED_AT: &str = "(reviewed at)";

fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

/// Our own pages, one per layout: the specs and warnings are snapshots, and
/// the specs generate.
#[test]
fn fixture_pages_import_to_the_reviewed_snapshots() {
    let pages = pages_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages"));
    let imported = import(&pages);
    for file in &imported.files {
        insta::assert_snapshot!(
            format!("import__{}", file.path.replace('/', "__")),
            file.text
        );
    }
    let warnings: Vec<String> = imported.warnings.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!("import__warnings", warnings.join("\n"));
    if let Err(diagnostics) = codegen::generate("imported", &imported.files) {
        panic!(
            "{}",
            diagnostics.render_sources("imported", &imported.files, false)
        );
    }
}

#[test]
fn official_pages_import_to_the_reviewed_specs_but_for_the_listed_differences() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    let reference = shared.join("reference/pages");
    if !reference.is_dir() {
        eprintln!("{} is not there: skipped (CI has it)", reference.display());
        return;
    }
    let mut pages = pages_in(&reference);
    pages.retain(|page| !page.name.starts_with("common__"));
    let imported = import(&pages);
    let seed = import(&pages_in(&shared.join("seed")));
    for (set, files) in [("reference", &imported.files), ("seed", &seed.files)] {
        if let Err(diagnostics) = codegen::generate("imported", files) {
            panic!(
                "the {set} pages' specs do not generate:\n{}",
                diagnostics.render_sources("imported", files, false)
            );
        }
    }

    let reviewed = common::read_specs("api-spec");
    let reviewed: BTreeMap<&str, &str> = reviewed
        .iter()
        .map(|s| (s.path.as_str(), s.text.as_str()))
        .collect();
    let expected: BTreeMap<String, BTreeMap<String, String>> = serde_yaml::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import_differences.yaml"),
        )
        .unwrap(),
    )
    .unwrap();

    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (set, files) in [("reference", &imported.files), ("seed", &seed.files)] {
        for file in files.iter() {
            let key = format!("{set}: {}", file.path);
            let mut paths = Vec::new();
            // A reviewed spec may sit elsewhere than the page's doc tree says.
            let at = expected
                .get(&key)
                .and_then(|listed| listed.get(REVIEWED_AT))
                .map_or(file.path.as_str(), String::as_str);
            match reviewed.get(at) {
                Some(text) => differences(
                    &normalized(text),
                    &normalized(&file.text),
                    String::new(),
                    &mut paths,
                ),
                None => paths.push("(no reviewed spec at this path)".to_owned()),
            }
            found.insert(key, paths);
        }
    }
    // Every warning is expected, with its reason.
    let explained: BTreeMap<String, String> = serde_yaml::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import_warnings.yaml"),
        )
        .unwrap(),
    )
    .unwrap();
    let warnings: Vec<String> = imported
        .warnings
        .iter()
        .chain(&seed.warnings)
        .map(ToString::to_string)
        .collect();
    let mut report: Vec<String> = warnings
        .iter()
        .filter(|warning| !explained.contains_key(*warning))
        .map(|warning| format!("unexplained warning: {warning}"))
        .collect();
    report.extend(
        explained
            .keys()
            .filter(|warning| !warnings.contains(warning))
            .map(|warning| format!("listed warning no longer given: {warning}")),
    );
    for (file, paths) in &found {
        let listed = expected.get(file).cloned().unwrap_or_default();
        for path in paths {
            if !listed.contains_key(path) {
                report.push(format!("{file}: unexplained difference at `{path}`"));
            }
        }
        for path in listed.keys().filter(|path| *path != REVIEWED_AT) {
            if !paths.contains(path) {
                report.push(format!("{file}: `{path}` is listed but no longer differs"));
            }
        }
    }
    for file in expected.keys() {
        if !found.contains_key(file) {
            report.push(format!("{file}: listed, but not imported"));
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
}
