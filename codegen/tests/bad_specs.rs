//! Every class of bad spec gets a diagnostic with its file, line and column,
//! and all of them come at once. (That nothing is written on a bad spec is
//! xtask's to prove: see `xtask/tests/codegen.rs`.)

use codegen::{Diagnostic, SpecSource, generate};

/// A valid endpoint; each test breaks one thing in it.
const ENDPOINT: &str = r#"endpoint:
  summary: 中止一次运行
  doc_url: https://open.feishu.cn/document/aily-v1/aily_session-run/cancel
  method: POST
  path: "/open-apis/aily/v1/sessions/:aily_session_id/runs/:run_id/cancel"
  tokens: [tenant_access_token, user_access_token]
  app_types: [custom]
  path_params:
    - name: aily_session_id
      type: string
      required: true
    - name: run_id
      type: string
      required: true
  response:
    fields:
      - name: run
        type: Run
        required: true
  errors:
    - http_status: 400
      code: 2700001
      name: param_invalid
      message: param is invalid
"#;

const MODELS: &str = r#"models:
  - name: Run
    fields:
      - name: id
        type: string
        required: true
      - name: status
        type: RunStatus
  - name: RunStatus
    values:
      - value: QUEUED
      - value: IN_PROGRESS
"#;

const ENDPOINT_FILE: &str = "aily/v1/aily_session_run/cancel.yaml";
const MODELS_FILE: &str = "aily/v1/models.yaml";

fn specs(endpoint: &str, models: &str) -> Vec<SpecSource> {
    vec![
        SpecSource {
            path: ENDPOINT_FILE.to_owned(),
            text: endpoint.to_owned(),
        },
        SpecSource {
            path: MODELS_FILE.to_owned(),
            text: models.to_owned(),
        },
    ]
}

/// The diagnostics for the base specs with `from` replaced by `to` in `file`.
fn diagnose(file: &str, from: &str, to: &str) -> Vec<Diagnostic> {
    let (mut endpoint, mut models) = (ENDPOINT.to_owned(), MODELS.to_owned());
    let text = if file == ENDPOINT_FILE {
        &mut endpoint
    } else {
        &mut models
    };
    assert!(text.contains(from), "the base spec contains {from:?}");
    *text = text.replacen(from, to, 1);
    match generate("api-spec", &specs(&endpoint, &models)) {
        Ok(_) => panic!("replacing {from:?} with {to:?} should be an error"),
        Err(diagnostics) => diagnostics.0,
    }
}

/// Asserts there is exactly one diagnostic, at `file:line:column`, whose
/// message contains `message`.
#[track_caller]
fn assert_one(diagnostics: &[Diagnostic], at: &str, message: &str) -> Diagnostic {
    let shown: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(diagnostics.len(), 1, "{shown:#?}");
    assert_eq!(diagnostics[0].location.to_string(), at, "{shown:#?}");
    assert!(
        diagnostics[0].message.contains(message),
        "{shown:#?} should say {message:?}"
    );
    diagnostics[0].clone()
}

#[test]
fn the_base_specs_are_valid() {
    generate("api-spec", &specs(ENDPOINT, MODELS)).unwrap();
}

#[test]
fn yaml_syntax_error() {
    let diagnostics = diagnose(ENDPOINT_FILE, "  method: POST", "  method: POST: now");
    assert_one(
        &diagnostics,
        "aily/v1/aily_session_run/cancel.yaml:4:15",
        "mapping values are not allowed in this context",
    );
}

#[test]
fn unknown_key() {
    let diagnostics = diagnose(ENDPOINT_FILE, "  summary:", "  sumary:");
    assert_one(
        &diagnostics,
        "aily/v1/aily_session_run/cancel.yaml:2:3",
        "unknown field `sumary`, expected one of",
    );
}

/// A file that does not parse may define the models others use: no
/// "unknown type" follows from it.
#[test]
fn unknown_key_in_a_nested_list() {
    let diagnostics = diagnose(MODELS_FILE, "        type: string", "        typ: string");
    assert_one(
        &diagnostics,
        "aily/v1/models.yaml:5:9",
        "unknown field `typ`",
    );
}

#[test]
fn path_parameter_missing_from_the_declarations() {
    let diagnostics = diagnose(
        ENDPOINT_FILE,
        "    - name: run_id\n      type: string\n      required: true\n",
        "",
    );
    let diagnostic = assert_one(
        &diagnostics,
        "aily/v1/aily_session_run/cancel.yaml:5:9",
        "path parameter `:run_id` is not declared in `path_params`",
    );
    assert!(diagnostic.help.unwrap().contains("add `- { name: run_id"));
}

