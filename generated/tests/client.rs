//! The async client against a real HTTP server on loopback (wiremock): every
//! response kind, the Authorization header, percent-encoded paths, timeouts,
//! and the tenant-token cache (refresh, retry, single flight).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use feishu::api::aily::v1::{CancelAilySessionRunError, CancelAilySessionRunRequest, RunStatus};
use feishu::client::{AppCredentials, Client};
use feishu::{BaseUrl, Error, RequestOptions, TenantAccessToken, UserAccessToken};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const CANCEL_PATH: &str = "/open-apis/aily/v1/sessions/session_1/runs/run_1/cancel";
const TOKEN_PATH: &str = "/open-apis/auth/v3/tenant_access_token/internal";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(BaseUrl::new(&server.uri()).unwrap())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

fn cancel() -> CancelAilySessionRunRequest {
    CancelAilySessionRunRequest::new("session_1", "run_1")
}

fn run_body(status: &str) -> Value {
    json!({
        "code": 0,
        "msg": "success",
        "data": {"run": {
            "id": "run_1",
            "created_at": "1711975665710",
            "app_id": "spring_1",
            "session_id": "session_1",
            "status": status,
        }}
    })
}

fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

fn api_error(status: u16, code: i64, msg: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("x-tt-logid", "log-1")
        .set_body_json(json!({"code": code, "msg": msg}))
}

/// The token endpoint, answering `t-1`, `t-2`, ... in turn (or always the
/// same token), each valid for `expire` seconds, after `delay`.
struct TokenEndpoint {
    fetches: AtomicUsize,
    expire: i64,
    delay: Duration,
    same_token: bool,
}

impl TokenEndpoint {
    fn new(expire: i64) -> Self {
        Self {
            fetches: AtomicUsize::new(0),
            expire,
            delay: Duration::ZERO,
            same_token: false,
        }
    }
}

impl Respond for TokenEndpoint {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.fetches.fetch_add(1, Ordering::SeqCst) + 1;
        let token = if self.same_token {
            "t-1".to_owned()
        } else {
            format!("t-{n}")
        };
        ok(json!({"code": 0, "msg": "ok", "tenant_access_token": token, "expire": self.expire}))
            .set_delay(self.delay)
    }
}

async fn mount_token_endpoint(server: &MockServer, endpoint: TokenEndpoint) {
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .and(body_json(
            json!({"app_id": "cli_1", "app_secret": "secret_1"}),
        ))
        .respond_with(endpoint)
        .mount(server)
        .await;
}

async fn requests_to(server: &MockServer, wanted: &str) -> Vec<Request> {
    let requests = server.received_requests().await.unwrap();
    requests
        .into_iter()
        .filter(|request| request.url.path() == wanted)
        .collect()
}

fn bearer(request: &Request) -> &str {
    request.headers["authorization"].to_str().unwrap()
}

fn app() -> AppCredentials {
    AppCredentials::new("cli_1", "secret_1")
}

#[tokio::test]
async fn success_sends_the_chosen_token_and_decodes_the_run() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CANCEL_PATH))
        .and(header("authorization", "Bearer u-user"))
        .and(header("oapi-sdk-request-id", "req-42"))
        .respond_with(ok(run_body("CANCELLED")))
        .expect(1)
        .mount(&server)
        .await;

    let options = RequestOptions::new().request_id("req-42");
    let response = client(&server)
        .send_with(&cancel(), &UserAccessToken::new("u-user"), options)
        .await
        .unwrap();
    assert_eq!(response.run.status, RunStatus::Cancelled);
    assert_eq!(response.run.created_at.as_millis(), 1711975665710);

    let sent = &requests_to(&server, CANCEL_PATH).await[0];
    assert!(sent.body.is_empty(), "cancel sends no body");
    let agent = sent.headers["user-agent"].to_str().unwrap();
    assert!(agent.starts_with("feishu-rs/"), "{agent}");
}

#[tokio::test]
async fn a_documented_code_with_http_400_is_the_endpoints_variant() {
    let server = MockServer::start().await;
    Mock::given(path(CANCEL_PATH))
        .respond_with(api_error(400, 2700001, "param is invalid"))
        .mount(&server)
        .await;

    let error = client(&server)
        .send(&cancel(), &TenantAccessToken::new("t-static"))
        .await
        .unwrap_err();
    let api = error.as_api().expect("an API error");
    assert_eq!(api.kind, CancelAilySessionRunError::ParamInvalid);
    assert_eq!(api.status, 400);
    assert_eq!(api.code, 2700001);
    assert_eq!(api.msg, "param is invalid");
    assert_eq!(api.log_id.as_deref(), Some("log-1"));
}

