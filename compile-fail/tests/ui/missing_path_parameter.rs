// Path parameters are constructor arguments: leaving one out must not compile.
use feishu::api::aily::v1::CancelAilySessionRunRequest;

fn main() {
    let _ = CancelAilySessionRunRequest::new("session_1");
}