#[test]
fn path_parameter_declared_but_not_in_the_path() {
    let diagnostics = diagnose(ENDPOINT_FILE, "/runs/:run_id/cancel", "/runs/cancel");
    assert_one(
        &diagnostics,
        "aily/v1/aily_session_run/cancel.yaml:12:13",
        "path parameter `run_id` does not appear in the path",
    );
}

#[test]
fn duplicate_error_code() {
    let second = "      message: param is invalid\n    - http_status: 400\n      code: 2700001\n      name: again\n      message: again\n";
    let diagnostics = diagnose(ENDPOINT_FILE, "      message: param is invalid\n", second);
    let diagnostic = assert_one(
        &diagnostics,
        "aily/v1/aily_session_run/cancel.yaml:26:13",
        "error code 2700001 is listed twice",
    );
    assert_eq!(
        diagnostic.related[0].0.to_string(),
        "aily/v1/aily_session_run/cancel.yaml:22:13"
    );
}

#[test]
fn names_that_collide_after_case_conversion() {
    let fields = "      - name: id\n        type: string\n        required: true\n      - name: Id\n        type: string\n";
    let diagnostics = diagnose(
        MODELS_FILE,
        "      - name: id\n        type: string\n        required: true\n",
        fields,
    );
    let diagnostic = assert_one(
        &diagnostics,
        "aily/v1/models.yaml:7:15",
        "field names `id` and `Id` both become `id` in Rust",
    );
    assert_eq!(
        diagnostic.related[0].0.to_string(),
        "aily/v1/models.yaml:4:15"
    );
}

#[test]
fn enum_values_that_collide_after_case_conversion() {
    let diagnostics = diagnose(
        MODELS_FILE,
        "      - value: IN_PROGRESS",
        "      - value: in-progress\n      - value: InProgress",
    );
    assert_one(
        &diagnostics,
        "aily/v1/models.yaml:13:16",
        "enum value names `in-progress` and `InProgress` both become `InProgress`",
    );
}

#[test]
fn rust_keyword_as_a_model_name() {
    let diagnostics = diagnose(MODELS_FILE, "  - name: RunStatus", "  - name: Self");
    // `Self` is reported where it is defined; the field that uses `RunStatus`
    // now names an unknown type, which is reported too.
    let shown: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    assert!(
        shown.contains(
            &"aily/v1/models.yaml:9:11: error: `Self` is a Rust keyword and cannot name a model"
                .to_owned()
        ),
        "{shown:#?}"
    );
    assert!(
        shown
            .iter()
            .any(|line| line
                .starts_with("aily/v1/models.yaml:8:15: error: unknown type `RunStatus`")),
        "{shown:#?}"
    );
}

#[test]
fn rust_keyword_as_a_rust_name() {
    let diagnostics = diagnose(
        MODELS_FILE,
        "      - name: id\n",
        "      - name: id\n        rust_name: fn\n",
    );
    assert_one(
        &diagnostics,
        "aily/v1/models.yaml:5:20",
        "`fn` is a Rust keyword and cannot name a field",
    );
}

#[test]
fn unknown_type() {
    let diagnostics = diagnose(MODELS_FILE, "        type: string", "        type: strin");
    assert_one(
        &diagnostics,
        "aily/v1/models.yaml:5:15",
        "unknown type `strin`: expected one of `string`",
    );
}

#[test]
fn unknown_model_type_lists_the_known_ones() {
    let diagnostics = diagnose(
        ENDPOINT_FILE,
        "        type: Run\n",
        "        type: array<Rnu>\n",
    );
    let diagnostic = assert_one(
        &diagnostics,
        "aily/v1/aily_session_run/cancel.yaml:18:15",
        "unknown type `Rnu`",
    );
    assert_eq!(
        diagnostic.help.unwrap(),
        "the models of `aily/v1` are: Run, RunStatus"
    );
}

#[test]
fn invalid_response_example() {
    let example = "  examples:\n    - name: doc\n      path_params: { aily_session_id: s, run_id: r }\n      response_body: '{\"code\": 0,'\n";
    let diagnostics = diagnose(
        ENDPOINT_FILE,
        "  errors:\n",
        &format!("{example}  errors:\n"),
    );
    assert_one(
        &diagnostics,
        "aily/v1/aily_session_run/cancel.yaml:23:22",
        "the response example is not JSON",
    );
}

