//! The generator on good input: snapshots of its output, and its determinism.

mod common;

use codegen::generate;
use common::read_specs;

#[test]
fn hostile_names_generate_the_reviewed_code() {
    let files = generate(
        "fixtures/hostile",
        &read_specs("codegen/tests/fixtures/hostile"),
    )
    .unwrap();
    let paths: Vec<&str> = files.iter().map(|file| file.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "hostile/mod.rs",
            "hostile/v1/common.rs",
            "hostile/v1/mod.rs",
            "hostile/v1/models.rs",
            "hostile/v1/things/create.rs",
            "hostile/v1/things/get.rs",
            "hostile/v1/things/list.rs",
            "hostile/v1/things/mod.rs",
            "mod.rs",
        ]
    );
    for file in &files {
        insta::assert_snapshot!(
            format!("hostile__{}", file.path.replace('/', "__")),
            file.contents
        );
    }
}

#[test]
fn output_does_not_depend_on_the_order_of_the_inputs() {
    for dir in ["api-spec", "codegen/tests/fixtures/hostile"] {
        let sources = read_specs(dir);
        let mut reversed = sources.clone();
        reversed.reverse();
        assert_ne!(
            sources, reversed,
            "{dir} needs two files or more to test this"
        );
        assert_eq!(
            generate(dir, &sources).unwrap(),
            generate(dir, &reversed).unwrap(),
            "{dir}"
        );
    }
}

#[test]
fn generating_twice_gives_identical_bytes() {
    let sources = read_specs("api-spec");
    assert_eq!(
        generate("api-spec", &sources).unwrap(),
        generate("api-spec", &sources).unwrap()
    );
}

#[test]
fn every_file_is_marked_generated_and_names_its_specs() {
    for file in generate("api-spec", &read_specs("api-spec")).unwrap() {
        assert!(file.contents.starts_with(codegen::HEADER), "{}", file.path);
        for source in &file.sources {
            assert!(
                file.contents.contains(&format!("api-spec/{source}")),
                "{} names {source}",
                file.path
            );
        }
    }
}

#[test]
fn the_json_schema_describes_the_format() {
    let schema: serde_json::Value = serde_json::from_str(&codegen::json_schema()).unwrap();
    assert_eq!(schema["title"], "Feishu / Lark endpoint spec");
    let endpoint = &schema["$defs"]["Endpoint"];
    assert_eq!(
        endpoint["additionalProperties"], false,
        "unknown keys are rejected"
    );
    for key in [
        "summary",
        "method",
        "path",
        "tokens",
        "path_params",
        "response",
        "errors",
        "examples",
    ] {
        assert!(
            endpoint["properties"].get(key).is_some(),
            "{key} is in the schema"
        );
    }
}