#[tokio::test]
async fn an_error_code_with_http_200_is_an_error() {
    let server = MockServer::start().await;
    Mock::given(path(CANCEL_PATH))
        .respond_with(api_error(200, 99991672, "app has no scope aily:run:write"))
        .mount(&server)
        .await;

    let error = client(&server)
        .send(&cancel(), &TenantAccessToken::new("t-static"))
        .await
        .unwrap_err();
    let api = error.as_api().unwrap();
    assert_eq!(api.status, 200);
    assert_eq!(
        api.kind,
        CancelAilySessionRunError::Common(feishu::CommonError::ScopeMissing)
    );
    assert_eq!(api.msg, "app has no scope aily:run:write");
    assert_eq!(error.log_id(), Some("log-1"));
}

#[tokio::test]
async fn a_rejected_token_is_refreshed_and_the_request_retried_once() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, TokenEndpoint::new(7200)).await;
    Mock::given(path(CANCEL_PATH))
        .and(header("authorization", "Bearer t-1"))
        .respond_with(api_error(
            200,
            99991663,
            "Invalid access token for authorization",
        ))
        .mount(&server)
        .await;
    Mock::given(path(CANCEL_PATH))
        .and(header("authorization", "Bearer t-2"))
        .respond_with(ok(run_body("CANCELLED")))
        .mount(&server)
        .await;

    let client = client(&server);
    let app = app();
    let response = client.send(&cancel(), &app).await.unwrap();
    assert_eq!(response.run.status, RunStatus::Cancelled);

    let calls = requests_to(&server, CANCEL_PATH).await;
    let tokens: Vec<&str> = calls.iter().map(bearer).collect();
    assert_eq!(tokens, ["Bearer t-1", "Bearer t-2"]);
    assert_eq!(requests_to(&server, TOKEN_PATH).await.len(), 2);

    // The refreshed token is the cached one now.
    client.send(&cancel(), &app).await.unwrap();
    assert_eq!(requests_to(&server, TOKEN_PATH).await.len(), 2);
}

#[tokio::test]
async fn a_token_rejected_twice_fails_after_exactly_two_attempts() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, TokenEndpoint::new(7200)).await;
    Mock::given(path(CANCEL_PATH))
        .respond_with(api_error(
            200,
            99991663,
            "Invalid access token for authorization",
        ))
        .mount(&server)
        .await;

    let error = client(&server).send(&cancel(), &app()).await.unwrap_err();
    assert_eq!(error.code(), Some(99991663));
    let calls = requests_to(&server, CANCEL_PATH).await;
    let tokens: Vec<&str> = calls.iter().map(bearer).collect();
    assert_eq!(
        tokens,
        ["Bearer t-1", "Bearer t-2"],
        "never the stale token twice"
    );
}

#[tokio::test]
async fn the_same_token_handed_back_is_not_retried() {
    let server = MockServer::start().await;
    let endpoint = TokenEndpoint {
        same_token: true,
        ..TokenEndpoint::new(7200)
    };
    mount_token_endpoint(&server, endpoint).await;
    Mock::given(path(CANCEL_PATH))
        .respond_with(api_error(
            200,
            99991663,
            "Invalid access token for authorization",
        ))
        .mount(&server)
        .await;

    let error = client(&server).send(&cancel(), &app()).await.unwrap_err();
    assert_eq!(error.code(), Some(99991663));
    assert_eq!(requests_to(&server, CANCEL_PATH).await.len(), 1);
    assert_eq!(requests_to(&server, TOKEN_PATH).await.len(), 2);
}