#[test]
fn every_problem_is_reported_at_once_in_file_order() {
    let endpoint = ENDPOINT.replacen("  summary:", "  sumary:", 1);
    let models = MODELS.replacen("type: string", "type: strin", 1).replacen(
        "  - name: RunStatus",
        "  - name: Self",
        1,
    );
    let broken_endpoint = ENDPOINT
        .replacen("/runs/:run_id/cancel", "/runs/cancel", 1)
        .replacen("code: 2700001", "code: 0", 1);
    let sources = vec![
        SpecSource {
            path: "aily/v1/aily_session_run/cancel.yaml".to_owned(),
            text: broken_endpoint,
        },
        SpecSource {
            path: "aily/v1/aily_session_run/get.yaml".to_owned(),
            text: endpoint,
        },
        SpecSource {
            path: MODELS_FILE.to_owned(),
            text: models,
        },
    ];
    let diagnostics = generate("api-spec", &sources).unwrap_err();
    let shown: Vec<String> = diagnostics
        .0
        .iter()
        .map(|d| d.location.to_string())
        .collect();
    assert_eq!(
        shown,
        [
            "aily/v1/aily_session_run/cancel.yaml:12:13",
            "aily/v1/aily_session_run/cancel.yaml:22:13",
            "aily/v1/aily_session_run/get.yaml:2:3",
            "aily/v1/models.yaml:5:15",
            // Not `8:15`, the use of the renamed `RunStatus`: get.yaml did
            // not parse, and might have defined it.
            "aily/v1/models.yaml:9:11",
        ],
        "{diagnostics}"
    );
}

#[test]
fn diagnostics_render_like_rustc() {
    let endpoint = ENDPOINT.replacen("/runs/:run_id/cancel", "/runs/cancel", 1);
    let models = MODELS.replacen(
        "        required: true\n      - name: status",
        "        required: true\n      - name: ID\n        type: string\n      - name: status",
        1,
    );
    let sources = specs(&endpoint, &models);
    let diagnostics = generate("api-spec", &sources).unwrap_err();
    let text = |file: &str| {
        sources
            .iter()
            .find(|s| s.path == file)
            .map(|s| s.text.as_str())
    };
    insta::assert_snapshot!(diagnostics.render("api-spec", text, false));
}

#[test]
fn hostile_input_never_panics() {
    // Each of these once could have reached an `unwrap`, an `Ident::new` or
    // an out-of-bounds slice; each must come back as diagnostics.
    let cases = [
        "",
        "~",
        "[]",
        "endpoint: 3",
        "models: [{name: X, fields: [{name: '', type: string}]}]",
        "models: [{name: X, fields: [{name: 名字, type: string}]}]",
        "models: [{name: X, values: [{value: ''}]}]",
        "models: [{name: X, fields: [{name: a, type: 'array<'}]}]",
        "models: [{name: X, fields: [{name: a, type: 'map<array<map<X>>>'}]}]",
        "endpoint: {summary: s, doc_url: 'https://x', method: GET, path: '/open-apis/:', tokens: [], app_types: [], response: {}}",
        "endpoint: {summary: s, doc_url: 'https://x', method: GET, path: '/open-apis/a:b/::/:c', tokens: [app_access_token], app_types: [isv], path_params: [{name: c, type: X}], response: {}, examples: [{name: '1', path_params: {zz: v}}]}",
        "\t- not: yaml: at all",
    ];
    for (i, text) in cases.iter().enumerate() {
        let sources = vec![SpecSource {
            path: format!("svc/v1/case{i}.yaml"),
            text: (*text).to_owned(),
        }];
        let _ = generate("api-spec", &sources);
    }
    let bad_paths = [
        "x.yaml",
        "svc/v1.yaml",
        "Svc/v1/a.yaml",
        "svc/v1/type.yaml",
        "svc/v1/a.yml.txt",
    ];
    for path in bad_paths {
        let sources = vec![SpecSource {
            path: path.to_owned(),
            text: MODELS.to_owned(),
        }];
        assert!(
            generate("api-spec", &sources).is_err(),
            "{path} is not a valid spec path"
        );
    }
}

