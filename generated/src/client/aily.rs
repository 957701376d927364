//! Ask an Aily app and wait for its answer: the convenience the official Node
//! SDK offers, built only on the generated requests.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use futures_util::TryStreamExt;

use super::{Auth, Client};
use crate::api::aily::v1::{
    AilyMessage, AilyMessageContentType, CancelAilySessionRunError, CancelAilySessionRunRequest,
    CreateAilySessionAilyMessageError, CreateAilySessionAilyMessageRequest, CreateAilySessionError,
    CreateAilySessionRequest, CreateAilySessionRunError, CreateAilySessionRunRequest,
    GetAilySessionRunError, GetAilySessionRunRequest, ListAilySessionAilyMessageError,
    ListAilySessionAilyMessageRequest, Run, RunStatus, SenderType,
};
use crate::error::Error;
use crate::token::Accepts;

/// One question to an Aily app: send a message, start a run, poll it until
/// it stops, and collect the assistant's messages.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use feishu::client::aily::Ask;
/// use feishu::client::{AppCredentials, Client};
///
/// let (client, app) = (Client::new(), AppCredentials::new("cli_a1b2c3", "app secret"));
/// let reply = Ask::new("spring_f2a6f1c2d3__c", "What is on my calendar today?")
///     .send(&client, &app)
///     .await?;
/// println!("{}", reply.text());
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct Ask {
    app_id: String,
    content: String,
    content_type: AilyMessageContentType,
    session_id: Option<String>,
    skill_id: Option<String>,
    timeout: Duration,
    first_poll: Duration,
    max_poll: Duration,
    cancel_on_timeout: bool,
}

impl Ask {
    /// Asks the Aily app `app_id` (`spring_..._c`) `content`, as Markdown.
    pub fn new(app_id: impl Into<String>, content: impl Into<String>) -> Self {
        Self {
            app_id: app_id.into(),
            content: content.into(),
            content_type: AilyMessageContentType::Mdx,
            session_id: None,
            skill_id: None,
            timeout: Duration::from_secs(120),
            first_poll: Duration::from_millis(500),
            max_poll: Duration::from_secs(5),
            cancel_on_timeout: true,
        }
    }

    /// The content type of the message; `MDX` unless set.
    pub fn content_type(mut self, content_type: AilyMessageContentType) -> Self {
        self.content_type = content_type;
        self
    }

    /// Asks in an existing session, so the app sees the conversation so far;
    /// without one, a new session is created.
    pub fn session(mut self, session_id: impl Into<String>) -> Self {
        self.session_id = Some(session_id.into());
        self
    }

    /// Runs this skill instead of letting the app pick one.
    pub fn skill(mut self, skill_id: impl Into<String>) -> Self {
        self.skill_id = Some(skill_id.into());
        self
    }

    /// How long to wait for the run to stop; two minutes unless set.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The first wait between polls, which then grows by half each time up
    /// to `max`; 500 ms and 5 s unless set.
    pub fn poll_interval(mut self, first: Duration, max: Duration) -> Self {
        self.first_poll = first;
        self.max_poll = max.max(first);
        self
    }

    /// Whether a run still going at the timeout is cancelled (the default:
    /// a session allows one active run, so a forgotten one blocks the next
    /// question).
    pub fn cancel_on_timeout(mut self, cancel: bool) -> Self {
        self.cancel_on_timeout = cancel;
        self
    }

