//! Walking list endpoints page by page against a loopback server: where the
//! walk stops, and what an error mid-way does.

use std::sync::Mutex;

use feishu::api::aily::v1::{ListAilySessionRunError, ListAilySessionRunRequest, Run};
use feishu::client::Client;
use feishu::{BaseUrl, Error, TenantAccessToken};
use futures_util::{StreamExt, TryStreamExt};
use serde_json::{Value, json};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const RUNS_PATH: &str = "/open-apis/aily/v1/sessions/session_1/runs";

fn run(id: &str) -> Value {
    json!({"id": id, "created_at": "1711975665710", "app_id": "spring_1",
           "session_id": "session_1", "status": "COMPLETED"})
}

/// Answers each request with the next of `pages`, recording the query of
/// every request.
struct Pages {
    pages: Vec<ResponseTemplate>,
    queries: Mutex<Vec<String>>,
}

impl Respond for Pages {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut queries = self.queries.lock().unwrap();
        queries.push(request.url.query().unwrap_or_default().to_owned());
        self.pages[queries.len() - 1].clone()
    }
}

fn page(ids: &[&str], token: Option<&str>, has_more: Option<bool>) -> ResponseTemplate {
    let mut data = json!({"runs": ids.iter().map(|id| run(id)).collect::<Vec<_>>()});
    if let Some(token) = token {
        data["page_token"] = json!(token);
    }
    if let Some(has_more) = has_more {
        data["has_more"] = json!(has_more);
    }
    ResponseTemplate::new(200).set_body_json(json!({"code": 0, "msg": "success", "data": data}))
}

async fn serve(pages: Vec<ResponseTemplate>) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(path(RUNS_PATH))
        .respond_with(Pages {
            pages,
            queries: Mutex::default(),
        })
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(BaseUrl::new(&server.uri()).unwrap())
        .build()
        .unwrap();
    (server, client)
}

async fn queries(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.unwrap();
    requests
        .iter()
        .map(|request| request.url.query().unwrap_or_default().to_owned())
        .collect()
}

fn token() -> TenantAccessToken {
    TenantAccessToken::new("t-static")
}

fn ids(runs: &[Run]) -> Vec<&str> {
    runs.iter().map(|run| run.id.as_str()).collect()
}

#[tokio::test]
async fn items_walk_every_page_until_has_more_is_false() {
    let (server, client) = serve(vec![
        page(&["run_1", "run_2"], Some("p2"), Some(true)),
        page(&["run_3"], Some("p3"), Some(true)),
        page(&["run_4"], Some("p4"), Some(false)),
    ])
    .await;

    let request = ListAilySessionRunRequest::new("session_1").page_size(2);
    let token = token();
    let runs: Vec<Run> = client.items(request, &token).try_collect().await.unwrap();
    assert_eq!(ids(&runs), ["run_1", "run_2", "run_3", "run_4"]);
    assert_eq!(
        queries(&server).await,
        [
            "page_size=2",
            "page_size=2&page_token=p2",
            "page_size=2&page_token=p3"
        ]
    );
}

#[tokio::test]
async fn a_missing_or_empty_token_ends_the_walk() {
    for last in [
        page(&["run_2"], None, Some(true)),
        page(&["run_2"], Some(""), None),
    ] {
        let (server, client) = serve(vec![page(&["run_1"], Some("p2"), None), last]).await;
        let token = token();
        let pages: Vec<_> = client
            .pages(ListAilySessionRunRequest::new("session_1"), &token)
            .try_collect()
            .await
            .unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!(queries(&server).await.len(), 2);
    }
}

#[tokio::test]
async fn an_error_mid_way_is_yielded_and_ends_the_stream() {
    let failure = ResponseTemplate::new(400)
        .insert_header("x-tt-logid", "log-page-2")
        .set_body_json(json!({"code": 2700001, "msg": "param is invalid"}));
    let (server, client) = serve(vec![
        page(&["run_1"], Some("p2"), Some(true)),
        failure,
        page(&["never"], None, Some(false)),
    ])
    .await;

    let token = token();
    let items: Vec<_> = client
        .items(ListAilySessionRunRequest::new("session_1"), &token)
        .collect()
        .await;
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].as_ref().unwrap().id, "run_1");
    let Err(Error::Api(api)) = &items[1] else {
        panic!("expected an API error, got {:?}", items[1]);
    };
    assert_eq!(api.kind, ListAilySessionRunError::ParamInvalid);
    assert_eq!(api.log_id.as_deref(), Some("log-page-2"));
    assert_eq!(queries(&server).await.len(), 2, "nothing after the error");
}

#[tokio::test]
async fn a_repeated_token_ends_the_walk_instead_of_looping() {
    let (server, client) = serve(vec![
        page(&["run_1"], Some("same"), Some(true)),
        page(&["run_2"], Some("same"), Some(true)),
        page(&["run_3"], Some("same"), Some(true)),
    ])
    .await;
    let token = token();
    let runs: Vec<Run> = client
        .items(ListAilySessionRunRequest::new("session_1"), &token)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&runs), ["run_1", "run_2"]);
    assert_eq!(queries(&server).await.len(), 2);
}

#[tokio::test]
async fn a_request_that_breaks_a_limit_is_never_sent() {
    let (server, client) = serve(vec![]).await;
    let request = ListAilySessionRunRequest::new("not-a-session-id");
    let token = token();
    let error = client.send(&request, &token).await.unwrap_err();
    let Error::InvalidRequest(invalid) = &error else {
        panic!("expected an invalid request, got {error:?}");
    };
    assert_eq!(
        invalid.to_string(),
        "`aily_session_id` must match `session_[0-9a-hjkmnp-z]{1,24}`"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_cycle_of_tokens_ends_the_walk() {
    let (server, client) = serve(vec![
        page(&["run_1"], Some("a"), Some(true)),
        page(&["run_2"], Some("b"), Some(true)),
        page(&["run_3"], Some("a"), Some(true)),
        page(&["never"], Some("b"), Some(true)),
    ])
    .await;
    let token = token();
    let runs: Vec<Run> = client
        .items(ListAilySessionRunRequest::new("session_1"), &token)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&runs), ["run_1", "run_2", "run_3"]);
    assert_eq!(queries(&server).await.len(), 3);
}