#[tokio::test]
async fn a_static_token_is_never_retried() {
    let server = MockServer::start().await;
    Mock::given(path(CANCEL_PATH))
        .respond_with(api_error(
            200,
            99991663,
            "Invalid access token for authorization",
        ))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(&server)
        .send(&cancel(), &TenantAccessToken::new("t-static"))
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some(99991663));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_calls_on_a_cold_cache_fetch_one_token() {
    let server = MockServer::start().await;
    let endpoint = TokenEndpoint {
        delay: Duration::from_millis(200),
        ..TokenEndpoint::new(7200)
    };
    mount_token_endpoint(&server, endpoint).await;
    Mock::given(path(CANCEL_PATH))
        .and(header("authorization", "Bearer t-1"))
        .respond_with(ok(run_body("CANCELLED")))
        .expect(100)
        .mount(&server)
        .await;

    let client = client(&server);
    let app = app();
    let calls = (0..100).map(|_| {
        let (client, app) = (client.clone(), app.clone());
        tokio::spawn(async move { client.send(&cancel(), &app).await })
    });
    for call in calls.collect::<Vec<_>>() {
        call.await.unwrap().unwrap();
    }
    assert_eq!(requests_to(&server, TOKEN_PATH).await.len(), 1);
}

#[tokio::test]
async fn a_token_near_its_expiry_is_replaced_before_use() {
    let server = MockServer::start().await;
    // Valid for two minutes: inside the three-minute margin from the start.
    mount_token_endpoint(&server, TokenEndpoint::new(120)).await;
    Mock::given(path(CANCEL_PATH))
        .respond_with(ok(run_body("CANCELLED")))
        .mount(&server)
        .await;

    let (client, app) = (client(&server), app());
    client.send(&cancel(), &app).await.unwrap();
    client.send(&cancel(), &app).await.unwrap();
    let calls = requests_to(&server, CANCEL_PATH).await;
    let tokens: Vec<&str> = calls.iter().map(bearer).collect();
    assert_eq!(tokens, ["Bearer t-1", "Bearer t-2"]);
}

#[tokio::test]
async fn a_fresh_token_is_fetched_once_and_reused() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, TokenEndpoint::new(7200)).await;
    Mock::given(path(CANCEL_PATH))
        .respond_with(ok(run_body("CANCELLED")))
        .mount(&server)
        .await;

    let (client, app) = (client(&server), app());
    for _ in 0..3 {
        client.send(&cancel(), &app).await.unwrap();
    }
    assert_eq!(requests_to(&server, TOKEN_PATH).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_token_fetch_fails_every_waiting_call_without_refetching() {
    let server = MockServer::start().await;
    Mock::given(path(TOKEN_PATH))
        .respond_with(
            api_error(200, 10014, "app secret invalid").set_delay(Duration::from_millis(200)),
        )
        .mount(&server)
        .await;

    let (client, app) = (client(&server), app());
    let calls: Vec<_> = (0..10)
        .map(|_| {
            let (client, app) = (client.clone(), app.clone());
            tokio::spawn(async move { client.send(&cancel(), &app).await })
        })
        .collect();
    for call in calls {
        let error = call.await.unwrap().unwrap_err();
        let Error::Token(token) = &error else {
            panic!("expected a token error, got {error:?}");
        };
        assert_eq!(token.app_id, "cli_1");
        assert_eq!(token.source.code(), Some(10014));
        assert_eq!(error.log_id(), Some("log-1"));
    }
    assert_eq!(requests_to(&server, TOKEN_PATH).await.len(), 1);
    assert!(requests_to(&server, CANCEL_PATH).await.is_empty());

    // A later call tries again.
    let _ = client.send(&cancel(), &app).await.unwrap_err();
    assert_eq!(requests_to(&server, TOKEN_PATH).await.len(), 2);
}

#[tokio::test]
async fn an_html_gateway_page_is_an_undecodable_body() {
    let server = MockServer::start().await;
    let page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    Mock::given(path(CANCEL_PATH))
        .respond_with(ResponseTemplate::new(502).set_body_raw(page, "text/html"))
        .mount(&server)
        .await;

    let error = client(&server)
        .send(&cancel(), &TenantAccessToken::new("t-static"))
        .await
        .unwrap_err();
    let Error::Decode(decode) = error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(decode.status, 502);
    assert_eq!(decode.content_type.as_deref(), Some("text/html"));
    assert_eq!(decode.body_prefix, page);
}

#[tokio::test]
async fn a_truncated_or_empty_body_is_an_undecodable_body() {
    for body in [r#"{"code":0,"msg":"success","data":{"run":{"id":"ru"#, ""] {
        let server = MockServer::start().await;
        Mock::given(path(CANCEL_PATH))
            .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
            .mount(&server)
            .await;

        let error = client(&server)
            .send(&cancel(), &TenantAccessToken::new("t-static"))
            .await
            .unwrap_err();
        let Error::Decode(decode) = error else {
            panic!("expected a decode error for {body:?}, got {error:?}");
        };
        assert_eq!(decode.status, 200);
        assert_eq!(decode.body_prefix, body);
    }
}

#[tokio::test]
async fn unknown_fields_and_enum_values_decode() {
    let server = MockServer::start().await;
    let mut body = run_body("PAUSED_BY_A_FUTURE_FEATURE");
    body["data"]["run"]["brand_new_field"] = json!({"nested": [1, 2]});
    body["data"]["also_new"] = json!(true);
    Mock::given(path(CANCEL_PATH))
        .respond_with(ok(body))
        .mount(&server)
        .await;

    let response = client(&server)
        .send(&cancel(), &TenantAccessToken::new("t-static"))
        .await
        .unwrap();
    assert_eq!(
        response.run.status,
        RunStatus::Unknown("PAUSED_BY_A_FUTURE_FEATURE".into())
    );
}

#[tokio::test]
async fn path_values_arrive_percent_encoded_at_the_right_path() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ok(run_body("CANCELLED")))
        .mount(&server)
        .await;

    // The session id has a documented pattern; the run id only a length.
    let request = CancelAilySessionRunRequest::new("session_1", "a/b?c#d%e f 中文");
    client(&server)
        .send(&request, &TenantAccessToken::new("t-static"))
        .await
        .unwrap();
    let sent = server.received_requests().await.unwrap();
    assert_eq!(
        sent[0].url.path(),
        "/open-apis/aily/v1/sessions/session_1/runs/a%2Fb%3Fc%23d%25e%20f%20%E4%B8%AD%E6%96%87/cancel"
    );
    assert_eq!(sent[0].url.query(), None);
}

