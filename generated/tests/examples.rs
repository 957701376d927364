//! The examples, run as a user would run them, against a loopback server:
//! `cancel_run` and the README's quick start (which must be
//! `examples/quick_start.rs` word for word).

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CANCEL_PATH: &str =
    "/open-apis/aily/v1/sessions/session_4dfunz7sp1g8m/runs/run_4dfrxvctjqzzj/cancel";

/// An example's binary. `cargo test` builds the examples before it runs any
/// test; a filtered run (`--test examples`) does not.
fn example(name: &str) -> PathBuf {
    let deps = std::env::current_exe().unwrap();
    let binary = deps
        .parent()
        .and_then(|deps| deps.parent())
        .unwrap()
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        binary.exists(),
        "{} is not built: run `cargo test --workspace` or `cargo build --examples`",
        binary.display()
    );
    binary
}

async fn run(name: &str, server: &MockServer, args: &[&str]) -> Output {
    let mut command = Command::new(example(name));
    command
        .args(args)
        .env("FEISHU_BASE_URL", server.uri())
        .env("FEISHU_APP_ID", "cli_example")
        .env("FEISHU_APP_SECRET", "example_secret");
    tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap()
}

async fn server(cancel: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path("/open-apis/auth/v3/tenant_access_token/internal"))
        .and(body_json(
            json!({"app_id": "cli_example", "app_secret": "example_secret"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "code": 0, "msg": "ok", "tenant_access_token": "t-example", "expire": 7200
        })))
        .mount(&server)
        .await;
    Mock::given(path(CANCEL_PATH))
        .and(header("authorization", "Bearer t-example"))
        .respond_with(cancel)
        .mount(&server)
        .await;
    server
}

fn cancelled() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "code": 0, "msg": "success",
        "data": {"run": {
            "id": "run_4dfrxvctjqzzj", "created_at": "1711975665710", "app_id": "spring_1",
            "session_id": "session_4dfunz7sp1g8m", "status": "CANCELLED"
        }}
    }))
}

const ARGS: [&str; 4] = [
    "--session",
    "session_4dfunz7sp1g8m",
    "--run",
    "run_4dfrxvctjqzzj",
];

#[tokio::test(flavor = "multi_thread")]
async fn cancel_run_prints_the_run_as_json() {
    let server = server(cancelled()).await;
    let output = run("cancel_run", &server, &ARGS).await;
    assert!(output.status.success(), "{output:?}");
    let run: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(run["id"], "run_4dfrxvctjqzzj");
    assert_eq!(run["status"], "CANCELLED");
}

#[tokio::test(flavor = "multi_thread")]
async fn cancel_run_prints_the_error_and_fails() {
    let server = server(
        ResponseTemplate::new(400)
            .insert_header("x-tt-logid", "log-example")
            .set_body_json(json!({"code": 2700001, "msg": "param is invalid"})),
    )
    .await;
    let output = run("cancel_run", &server, &ARGS).await;
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    for line in [
        "code: 2700001",
        "msg: param is invalid",
        "log id: log-example",
    ] {
        assert!(stderr.contains(line), "{line} missing from {stderr}");
    }
    assert!(output.stdout.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn cancel_run_explains_its_usage() {
    let server = MockServer::start().await;
    let output = run("cancel_run", &server, &["--session", "s"]).await;
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("`--run` is required"), "{stderr}");
    assert!(stderr.contains("usage: cancel_run"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_quick_start_runs_against_a_loopback_server() {
    let server = server(cancelled()).await;
    let output = run("quick_start", &server, &[]).await;
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "run run_4dfrxvctjqzzj is CANCELLED\n"
    );
}

#[test]
fn the_readme_quick_start_is_the_example() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let example =
        std::fs::read_to_string(format!("{root}/generated/examples/quick_start.rs")).unwrap();
    assert!(
        readme.contains(&format!("```rust,no_run\n{example}```")),
        "README.md's quick start differs from generated/examples/quick_start.rs"
    );
}
