//! Property: whatever the spec files say, the generator never panics; it
//! answers with diagnostics that point into the files, or with code that
//! `syn` parses.
//!
//! Each case is a spec set that is valid by construction but as hostile as
//! the format allows (keyword and prelude names, every type, limits, bodies,
//! queries, headers, pagination, examples), then broken in zero to two
//! random ways (a bad type, a duplicate, an undeclared path parameter, an
//! unknown key, a bad pattern, damaged YAML), so both halves are exercised.

use codegen::{SpecSource, generate};
use proptest::prelude::*;
use serde_json::{Value, json};

/// Legal field names that have broken generators: keywords, prelude names,
/// the setter-vs-constructor name, names that collide after conversion.
const FIELD_NAMES: &[&str] = &[
    "id",
    "run_id",
    "runId",
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "fn",
    "match",
    "async",
    "Result",
    "Option",
    "String",
    "Vec",
    "Some",
    "None",
    "Default",
    "Into",
    "Box",
    "page_token",
    "has_more",
    "items",
    "2fa",
    "a-b",
    "k",
];

const PATH_NAMES: &[&str] = &["id", "type", "self", "fn", "Vec", "item_id"];

const TYPES: &[&str] = &[
    "string",
    "boolean",
    "int32",
    "int64",
    "float64",
    "timestamp_ms",
    "timestamp_s",
    "json_string",
    "json",
    "secret",
    "Thing",
    "Kind",
    "Result",
    "array<string>",
    "array<Thing>",
    "map<int64>",
    "array<array<Kind>>",
    "map<Result>",
];

/// Query parameter types the format accepts.
const QUERY_TYPES: &[&str] = &[
    "string",
    "boolean",
    "int32",
    "int64",
    "Kind",
    "array<string>",
    "array<Kind>",
];

fn fields(types: &'static [&'static str], max: usize) -> impl Strategy<Value = Vec<Value>> {
    prop::sample::subsequence(FIELD_NAMES, 0..max).prop_flat_map(move |names| {
        let n = names.len();
        (
            Just(names),
            prop::collection::vec(prop::sample::select(types), n),
            prop::collection::vec(any::<bool>(), n),
            prop::collection::vec(prop::option::of(1u64..20), n),
        )
            .prop_map(|(names, types, required, max_length)| {
                names
                    .iter()
                    .zip(types)
                    .zip(required)
                    .zip(max_length)
                    .map(|(((name, ty), required), max_length)| {
                        let mut field = json!({"name": name, "type": ty, "required": required, "description": "说明 [link](https://x.invalid) `code`"});
                        if ty == "string" && let Some(max) = max_length {
                            field["limits"] = json!({"max_length": max, "pattern": "[a-z0-9_]+"});
                        }
                        field
                    })
                    .collect()
            })
    })
}

fn models() -> impl Strategy<Value = Value> {
    (
        fields(TYPES, 5),
        fields(&["string", "int64", "Kind"], 4),
        prop::sample::subsequence(
            &[
                "QUEUED",
                "IN_PROGRESS",
                "SmartCard",
                "LONG-TERM",
                "Self",
                "type",
                "Unknown",
                "None",
            ][..],
            1..5,
        ),
    )
        .prop_map(|(thing, result, values)| {
            let values: Vec<Value> = values.iter().map(|v| json!({"value": v})).collect();
            json!({"models": [
                {"name": "Thing", "fields": thing},
                {"name": "Result", "description": "shadows the prelude", "fields": result},
                {"name": "Kind", "values": values},
            ]})
        })
}

fn endpoint() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(&["GET", "POST", "PUT", "DELETE"][..]),
        prop::sample::subsequence(PATH_NAMES, 0..3),
        prop::sample::subsequence(&["tenant_access_token", "user_access_token", "app_access_token"][..], 0..3),
        fields(QUERY_TYPES, 4),
        prop::option::of(fields(TYPES, 5)),
        any::<bool>(),
        prop::collection::vec((1i64..5, prop::sample::select(FIELD_NAMES)), 0..3),
    )
        .prop_map(|(method, path_names, tokens, mut query, body, paged, errors)| {
            let segments: String = path_names.iter().map(|name| format!("/things/:{name}")).collect();
            let path_params: Vec<Value> = path_names
                .iter()
                .map(|name| json!({"name": name, "type": "string", "required": true}))
                .collect();
            let example_params: serde_json::Map<String, Value> =
                path_names.iter().map(|name| ((*name).to_owned(), json!("a/b?c#d"))).collect();
            let mut endpoint = json!({
                "summary": "随机接口",
                "doc_url": "https://example.invalid/doc",
                "method": method,
                "path": format!("/open-apis/x/v1{segments}"),
                "tokens": tokens,
                "app_types": ["custom"],
                "path_params": path_params,
                "headers": [{"name": "X-Request-Id", "type": "string", "rust_name": "request_id"}],
                "response": {"fields": [
                    {"name": "items", "type": "array<Thing>"},
                    {"name": "page_token", "type": "string"},
                    {"name": "has_more", "type": "boolean"},
                ]},
                "errors": errors.iter().enumerate().map(|(i, (code, name))| {
                    json!({"code": code * 10 + i as i64, "name": name, "http_status": 400, "message": "m"})
                }).collect::<Vec<_>>(),
                "examples": [{
                    "name": "doc",
                    "path_params": example_params,
                    "response_body": "{\"code\": 0, \"msg\": \"ok\", \"data\": {\"items\": []}}",
                }],
            });
            if paged {
                query.retain(|field| field["name"] != "page_token");
                query.push(json!({"name": "page_token", "type": "string"}));
                endpoint["pagination"] = json!({"items": "items"});
            }
            // Required query parameters would need example values; keep them optional.
            for field in &mut query {
                field["required"] = json!(false);
            }
            endpoint["query_params"] = Value::from(query);
            if let Some(body) = body {
                endpoint["body"] = json!({"fields": body});
            }
            json!({"endpoint": endpoint})
        })
}