#[tokio::test]
async fn an_empty_path_value_is_never_sent() {
    let server = MockServer::start().await;
    let request = CancelAilySessionRunRequest::new("session_1", "");
    let error = client(&server)
        .send(&request, &TenantAccessToken::new("t-static"))
        .await
        .unwrap_err();
    assert!(matches!(
        error,
        Error::InvalidRequest(feishu::InvalidRequest::EmptyPathParam { name: "run_id" })
    ));
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_slow_server_is_a_timeout() {
    let server = MockServer::start().await;
    Mock::given(path(CANCEL_PATH))
        .respond_with(ok(run_body("CANCELLED")).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;

    let client = Client::builder()
        .base_url(BaseUrl::new(&server.uri()).unwrap())
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let error = client
        .send(&cancel(), &TenantAccessToken::new("t-static"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Timeout(after) if after == Duration::from_millis(100)),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_closed_port_is_a_transport_error() {
    // A port that was just free: nothing listens on it.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let uri = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = Client::builder()
        .base_url(BaseUrl::new(&uri).unwrap())
        .build()
        .unwrap();
    let error = client
        .send(&cancel(), &TenantAccessToken::new("t-static"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
}

#[test]
fn credentials_never_show_their_secrets() {
    let app = AppCredentials::new("cli_1", "a-very-long-app-secret-of-32-chars");
    let shown = format!("{app:?}");
    assert!(shown.contains("cli_1"), "{shown}");
    assert!(!shown.contains("app-secret-of"), "{shown}");
    let token = TenantAccessToken::new("t-7f1bcd13fc57d46bac21793a18e560");
    assert_eq!(format!("{token}"), "t-7f1b******8e560");
    assert_eq!(format!("{token:?}"), "TenantAccessToken(t-7f1b******8e560)");
    let _ = Arc::new(token);
}

/// Answers the token endpoint with `first`, then `then` for every later call.
struct FirstThen {
    calls: AtomicUsize,
    first: ResponseTemplate,
    then: ResponseTemplate,
}

impl Respond for FirstThen {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        if self.calls.fetch_add(1, Ordering::SeqCst) == 0 {
            self.first.clone()
        } else {
            self.then.clone()
        }
    }
}

#[tokio::test]
async fn a_failed_early_refresh_keeps_the_token_that_still_works() {
    let server = MockServer::start().await;
    // Two minutes left: inside the refresh margin, but not expired.
    let first = ok(json!({"code": 0, "msg": "ok", "tenant_access_token": "t-1", "expire": 120}));
    let then = ResponseTemplate::new(503).set_body_string("unavailable");
    Mock::given(path(TOKEN_PATH))
        .respond_with(FirstThen {
            calls: AtomicUsize::new(0),
            first,
            then,
        })
        .mount(&server)
        .await;
    Mock::given(path(CANCEL_PATH))
        .respond_with(ok(run_body("CANCELLED")))
        .mount(&server)
        .await;

    let (client, app) = (client(&server), app());
    client.send(&cancel(), &app).await.unwrap();
    client.send(&cancel(), &app).await.unwrap();
    let calls = requests_to(&server, CANCEL_PATH).await;
    let tokens: Vec<&str> = calls.iter().map(bearer).collect();
    assert_eq!(tokens, ["Bearer t-1", "Bearer t-1"]);
    assert_eq!(requests_to(&server, TOKEN_PATH).await.len(), 2, "it tried");
}

#[tokio::test]
async fn an_absurd_expiry_does_not_break_the_cache() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, TokenEndpoint::new(i64::MAX)).await;
    Mock::given(path(CANCEL_PATH))
        .respond_with(ok(run_body("CANCELLED")))
        .mount(&server)
        .await;
    let (client, app) = (client(&server), app());
    client.send(&cancel(), &app).await.unwrap();
    client.send(&cancel(), &app).await.unwrap();
    assert_eq!(requests_to(&server, TOKEN_PATH).await.len(), 1);
}

#[tokio::test]
async fn an_undecodable_token_response_never_shows_the_token() {
    let server = MockServer::start().await;
    let body = json!({"code": 0, "msg": "ok",
                      "tenant_access_token": "t-caecc734c2e3328a62489fe0648c4b98779515d3",
                      "expire": "soon"});
    Mock::given(path(TOKEN_PATH))
        .respond_with(ok(body))
        .mount(&server)
        .await;

    let error = client(&server).send(&cancel(), &app()).await.unwrap_err();
    let Error::Token(token) = &error else {
        panic!("expected a token error, got {error:?}");
    };
    let Error::Decode(decode) = &token.source else {
        panic!("expected a decode error, got {:?}", token.source);
    };
    assert_eq!(decode.body_prefix, feishu::DecodeError::WITHHELD);
    for shown in [error.to_string(), format!("{error:?}")] {
        assert!(!shown.contains("caecc734"), "{shown}");
    }
}

#[tokio::test]
async fn client_headers_keep_every_value_and_never_replace_the_token() {
    let server = MockServer::start().await;
    mount_token_endpoint(&server, TokenEndpoint::new(7200)).await;
    Mock::given(path(CANCEL_PATH))
        .respond_with(ok(run_body("CANCELLED")))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(BaseUrl::new(&server.uri()).unwrap())
        .header(
            http::HeaderName::from_static("x-team"),
            http::HeaderValue::from_static("a"),
        )
        .header(
            http::HeaderName::from_static("x-team"),
            http::HeaderValue::from_static("b"),
        )
        .header(
            http::header::AUTHORIZATION,
            http::HeaderValue::from_static("Bearer forged"),
        )
        .build()
        .unwrap();
    client.send(&cancel(), &app()).await.unwrap();

    let call = &requests_to(&server, CANCEL_PATH).await[0];
    let teams: Vec<_> = call.headers.get_all("x-team").iter().collect();
    assert_eq!(teams, ["a", "b"]);
    assert_eq!(bearer(call), "Bearer t-1");
    let fetch = &requests_to(&server, TOKEN_PATH).await[0];
    assert!(fetch.headers.get("authorization").is_none());
}

#[tokio::test]
async fn one_app_on_two_platforms_keeps_a_token_for_each() {
    let (feishu, lark) = (MockServer::start().await, MockServer::start().await);
    for server in [&feishu, &lark] {
        mount_token_endpoint(server, TokenEndpoint::new(7200)).await;
        Mock::given(path(CANCEL_PATH))
            .respond_with(ok(run_body("CANCELLED")))
            .mount(server)
            .await;
    }
    let app = app();
    client(&feishu).send(&cancel(), &app).await.unwrap();
    client(&lark).send(&cancel(), &app).await.unwrap();
    for server in [&feishu, &lark] {
        assert_eq!(requests_to(server, TOKEN_PATH).await.len(), 1);
        let calls = requests_to(server, CANCEL_PATH).await;
        assert_eq!(bearer(&calls[0]), "Bearer t-1", "each platform's own token");
    }
}