    /// Asks, and waits for the answer.
    ///
    /// Stops waiting when the run completes or needs another message
    /// (`REQUIRES_MESSAGE`); both give a [`Reply`].
    ///
    /// # Errors
    ///
    /// [`AskError`]: a failed call (naming the step), a run that ended
    /// `FAILED`, `CANCELLED` or `EXPIRED`, or one still going at the timeout.
    pub async fn send<A>(&self, client: &Client, auth: &A) -> Result<Reply, AskError>
    where
        A: Auth,
        CreateAilySessionRequest: Accepts<A::Token>,
        CreateAilySessionAilyMessageRequest: Accepts<A::Token>,
        CreateAilySessionRunRequest: Accepts<A::Token>,
        GetAilySessionRunRequest: Accepts<A::Token>,
        ListAilySessionAilyMessageRequest: Accepts<A::Token>,
        CancelAilySessionRunRequest: Accepts<A::Token>,
    {
        let session_id = match &self.session_id {
            Some(id) => id.clone(),
            None => {
                let created = client
                    .send(&CreateAilySessionRequest::new(), auth)
                    .await
                    .map_err(AskError::CreateSession)?;
                created.session.id
            }
        };
        let message = CreateAilySessionAilyMessageRequest::new(
            session_id.as_str(),
            idempotent_id(),
            self.content_type.clone(),
            self.content.as_str(),
        );
        let sent = client
            .send(&message, auth)
            .await
            .map_err(AskError::SendMessage)?;
        let mut create_run =
            CreateAilySessionRunRequest::new(session_id.as_str(), self.app_id.as_str());
        if let Some(skill_id) = &self.skill_id {
            create_run = create_run.skill_id(skill_id.as_str());
        }
        let mut run = client
            .send(&create_run, auth)
            .await
            .map_err(AskError::CreateRun)?
            .run;

        let started = Instant::now();
        let mut wait = self.first_poll;
        loop {
            match run.status {
                RunStatus::Completed | RunStatus::RequiresMessage => break,
                RunStatus::Failed | RunStatus::Cancelled | RunStatus::Expired => {
                    return Err(AskError::RunEnded(Box::new(run)));
                }
                _ => {}
            }
            let waited = started.elapsed();
            if waited >= self.timeout {
                if self.cancel_on_timeout {
                    let cancel =
                        CancelAilySessionRunRequest::new(session_id.as_str(), run.id.as_str());
                    client
                        .send(&cancel, auth)
                        .await
                        .map_err(AskError::CancelRun)?;
                }
                return Err(AskError::TimedOut {
                    run: Box::new(run),
                    waited,
                });
            }
            tokio::time::sleep(wait.min(self.timeout - waited)).await;
            wait = (wait + wait / 2).min(self.max_poll);
            let get = GetAilySessionRunRequest::new(session_id.as_str(), run.id.as_str());
            run = client
                .send(&get, auth)
                .await
                .map_err(AskError::PollRun)?
                .run;
        }

        let list =
            ListAilySessionAilyMessageRequest::new(session_id.as_str()).run_id(run.id.as_str());
        let messages: Vec<AilyMessage> = client
            .items(list, auth)
            .try_filter(|message| {
                let mine = message.id.is_some() && message.id == sent.message.id;
                let from_assistant = message
                    .sender
                    .as_ref()
                    .is_some_and(|sender| sender.sender_type == Some(SenderType::Assistant));
                std::future::ready(from_assistant && !mine)
            })
            .try_collect()
            .await
            .map_err(AskError::ListMessages)?;
        Ok(Reply {
            session_id,
            run,
            messages,
        })
    }
}

/// An id for one message, unique per process and, with the clock, across
/// runs: the platform deduplicates messages by it.
fn idempotent_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_nanos());
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("feishu-rs-{}-{nanos:x}-{count}", std::process::id())
}

/// What an Aily app answered.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Reply {
    /// The session the conversation is in; ask again in it with
    /// [`Ask::session`].
    pub session_id: String,
    /// The run, as it stopped: `COMPLETED`, or `REQUIRES_MESSAGE` when the
    /// app waits for more from the user.
    pub run: Run,
    /// The assistant's messages of the run, oldest first.
    pub messages: Vec<AilyMessage>,
}

impl Reply {
    /// The messages' text, one per line: their plain text, or their content
    /// when they have none.
    pub fn text(&self) -> String {
        self.messages
            .iter()
            .filter_map(|message| message.plain_text.as_deref().or(message.content.as_deref()))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Why asking an Aily app failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AskError {
    /// Creating the session failed.
    #[error("creating the session failed: {0}")]
    CreateSession(#[source] Error<CreateAilySessionError>),
    /// Sending the message failed.
    #[error("sending the message failed: {0}")]
    SendMessage(#[source] Error<CreateAilySessionAilyMessageError>),
    /// Starting the run failed.
    #[error("starting the run failed: {0}")]
    CreateRun(#[source] Error<CreateAilySessionRunError>),
    /// Polling the run failed.
    #[error("polling the run failed: {0}")]
    PollRun(#[source] Error<GetAilySessionRunError>),
    /// Listing the run's messages failed.
    #[error("listing the run's messages failed: {0}")]
    ListMessages(#[source] Error<ListAilySessionAilyMessageError>),
    /// Cancelling the run after the timeout failed.
    #[error("cancelling the run after the timeout failed: {0}")]
    CancelRun(#[source] Error<CancelAilySessionRunError>),
    /// The run ended without an answer: `FAILED`, `CANCELLED` or `EXPIRED`;
    /// its `error` says why.
    #[error("run {} ended {}{}", .0.id, .0.status, RunErrorSuffix(.0))]
    RunEnded(Box<Run>),
    /// The run was still going at the timeout (and was cancelled, unless
    /// [`Ask::cancel_on_timeout`] said not to).
    #[error("run {} was still {} after {waited:?}", run.id, run.status)]
    TimedOut {
        /// The run as last seen.
        run: Box<Run>,
        /// How long it was waited for.
        waited: Duration,
    },
}

/// `: <code> <message>` for a run that carries an error.
struct RunErrorSuffix<'a>(&'a Run);

impl fmt::Display for RunErrorSuffix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.error {
            Some(error) => write!(f, ": {} {}", error.code, error.message),
            None => Ok(()),
        }
    }
}
