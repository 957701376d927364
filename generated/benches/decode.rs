//! The runtime's hot paths against hand-written equivalents: decoding the
//! generated models against a plain `#[derive(Deserialize)]` of the same
//! shape, and rendering a request against building the same `http::Request`
//! by hand. `cargo bench -p feishu`; BENCHMARKS.md has the figures.

use divan::{Bencher, black_box};
use feishu::api::aily::v1::{
    AilyMessage, CancelAilySessionRunRequest, ListAilySessionAilyMessageRequest, Run,
};
use feishu::{BaseUrl, Endpoint, TenantAccessToken};
use serde::{Deserialize, Serialize};

fn main() {
    divan::main();
}

const RUN: &str = r#"{"id": "run_4dfrxvctjqzzj", "created_at": "1711975665710", "app_id": "spring_xxx__c",
  "session_id": "session_4dfunz7sp1g8m", "status": "COMPLETED", "started_at": "1711975665710",
  "ended_at": "1711975665710", "error": {"code": "sp_ec_sm_900101", "message": "skill failed"},
  "metadata": "{}"}"#;

const MESSAGE: &str = r#"{"id": "message_4df45f2xknvcc", "session_id": "session_4dfunz7sp1g8m",
  "run_id": "run_4dfrxvctjqzzj", "content_type": "MDX", "content": "你好，这是一条消息",
  "files": [{"id": "file_4d9nu1ev3a2rq", "mime_type": "image/png", "file_name": "发票.png",
             "metadata": "{}", "created_at": "1711975665710",
             "preview_url": {"url": "http://path_to_file", "expired_at": "1719413169"}}],
  "quote_message_id": "message_4de9bpg70qskh",
  "sender": {"entity_id": "ou_5ad573a6411d72b8305fda3a9c15c70e", "identity_provider": "FEISHU",
             "sender_type": "USER", "aily_id": "1794840334557292"},
  "mentions": [{"entity_id": "ou_5ad573a6411d72b8305fda3a9c15c70e", "identity_provider": "FEISHU",
                "key": "@_user_1", "name": "张三", "aily_id": "1794840334557292"}],
  "plain_text": "你好，这是一条消息", "created_at": "1711975665710", "status": "COMPLETED"}"#;

/// Panics unless the plain derive reads `json` into the same values as the
/// generated model: the baseline really has the same shape.
fn same_shape<G, P>(json: &str)
where
    G: serde::de::DeserializeOwned + Serialize,
    P: serde::de::DeserializeOwned + Serialize,
{
    let generated = serde_json::to_value(serde_json::from_str::<G>(json).unwrap()).unwrap();
    let plain = serde_json::to_value(serde_json::from_str::<P>(json).unwrap()).unwrap();
    feishu::testing::assert_json_equivalent(&generated, &plain);
}

/// A JSON array of 100 copies of `one`.
fn hundred(one: &str) -> String {
    format!("[{}]", vec![one; 100].join(","))
}

/// `Run` as a plain derive would write it: strings for timestamps and enums.
#[derive(Deserialize, Serialize)]
struct PlainRun {
    id: String,
    created_at: String,
    app_id: String,
    session_id: String,
    status: String,
    started_at: Option<String>,
    ended_at: Option<String>,
    error: Option<PlainRunError>,
    metadata: Option<String>,
}

#[derive(Deserialize, Serialize)]
struct PlainRunError {
    code: String,
    message: String,
}

#[derive(Deserialize, Serialize)]
struct PlainMessage {
    id: Option<String>,
    session_id: Option<String>,
    run_id: Option<String>,
    content_type: Option<String>,
    content: Option<String>,
    #[serde(default)]
    files: Vec<PlainFile>,
    quote_message_id: Option<String>,
    sender: Option<PlainSender>,
    #[serde(default)]
    mentions: Vec<PlainMention>,
    plain_text: Option<String>,
    created_at: Option<String>,
    status: Option<String>,
}

#[derive(Deserialize, Serialize)]
struct PlainFile {
    id: Option<String>,
    mime_type: Option<String>,
    file_name: Option<String>,
    metadata: Option<String>,
    created_at: Option<String>,
    preview_url: Option<PlainPreview>,
}

#[derive(Deserialize, Serialize)]
struct PlainPreview {
    url: Option<String>,
    expired_at: Option<String>,
}

