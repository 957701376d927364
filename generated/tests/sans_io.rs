//! The sans-IO core: what a request renders to for any HTTP client, and how
//! an `http::Response` decodes. No I/O here; `client.rs` sends for real.

use feishu::api::aily::v1::{CancelAilySessionRunError, CancelAilySessionRunRequest, RunStatus};
use feishu::api::auth::v3::InternalTenantAccessTokenRequest;
use feishu::{
    BaseUrl, Endpoint, Error, NoToken, RequestOptions, TenantAccessToken, UserAccessToken,
    build_request,
};
use http::header::{AUTHORIZATION, CONTENT_TYPE, HeaderName, HeaderValue};

#[test]
fn a_request_renders_method_url_and_bearer_token() {
    let request = CancelAilySessionRunRequest::new("session_1", "run_1");
    let token = TenantAccessToken::new("t-7f1bcd13fc57d46bac21793a18e560");
    let rendered = request.to_http_request(&BaseUrl::LARK, &token).unwrap();

    assert_eq!(rendered.method(), http::Method::POST);
    assert_eq!(
        rendered.uri(),
        "https://open.larksuite.com/open-apis/aily/v1/sessions/session_1/runs/run_1/cancel"
    );
    let authorization = &rendered.headers()[AUTHORIZATION];
    assert_eq!(authorization, "Bearer t-7f1bcd13fc57d46bac21793a18e560");
    assert!(
        authorization.is_sensitive(),
        "marked so HTTP stacks do not log it"
    );
    assert!(rendered.headers().get(CONTENT_TYPE).is_none());
    assert!(rendered.body().is_empty(), "cancel-run sends no body");
    let shown = format!("{rendered:?}");
    assert!(!shown.contains("7f1bcd13"), "{shown}");
}

#[test]
fn a_body_is_json_with_its_content_type_and_no_token() {
    let request = InternalTenantAccessTokenRequest::new("cli_1", "secret_1");
    let rendered = request.to_http_request(&BaseUrl::FEISHU, &NoToken).unwrap();

    assert_eq!(
        rendered.uri(),
        "https://open.feishu.cn/open-apis/auth/v3/tenant_access_token/internal"
    );
    assert!(rendered.headers().get(AUTHORIZATION).is_none());
    assert_eq!(
        rendered.headers()[CONTENT_TYPE],
        "application/json; charset=utf-8"
    );
    let body: serde_json::Value = serde_json::from_slice(rendered.body()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"app_id": "cli_1", "app_secret": "secret_1"})
    );
    // The request's Debug masks the secret it carries.
    let shown = format!("{request:?}");
    assert!(
        shown.contains("cli_1") && !shown.contains("secret_1"),
        "{shown}"
    );
}

#[test]
fn options_add_a_request_id_and_headers_but_never_replace_the_token() {
    let request = CancelAilySessionRunRequest::new("session_1", "run_1");
    let options = RequestOptions::new()
        .request_id("req-1")
        .header(
            HeaderName::from_static("x-extra"),
            HeaderValue::from_static("1"),
        )
        .header(AUTHORIZATION, HeaderValue::from_static("Bearer forged"))
        .header(CONTENT_TYPE, HeaderValue::from_static("text/plain"));
    let rendered = build_request(
        &request,
        &BaseUrl::FEISHU,
        &UserAccessToken::new("u-user"),
        &options,
    )
    .unwrap();
    let headers = rendered.headers();
    assert_eq!(headers["oapi-sdk-request-id"], "req-1");
    assert_eq!(headers["x-extra"], "1");
    let authorization: Vec<_> = headers.get_all(AUTHORIZATION).iter().collect();
    assert_eq!(authorization, ["Bearer u-user"]);
    assert!(
        headers.get(CONTENT_TYPE).is_none(),
        "no body, so no content type"
    );
}

#[test]
fn a_token_that_cannot_be_a_header_is_an_invalid_request() {
    let request = CancelAilySessionRunRequest::new("session_1", "run_1");
    let error = request
        .to_http_request(&BaseUrl::FEISHU, &TenantAccessToken::new("t-1\r\nX: y"))
        .unwrap_err();
    assert_eq!(
        error,
        feishu::InvalidRequest::InvalidHeaderValue {
            name: "authorization"
        }
    );
    assert!(!error.to_string().contains("t-1"));
}