/// One way to break a spec set, applied to the endpoint file.
#[derive(Debug, Clone)]
enum Break {
    BadType,
    DuplicateField,
    UndeclaredPathParam,
    UnknownKey,
    BadPattern,
    DuplicateErrorCode,
    DamageYaml(prop::sample::Index, &'static str),
}

fn breaks() -> impl Strategy<Value = Vec<Break>> {
    let one = prop_oneof![
        Just(Break::BadType),
        Just(Break::DuplicateField),
        Just(Break::UndeclaredPathParam),
        Just(Break::UnknownKey),
        Just(Break::BadPattern),
        Just(Break::DuplicateErrorCode),
        (
            any::<prop::sample::Index>(),
            prop::sample::select(&[":", "\t", "-", "\"", "{", "  ", "\n- "][..])
        )
            .prop_map(|(at, text)| Break::DamageYaml(at, text)),
    ];
    // Half the cases stay valid.
    prop_oneof![Just(Vec::new()), prop::collection::vec(one, 1..3)]
}

fn apply(spec: &mut Value, fault: &Break) {
    let endpoint = &mut spec["endpoint"];
    let one_field = json!({"name": "dup", "type": "string"});
    match fault {
        Break::BadType => endpoint["response"]["fields"][0]["type"] = json!("array<Missing"),
        Break::DuplicateField => {
            let fields = endpoint["response"]["fields"].as_array_mut().unwrap();
            fields.push(one_field.clone());
            fields.push(one_field);
        }
        Break::UndeclaredPathParam => {
            let path = format!("{}/:ghost", endpoint["path"].as_str().unwrap());
            endpoint["path"] = json!(path);
        }
        Break::UnknownKey => endpoint["respnose"] = json!({}),
        Break::BadPattern => {
            endpoint["headers"][0]["limits"] = json!({"pattern": "(unclosed"});
        }
        Break::DuplicateErrorCode => {
            let errors = endpoint["errors"].as_array_mut().unwrap();
            errors.push(json!({"code": 7, "name": "first", "http_status": 400, "message": "m"}));
            errors.push(json!({"code": 7, "name": "second", "http_status": 400, "message": "m"}));
        }
        Break::DamageYaml(..) => {}
    }
}

fn spec_set() -> impl Strategy<Value = Vec<SpecSource>> {
    (models(), endpoint(), breaks()).prop_map(|(models, mut endpoint, breaks)| {
        for fault in &breaks {
            apply(&mut endpoint, fault);
        }
        let mut text = serde_yaml::to_string(&endpoint).unwrap();
        for fault in &breaks {
            if let Break::DamageYaml(at, damage) = fault {
                let mut at = at.index(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                text.insert_str(at, damage);
            }
        }
        vec![
            SpecSource {
                path: "x/v1/models.yaml".to_owned(),
                text: serde_yaml::to_string(&models).unwrap(),
            },
            SpecSource {
                path: "x/v1/things/get.yaml".to_owned(),
                text,
            },
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_specs_give_diagnostics_or_code_that_parses(sources in spec_set()) {
        let trace = std::env::var_os("RANDOM_SPECS_TRACE").is_some();
        match generate("specs", &sources) {
            Ok(files) => {
                if trace {
                    eprintln!("ok: {} files", files.len());
                }
                for file in files {
                    if let Err(err) = syn::parse_file(&file.contents) {
                        panic!("{} does not parse: {err}\n{}", file.path, file.contents);
                    }
                }
            }
            Err(diagnostics) => {
                if trace {
                    eprintln!("diagnostics: {}", diagnostics.0[0].message);
                }
                prop_assert!(!diagnostics.0.is_empty());
                for diagnostic in &diagnostics.0 {
                    let source = sources.iter().find(|s| s.path == diagnostic.location.file);
                    let source = source.expect("a diagnostic names one of the spec files");
                    let lines = source.text.lines().count().max(1);
                    prop_assert!(
                        (1..=lines + 1).contains(&diagnostic.location.line),
                        "{} points outside its file",
                        diagnostic
                    );
                }
                // Rendering them never panics either.
                let _ = diagnostics.render_sources("specs", &sources, false);
            }
        }
    }
}