#[test]
fn a_field_listed_twice_is_reported_once() {
    let diagnostics = diagnose(
        MODELS_FILE,
        "      - name: status\n",
        "      - name: id\n        type: string\n      - name: status\n",
    );
    assert_one(
        &diagnostics,
        "aily/v1/models.yaml:7:15",
        "`id` is listed twice",
    );
}

#[test]
fn a_model_defined_in_two_files_of_a_namespace() {
    let endpoint = format!("{ENDPOINT}models:\n  - name: Run\n    fields: []\n");
    let diagnostics = generate("api-spec", &specs(&endpoint, MODELS))
        .unwrap_err()
        .0;
    let diagnostic = assert_one(
        &diagnostics,
        "aily/v1/models.yaml:2:11",
        "type `Run` is defined twice",
    );
    assert_eq!(
        diagnostic.related[0].0.to_string(),
        "aily/v1/aily_session_run/cancel.yaml:26:11"
    );
}

#[test]
fn a_file_and_a_folder_with_the_same_module_name() {
    let sources = vec![
        SpecSource {
            path: "aily/v1/models.yaml".to_owned(),
            text: MODELS.to_owned(),
        },
        SpecSource {
            path: "aily/v1/models/more.yaml".to_owned(),
            text: "models: []\n".to_owned(),
        },
    ];
    let diagnostics = generate("api-spec", &sources).unwrap_err().0;
    assert_one(
        &diagnostics,
        "aily/v1/models.yaml:1:1",
        "module `aily/v1/models` is both this file and the folder of `aily/v1/models/more.yaml`",
    );
}

/// The base endpoint with a body whose fields are `fields` (YAML list items
/// indented for `body.fields`) and an example whose `request_body` is `example`.
fn with_body(fields: &str, example: Option<&str>) -> Vec<Diagnostic> {
    let mut body = format!("  body:\n    fields:\n{fields}  response:\n");
    if let Some(example) = example {
        body = body.replace(
            "  response:\n",
            &format!("  examples:\n    - name: doc\n      path_params: {{aily_session_id: s, run_id: r}}\n      request_body: '{example}'\n  response:\n"),
        );
    }
    diagnose(ENDPOINT_FILE, "  response:\n", &body)
}

#[test]
fn a_body_field_named_like_a_path_parameter() {
    let diagnostics = with_body("      - name: runId\n        type: string\n", None);
    let diagnostic = assert_one(
        &diagnostics,
        "aily/v1/aily_session_run/cancel.yaml:17:15",
        "request field names `run_id` and `runId` both become `run_id` in Rust",
    );
    assert_eq!(
        diagnostic.related[0].0.to_string(),
        "aily/v1/aily_session_run/cancel.yaml:12:13"
    );
}

#[test]
fn an_optional_body_field_named_new() {
    let diagnostics = with_body("      - name: new\n        type: string\n", None);
    assert_one(
        &diagnostics,
        "aily/v1/aily_session_run/cancel.yaml:17:15",
        "an optional request field cannot be named `new`",
    );
}

