//! Cancels an Aily run and prints it as JSON.
//!
//! ```text
//! FEISHU_APP_ID=cli_... FEISHU_APP_SECRET=... \
//!     cargo run --example cancel_run -- --session <aily_session_id> --run <run_id>
//! ```
//!
//! `FEISHU_BASE_URL` picks another server (default `https://open.feishu.cn`).
//! On an error it prints the code, message and log id, and exits non-zero.

use std::process::ExitCode;

use feishu::api::aily::v1::CancelAilySessionRunRequest;
use feishu::client::{AppCredentials, Client};
use feishu::{BaseUrl, Error};

const USAGE: &str = "usage: cancel_run --session <aily_session_id> --run <run_id>
environment: FEISHU_APP_ID, FEISHU_APP_SECRET, FEISHU_BASE_URL (default https://open.feishu.cn)";

#[tokio::main]
async fn main() -> ExitCode {
    let (request, client, app) = match setup() {
        Ok(setup) => setup,
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match client.send(&request, &app).await {
        Ok(cancelled) => {
            let json = serde_json::to_string_pretty(&cancelled.run)
                .expect("a decoded run encodes as JSON");
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            let api = match &error {
                Error::Api(api) => Some((api.code, api.msg.as_str())),
                Error::Token(token) => token
                    .source
                    .as_api()
                    .map(|api| (api.code, api.msg.as_str())),
                _ => None,
            };
            if let Some((code, msg)) = api {
                eprintln!("code: {code}\nmsg: {msg}");
            }
            if let Some(log_id) = error.log_id() {
                eprintln!("log id: {log_id}");
            }
            ExitCode::FAILURE
        }
    }
}

fn setup() -> Result<(CancelAilySessionRunRequest, Client, AppCredentials), String> {
    let (mut session, mut run) = (None, None);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let slot = match arg.as_str() {
            "--session" => &mut session,
            "--run" => &mut run,
            other => return Err(format!("unexpected argument `{other}`")),
        };
        *slot = Some(args.next().ok_or(format!("`{arg}` needs a value"))?);
    }
    let session = session.ok_or("`--session` is required")?;
    let run = run.ok_or("`--run` is required")?;

    let env = |name: &str| std::env::var(name).map_err(|_| format!("{name} is not set"));
    let base_url = match std::env::var("FEISHU_BASE_URL") {
        Ok(url) => BaseUrl::new(&url).map_err(|err| err.to_string())?,
        Err(_) => BaseUrl::FEISHU,
    };
    let client = Client::builder()
        .base_url(base_url)
        .build()
        .map_err(|err| format!("cannot build the HTTP client: {err}"))?;
    let app = AppCredentials::new(env("FEISHU_APP_ID")?, env("FEISHU_APP_SECRET")?);
    Ok((CancelAilySessionRunRequest::new(session, run), client, app))
}
