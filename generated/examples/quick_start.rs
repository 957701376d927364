use feishu::BaseUrl;
use feishu::api::aily::v1::CancelAilySessionRunRequest;
use feishu::client::{AppCredentials, Client};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base_url =
        std::env::var("FEISHU_BASE_URL").map_or(Ok(BaseUrl::FEISHU), |url| BaseUrl::new(&url))?;
    let client = Client::builder().base_url(base_url).build()?;
    let app = AppCredentials::new(
        std::env::var("FEISHU_APP_ID")?,
        std::env::var("FEISHU_APP_SECRET")?,
    );

    let request = CancelAilySessionRunRequest::new("session_4dfunz7sp1g8m", "run_4dfrxvctjqzzj");
    let cancelled = client.send(&request, &app).await?;
    println!("run {} is {}", cancelled.run.id, cancelled.run.status);
    Ok(())
}