#[test]
fn a_request_example_that_sets_an_unknown_field() {
    let fields = "      - name: app_id\n        type: string\n        required: true\n";
    let diagnostics = with_body(fields, Some(r#"{"app_id": "a", "appid": "b"}"#));
    assert_one(
        &diagnostics,
        "aily/v1/aily_session_run/cancel.yaml:23:21",
        "the request example sets `appid`, which is not a body field",
    );
}

#[test]
fn a_request_example_without_a_required_field() {
    let fields = "      - name: app_id\n        type: string\n        required: true\n";
    let diagnostics = with_body(fields, Some("{}"));
    assert_one(
        &diagnostics,
        "aily/v1/aily_session_run/cancel.yaml:23:21",
        "the request example leaves out the required field `app_id`",
    );
}

#[test]
fn a_request_example_for_an_endpoint_without_a_body() {
    let example = "  examples:\n    - name: doc\n      path_params: {aily_session_id: s, run_id: r}\n      request_body: '{}'\n  response:\n";
    let diagnostics = diagnose(ENDPOINT_FILE, "  response:\n", example);
    assert_one(
        &diagnostics,
        "aily/v1/aily_session_run/cancel.yaml:18:21",
        "the example has a request body, but the endpoint declares none",
    );
}

/// The base endpoint with `yaml` (endpoint keys, indented two spaces) added
/// before its response.
fn with_endpoint_keys(yaml: &str) -> Vec<Diagnostic> {
    diagnose(
        ENDPOINT_FILE,
        "  response:\n",
        &format!("{yaml}  response:\n"),
    )
}

#[test]
fn a_query_parameter_that_is_an_object() {
    let diagnostics = with_endpoint_keys("  query_params:\n    - name: filter\n      type: Run\n");
    assert_one(
        &diagnostics,
        "aily/v1/aily_session_run/cancel.yaml:17:13",
        "query parameter `filter` cannot be a `Run`",
    );
}

#[test]
fn a_header_the_runtime_sets() {
    let diagnostics =
        with_endpoint_keys("  headers:\n    - name: Authorization\n      type: string\n");
    assert_one(
        &diagnostics,
        "aily/v1/aily_session_run/cancel.yaml:16:13",
        "`Authorization` is set by the runtime, not by the request",
    );
}

#[test]
fn pagination_over_fields_that_do_not_exist() {
    let diagnostics = with_endpoint_keys("  pagination:\n    items: runs\n");
    let shown: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            // Keys left to their defaults point at the `pagination` block.
            "aily/v1/aily_session_run/cancel.yaml:16:5: error: `has_more` is not a response field",
            "aily/v1/aily_session_run/cancel.yaml:16:5: error: `page_token` is not a query parameter",
            "aily/v1/aily_session_run/cancel.yaml:16:5: error: `page_token` is not a response field",
            "aily/v1/aily_session_run/cancel.yaml:16:12: error: `runs` is not a response field",
        ]
    );
}

#[test]
fn a_pattern_that_is_not_a_regular_expression() {
    let diagnostics = diagnose(
        ENDPOINT_FILE,
        "    - name: run_id\n      type: string\n      required: true\n",
        "    - name: run_id\n      type: string\n      required: true\n      limits: {pattern: \"run_[0-9\"}\n",
    );
    assert_one(
        &diagnostics,
        "aily/v1/aily_session_run/cancel.yaml:15:25",
        "the pattern of `run_id` is not a regular expression",
    );
}

#[test]
fn a_limit_that_does_not_fit_the_type() {
    let diagnostics = diagnose(
        ENDPOINT_FILE,
        "    - name: run_id\n      type: string\n      required: true\n",
        "    - name: run_id\n      type: string\n      required: true\n      limits: {maximum: 5}\n",
    );
    assert_one(
        &diagnostics,
        "aily/v1/aily_session_run/cancel.yaml:15:15",
        "`minimum` and `maximum` apply to numbers, and `run_id` is a `string`",
    );
}

#[test]
fn an_example_that_leaves_out_a_required_query_parameter() {
    let keys = "  query_params:\n    - name: page_size\n      type: int32\n      required: true\n  examples:\n    - name: doc\n      path_params: {aily_session_id: s, run_id: r}\n      url: https://open.feishu.cn/x\n";
    let diagnostics = with_endpoint_keys(keys);
    assert_one(
        &diagnostics,
        "aily/v1/aily_session_run/cancel.yaml:20:13",
        "the example gives no value for the required query parameter `page_size`",
    );
}

#[test]
fn common_error_codes_in_two_files() {
    let common =
        "common_errors:\n  - code: 99991663\n    name: access_token_invalid\n    message: m\n";
    let mut sources = specs(ENDPOINT, MODELS);
    for path in ["common/v1/errors.yaml", "common/v1/more.yaml"] {
        sources.push(SpecSource {
            path: path.to_owned(),
            text: common.to_owned(),
        });
    }
    let diagnostics = generate("api-spec", &sources).unwrap_err().0;
    let diagnostic = assert_one(
        &diagnostics,
        "common/v1/more.yaml:1:1",
        "the common error codes are listed in two files",
    );
    assert_eq!(
        diagnostic.related[0].0.to_string(),
        "common/v1/errors.yaml:1:1"
    );
}

#[test]
fn a_common_error_code_listed_twice() {
    let common = "common_errors:\n  - code: 1\n    name: one\n    message: m\n  - code: 1\n    name: uno\n    message: m\n";
    let mut sources = specs(ENDPOINT, MODELS);
    sources.push(SpecSource {
        path: "common/v1/errors.yaml".to_owned(),
        text: common.to_owned(),
    });
    let diagnostics = generate("api-spec", &sources).unwrap_err().0;
    assert_one(
        &diagnostics,
        "common/v1/errors.yaml:5:11",
        "error code 1 is listed twice",
    );
}
