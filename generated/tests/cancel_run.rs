//! The generated cancel-run endpoint through the sans-IO core: what the request
//! renders to, and how each kind of response decodes. (Calls over HTTP come
//! with the client.)

use feishu::api::aily::v1::{
    CancelAilySessionRunError, CancelAilySessionRunRequest, RunError, RunStatus,
};
use feishu::wire::TimestampMs;
use feishu::{
    CommonError, Endpoint, EndpointError, Envelope, Error, InvalidRequest, TokenKind,
    decode_response,
};
use http::{HeaderMap, HeaderValue, StatusCode};

fn decode(
    status: u16,
    headers: &[(&'static str, &'static str)],
    body: &str,
) -> Result<feishu::api::aily::v1::CancelAilySessionRunResponse, Error<CancelAilySessionRunError>> {
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        map.insert(*name, HeaderValue::from_static(value));
    }
    decode_response::<CancelAilySessionRunRequest>(
        StatusCode::from_u16(status).unwrap(),
        &map,
        body.as_bytes(),
    )
}

#[test]
fn the_request_knows_its_endpoint() {
    assert_eq!(CancelAilySessionRunRequest::METHOD, http::Method::POST);
    assert_eq!(
        CancelAilySessionRunRequest::PATH_TEMPLATE,
        "/open-apis/aily/v1/sessions/:aily_session_id/runs/:run_id/cancel"
    );
    assert_eq!(
        CancelAilySessionRunRequest::TOKEN_KINDS,
        [TokenKind::Tenant, TokenKind::User]
    );
    assert_eq!(CancelAilySessionRunRequest::SCOPES, ["aily:run:write"]);
    assert_eq!(CancelAilySessionRunRequest::ENVELOPE, Envelope::Data);
}

#[test]
fn path_values_are_percent_encoded() {
    let request = CancelAilySessionRunRequest::new("a/b?c#d%e f", "中文");
    assert_eq!(
        request.path().unwrap(),
        "/open-apis/aily/v1/sessions/a%2Fb%3Fc%23d%25e%20f/runs/%E4%B8%AD%E6%96%87/cancel"
    );
}

#[test]
fn an_empty_path_value_is_an_error_naming_it() {
    let error = CancelAilySessionRunRequest::new("session_1", "")
        .path()
        .unwrap_err();
    assert_eq!(error, InvalidRequest::EmptyPathParam { name: "run_id" });
}

#[test]
fn a_run_decodes_with_timestamps_as_strings_or_numbers_and_unknown_fields() {
    let body = r#"{"code": 0, "msg": "success", "new_top_level": 1, "data": {"run": {
        "id": "run_1", "created_at": 1711975665710, "app_id": "spring_x__c",
        "session_id": "session_1", "status": "CANCELLED", "ended_at": "1711975665999",
        "error": {"code": "sp_ec_sm_900101", "message": "技能不存在或已删除", "extra": true},
        "a_field_from_the_future": {"nested": []}}}}"#;
    let run = decode(200, &[], body).unwrap().run;
    assert_eq!(run.created_at, TimestampMs(1_711_975_665_710));
    assert_eq!(run.ended_at, Some(TimestampMs(1_711_975_665_999)));
    assert_eq!(run.started_at, None);
    assert_eq!(run.status, RunStatus::Cancelled);
    assert_eq!(
        run.error
            .as_ref()
            .map(|error: &RunError| error.code.as_str()),
        Some("sp_ec_sm_900101")
    );
}

#[test]
fn an_unknown_status_is_kept() {
    let body = r#"{"code": 0, "msg": "", "data": {"run": {"id": "r", "created_at": "1",
        "app_id": "a", "session_id": "s", "status": "PAUSED"}}}"#;
    assert_eq!(
        decode(200, &[], body).unwrap().run.status,
        RunStatus::Unknown("PAUSED".to_owned())
    );
}

#[test]
fn a_documented_code_with_http_400_is_its_variant_with_status_and_log_id() {
    let body = r#"{"code": 2700001, "msg": "param is invalid",
        "error": {"log_id": "from-body", "field_violations": [{"field": "run_id", "description": "bad"}]}}"#;
    let error = decode(400, &[("x-tt-logid", "20240401-abc")], body).unwrap_err();
    let api = error.as_api().expect("an API error");
    assert_eq!(api.kind, CancelAilySessionRunError::ParamInvalid);
    assert_eq!(
        (api.status, api.code, api.msg.as_str()),
        (StatusCode::BAD_REQUEST, 2_700_001, "param is invalid")
    );
    assert_eq!(
        api.log_id.as_deref(),
        Some("20240401-abc"),
        "the header wins over the body"
    );
    assert_eq!(
        api.detail.as_ref().unwrap().field_violations[0].field,
        "run_id"
    );
    assert_eq!(error.log_id(), Some("20240401-abc"));
}

#[test]
fn a_common_code_with_http_200_is_the_common_variant() {
    let body = r#"{"code": 99991663, "msg": "Invalid access token for authorization.", "error": {"log_id": "L1"}}"#;
    let error = decode(200, &[], body).unwrap_err();
    let api = error.as_api().unwrap();
    assert_eq!(
        api.kind,
        CancelAilySessionRunError::Common(CommonError::AccessTokenInvalid)
    );
    assert_eq!(api.kind.code(), 99_991_663);
    assert_eq!(
        api.log_id.as_deref(),
        Some("L1"),
        "the body's log id when there is no header"
    );
}

#[test]
fn a_code_nobody_documents_is_kept_with_its_message() {
    let body = r#"{"code": 1234567, "msg": "something new"}"#;
    let error = decode(200, &[], body).unwrap_err();
    assert_eq!(
        error.as_api().unwrap().kind,
        CancelAilySessionRunError::Unknown {
            code: 1_234_567,
            msg: "something new".to_owned()
        }
    );
}

#[test]
fn a_gateway_html_page_is_a_decode_error_keeping_status_type_and_body() {
    let error = decode(
        502,
        &[("content-type", "text/html"), ("x-tt-logid", "gw")],
        "<html>502 Bad Gateway</html>",
    )
    .unwrap_err();
    let Error::Decode(decode) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(decode.status, StatusCode::BAD_GATEWAY);
    assert_eq!(decode.content_type.as_deref(), Some("text/html"));
    assert_eq!(decode.body_prefix, "<html>502 Bad Gateway</html>");
    assert_eq!(error.log_id(), Some("gw"));
}

#[test]
fn truncated_and_empty_bodies_are_decode_errors() {
    for body in [
        r#"{"code": 0, "msg": "success", "data": {"run": {"id": "#,
        "",
    ] {
        assert!(
            matches!(decode(200, &[], body), Err(Error::Decode(_))),
            "{body:?}"
        );
    }
}

#[test]
fn a_long_body_is_kept_only_in_part() {
    let body = "x".repeat(10_000);
    let Err(Error::Decode(decode)) = decode(500, &[], &body) else {
        panic!()
    };
    assert_eq!(
        decode.body_prefix.len(),
        feishu::DecodeError::BODY_PREFIX_LEN
    );
}

#[test]
fn success_without_the_required_run_is_a_decode_error() {
    assert!(matches!(
        decode(200, &[], r#"{"code": 0, "msg": "success", "data": {}}"#),
        Err(Error::Decode(_))
    ));
}
