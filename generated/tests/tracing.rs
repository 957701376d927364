//! What the client tells `tracing`: a `feishu.request` span per exchange with
//! the method, the path template, the status, code, log id and latency, and
//! never a secret, a token or a path value.

use std::io::Write;
use std::sync::{Arc, Mutex};

use feishu::BaseUrl;
use feishu::api::aily::v1::CancelAilySessionRunRequest;
use feishu::client::{AppCredentials, Client};
use serde_json::json;
use tracing_subscriber::fmt::format::FmtSpan;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Everything the subscriber writes, shared with the test.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn spans_carry_the_call_and_no_secret() {
    let server = MockServer::start().await;
    Mock::given(path("/open-apis/auth/v3/tenant_access_token/internal"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "code": 0, "msg": "ok",
            "tenant_access_token": "t-caecc734c2e3328a62489fe0648c4b98779515d3", "expire": 7200
        })))
        .mount(&server)
        .await;
    Mock::given(path(
        "/open-apis/aily/v1/sessions/session_secret7/runs/run_1/cancel",
    ))
    .respond_with(
        ResponseTemplate::new(400)
            .insert_header("x-tt-logid", "log-xyz")
            .set_body_json(json!({"code": 2700001, "msg": "param is invalid"})),
    )
    .mount(&server)
    .await;

    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let client = Client::builder()
        .base_url(BaseUrl::new(&server.uri()).unwrap())
        .build()
        .unwrap();
    let app = AppCredentials::new("cli_1", "app-secret-that-must-stay-hidden");
    let request = CancelAilySessionRunRequest::new("session_secret7", "run_1");
    let error = client.send(&request, &app).await.unwrap_err();
    assert_eq!(error.code(), Some(2700001));

    let output = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let call = output
        .lines()
        .find(|line| line.contains(":aily_session_id") && line.contains("call failed"))
        .unwrap_or_else(|| panic!("no span for the call in:\n{output}"));
    for field in [
        "method=POST",
        r#"path="/open-apis/aily/v1/sessions/:aily_session_id/runs/:run_id/cancel""#,
        "status=400",
        "code=2700001",
        "log_id=\"log-xyz\"",
        "latency_ms=",
    ] {
        assert!(call.contains(field), "{field} missing from {call}");
    }
    assert!(
        output.contains(r#"path="/open-apis/auth/v3/tenant_access_token/internal""#),
        "the token fetch has its span too:\n{output}"
    );
    for secret in ["app-secret-that", "caecc734", "session_secret7"] {
        assert!(!output.contains(secret), "{secret} leaked into:\n{output}");
    }
}