#[test]
fn a_response_decodes_from_http_types() {
    let body = r#"{"code":0,"msg":"success","data":{"run":{"id":"run_1","created_at":1711975665710,
        "app_id":"spring_1","session_id":"session_1","status":"CANCELLED"}}}"#;
    let response = http::Response::builder().status(200).body(body).unwrap();
    let output = CancelAilySessionRunRequest::from_http_response(&response).unwrap();
    assert_eq!(output.run.status, RunStatus::Cancelled);

    let response = http::Response::builder()
        .status(400)
        .header("X-Tt-Logid", "log-1")
        .body(br#"{"code":2700001,"msg":"param is invalid"}"#.to_vec())
        .unwrap();
    let error = CancelAilySessionRunRequest::from_http_response(&response).unwrap_err();
    let Error::Api(api) = error else {
        panic!("expected an API error, got {error:?}");
    };
    assert_eq!(api.kind, CancelAilySessionRunError::ParamInvalid);
    assert_eq!(api.log_id.as_deref(), Some("log-1"));
}

#[test]
fn base_urls_are_checked_and_normalized() {
    assert_eq!(BaseUrl::FEISHU.as_str(), "https://open.feishu.cn");
    assert_eq!(BaseUrl::LARK.as_str(), "https://open.larksuite.com");
    assert_eq!(
        BaseUrl::new("http://127.0.0.1:8080/").unwrap().as_str(),
        "http://127.0.0.1:8080"
    );
    assert_eq!(
        BaseUrl::new("https://proxy.example/feishu")
            .unwrap()
            .as_str(),
        "https://proxy.example/feishu"
    );
    for bad in [
        "",
        "open.feishu.cn",
        "ftp://open.feishu.cn",
        "https://open.feishu.cn?x=1",
        "https://open.feishu.cn/#top",
        "https://user:password@open.feishu.cn",
    ] {
        let error = BaseUrl::new(bad).unwrap_err();
        assert!(
            error.to_string().contains("invalid base URL"),
            "{bad}: {error}"
        );
    }
}

#[test]
fn dot_path_values_never_reach_another_endpoint() {
    for value in [".", ".."] {
        let request = CancelAilySessionRunRequest::new("session_1", value);
        let error = request
            .to_http_request(&BaseUrl::FEISHU, &TenantAccessToken::new("t-1"))
            .unwrap_err();
        assert_eq!(
            error,
            feishu::InvalidRequest::DotPathParam { name: "run_id" }
        );
    }
}

#[test]
fn headers_query_and_body_of_the_aily_requests_render() {
    use feishu::api::aily::v1::{CreateAilySessionRunRequest, ListAilySessionAilyMessageRequest};

    let token = TenantAccessToken::new("t-1");
    let create = CreateAilySessionRunRequest::new("session_1", "spring_app__c")
        .biz_user_id("ou_5ad573a6411d72b8305fda3a9c15c70e")
        .skill_input(r#"{"key": "value"}"#);
    let rendered = create.to_http_request(&BaseUrl::FEISHU, &token).unwrap();
    assert_eq!(
        rendered.headers()["x-aily-bizuserid"],
        "ou_5ad573a6411d72b8305fda3a9c15c70e"
    );
    let body: serde_json::Value = serde_json::from_slice(rendered.body()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"app_id": "spring_app__c", "skill_input": "{\"key\": \"value\"}"}),
        "only what was set, and never the header"
    );

    let list = ListAilySessionAilyMessageRequest::new("session_1")
        .page_size(20)
        .page_token("eVQ=")
        .with_partial_message(false);
    let rendered = list.to_http_request(&BaseUrl::FEISHU, &token).unwrap();
    assert_eq!(
        rendered.uri().path_and_query().unwrap().as_str(),
        "/open-apis/aily/v1/sessions/session_1/messages?page_size=20&page_token=eVQ%3D&with_partial_message=false"
    );
    assert!(rendered.body().is_empty());
}

#[test]
fn a_request_breaking_a_documented_limit_is_not_rendered() {
    use feishu::api::aily::v1::{
        AilyMessageContentType, CreateAilySessionAilyMessageRequest, ListAilySessionRunRequest,
    };

    let token = TenantAccessToken::new("t-1");
    let too_long = "x".repeat(33);
    let error = ListAilySessionRunRequest::new(too_long)
        .to_http_request(&BaseUrl::FEISHU, &token)
        .unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("`aily_session_id` must be at most 32 characters long"),
        "{error}"
    );
    let error = CreateAilySessionAilyMessageRequest::new(
        "session_1",
        "i".repeat(65),
        AilyMessageContentType::Mdx,
        "hi",
    )
    .to_http_request(&BaseUrl::FEISHU, &token)
    .unwrap_err();
    assert!(
        matches!(
            error,
            feishu::InvalidRequest::Limit {
                field: "idempotent_id",
                ..
            }
        ),
        "{error}"
    );
}