#[derive(Deserialize, Serialize)]
struct PlainSender {
    entity_id: Option<String>,
    identity_provider: Option<String>,
    sender_type: Option<String>,
    aily_id: Option<String>,
}

#[derive(Deserialize, Serialize)]
struct PlainMention {
    entity_id: Option<String>,
    identity_provider: Option<String>,
    key: Option<String>,
    name: Option<String>,
    aily_id: Option<String>,
}

mod decode_100_runs {
    use super::*;

    #[divan::bench]
    fn generated(bencher: Bencher) {
        let json = hundred(RUN);
        bencher.bench_local(|| serde_json::from_str::<Vec<Run>>(black_box(&json)).unwrap());
    }

    #[divan::bench]
    fn plain_derive(bencher: Bencher) {
        let json = hundred(RUN);
        same_shape::<Vec<Run>, Vec<PlainRun>>(&json);
        bencher.bench_local(|| serde_json::from_str::<Vec<PlainRun>>(black_box(&json)).unwrap());
    }
}

mod decode_100_messages {
    use super::*;

    #[divan::bench]
    fn generated(bencher: Bencher) {
        let json = hundred(MESSAGE);
        bencher.bench_local(|| serde_json::from_str::<Vec<AilyMessage>>(black_box(&json)).unwrap());
    }

    #[divan::bench]
    fn plain_derive(bencher: Bencher) {
        let json = hundred(MESSAGE);
        same_shape::<Vec<AilyMessage>, Vec<PlainMessage>>(&json);
        bencher
            .bench_local(|| serde_json::from_str::<Vec<PlainMessage>>(black_box(&json)).unwrap());
    }
}

/// The whole response of a list call: envelope, code check, `data`.
mod decode_list_response {
    use super::*;

    #[derive(Deserialize, Serialize)]
    struct PlainEnvelope {
        code: i64,
        msg: String,
        data: PlainList,
    }

    #[derive(Deserialize, Serialize)]
    struct PlainList {
        messages: Vec<PlainMessage>,
        page_token: Option<String>,
        has_more: Option<bool>,
    }

    fn body() -> String {
        format!(
            r#"{{"code": 0, "msg": "success", "data": {{"messages": {}, "page_token": "p2", "has_more": true}}}}"#,
            hundred(MESSAGE)
        )
    }

    #[divan::bench]
    fn generated(bencher: Bencher) {
        let body = body();
        let headers = http::HeaderMap::new();
        bencher.bench_local(|| {
            feishu::decode_response::<ListAilySessionAilyMessageRequest>(
                http::StatusCode::OK,
                &headers,
                black_box(body.as_bytes()),
            )
            .unwrap()
        });
    }

    #[divan::bench]
    fn plain_derive(bencher: Bencher) {
        let body = body();
        bencher.bench_local(|| {
            serde_json::from_slice::<PlainEnvelope>(black_box(body.as_bytes())).unwrap()
        });
    }
}

/// A request to an `http::Request`: validation, path encoding, token header.
mod render_request {
    use super::*;

    #[divan::bench]
    fn generated(bencher: Bencher) {
        let token = TenantAccessToken::new("t-7f1bcd13fc57d46bac21793a18e560");
        bencher.bench_local(|| {
            let request = CancelAilySessionRunRequest::new(
                black_box("session_4dfunz7sp1g8m"),
                black_box("run_4dfrxvctjqzzj"),
            );
            request.to_http_request(&BaseUrl::FEISHU, &token).unwrap()
        });
    }

    /// Baseline: the same request built by hand, unchecked and unencoded.
    #[divan::bench]
    fn by_hand(bencher: Bencher) {
        let token = "t-7f1bcd13fc57d46bac21793a18e560";
        bencher.bench_local(|| {
            let (session, run) = (
                black_box("session_4dfunz7sp1g8m"),
                black_box("run_4dfrxvctjqzzj"),
            );
            http::Request::builder()
                .method(http::Method::POST)
                .uri(format!(
                    "https://open.feishu.cn/open-apis/aily/v1/sessions/{session}/runs/{run}/cancel"
                ))
                .header(http::header::AUTHORIZATION, format!("Bearer {token}"))
                .body(Vec::<u8>::new())
                .unwrap()
        });
    }
}
