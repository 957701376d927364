// The token endpoint takes no token; sending one must not compile.
use feishu::api::auth::v3::InternalTenantAccessTokenRequest;
use feishu::{BaseUrl, Endpoint, TenantAccessToken};

fn main() {
    let request = InternalTenantAccessTokenRequest::new("cli_1", "secret");
    let token = TenantAccessToken::new("t-token");
    let _ = request.to_http_request(&BaseUrl::FEISHU, &token);
}
