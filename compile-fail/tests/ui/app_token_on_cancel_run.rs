// Cancel-run accepts tenant and user tokens; an app token must not compile.
use feishu::api::aily::v1::CancelAilySessionRunRequest;
use feishu::{AppAccessToken, BaseUrl, Endpoint};

fn main() {
    let request = CancelAilySessionRunRequest::new("session_1", "run_1");
    let token = AppAccessToken::new("a-token");
    let _ = request.to_http_request(&BaseUrl::FEISHU, &token);
}
