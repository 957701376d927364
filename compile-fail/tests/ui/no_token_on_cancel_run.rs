// Cancel-run needs a token: sending it without one must not compile.
use feishu::api::aily::v1::CancelAilySessionRunRequest;
use feishu::{BaseUrl, NoToken, RequestOptions, build_request};

fn main() {
    let request = CancelAilySessionRunRequest::new("session_1", "run_1");
    let _ = build_request(&request, &BaseUrl::FEISHU, &NoToken, &RequestOptions::new());
}
