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
    continue_run: Option<String>,
}

/// The shortest wait between polls, whatever `poll_interval` says: a poll
/// loop must never spin.
const MIN_POLL: Duration = Duration::from_millis(10);

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
            continue_run: None,
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
    /// to `max`; 500 ms and 5 s unless set, and never under 10 ms.
    pub fn poll_interval(mut self, first: Duration, max: Duration) -> Self {
        self.first_poll = first.max(MIN_POLL);
        self.max_poll = max.max(self.first_poll);
        self
    }

    /// Whether a run still going at the timeout is cancelled (the default:
    /// a session allows one active run, so a forgotten one blocks the next
    /// question).
    pub fn cancel_on_timeout(mut self, cancel: bool) -> Self {
        self.cancel_on_timeout = cancel;
        self
    }

    /// Sends the message to the session's run that waits for one (a
    /// [`Reply`] whose run is `REQUIRES_MESSAGE`) instead of starting a new
    /// run: a session allows one active run, and that run is still active.
    /// Needs [`Ask::session`].
    pub fn continue_run(mut self, run_id: impl Into<String>) -> Self {
        self.continue_run = Some(run_id.into());
        self
    }

    /// Asks, and waits for the answer.
    ///
    /// Stops waiting when the run completes or needs another message
    /// (`REQUIRES_MESSAGE`: answer it with [`Ask::continue_run`]); both give
    /// a [`Reply`]. The timeout covers the whole call, from creating the
    /// session to the last poll; a poll still in flight at the deadline is
    /// abandoned. Dropping the future leaves the run as it is (active, if it
    /// was), which blocks the session's next run until it ends.
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
        let started = Instant::now();
        let deadline = started + self.timeout;
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
        let get = |run_id: &str| GetAilySessionRunRequest::new(session_id.as_str(), run_id);
        let mut run = match &self.continue_run {
            Some(run_id) => {
                client
                    .send(&get(run_id), auth)
                    .await
                    .map_err(AskError::PollRun)?
                    .run
            }
            None => {
                let mut create_run =
                    CreateAilySessionRunRequest::new(session_id.as_str(), self.app_id.as_str());
                if let Some(skill_id) = &self.skill_id {
                    create_run = create_run.skill_id(skill_id.as_str());
                }
                client
                    .send(&create_run, auth)
                    .await
                    .map_err(AskError::CreateRun)?
                    .run
            }
        };
        // A continued run still says REQUIRES_MESSAGE until it takes the
        // message up: wait for it to move on.
        let mut resumed = self.continue_run.is_none();

        let mut wait = self.first_poll;
        loop {
            match run.status {
                RunStatus::RequiresMessage if !resumed => {}
                RunStatus::Completed | RunStatus::RequiresMessage => break,
                RunStatus::Failed | RunStatus::Cancelled | RunStatus::Expired => {
                    return Err(AskError::RunEnded(Box::new(run)));
                }
                _ => resumed = true,
            }
            let now = Instant::now();
            if now >= deadline {
                return self
                    .give_up(client, auth, &session_id, run, started, &sent)
                    .await;
            }
            tokio::time::sleep(wait.min(deadline - now)).await;
            wait = (wait * 3 / 2).max(wait + MIN_POLL).min(self.max_poll);
            let remaining = deadline.saturating_duration_since(Instant::now());
            match tokio::time::timeout(remaining, client.send(&get(&run.id), auth)).await {
                Ok(polled) => run = polled.map_err(AskError::PollRun)?.run,
                // The deadline passed during the poll: give up with the run
                // as last seen.
                Err(_) => {
                    return self
                        .give_up(client, auth, &session_id, run, started, &sent)
                        .await;
                }
            }
        }
        self.reply(client, auth, session_id, run, &sent).await
    }

    /// At the deadline: cancel the run (unless told not to) and report the
    /// timeout, unless the cancel shows the run finished after all.
    async fn give_up<A>(
        &self,
        client: &Client,
        auth: &A,
        session_id: &str,
        run: Run,
        started: Instant,
        sent: &crate::api::aily::v1::CreateAilySessionAilyMessageResponse,
    ) -> Result<Reply, AskError>
    where
        A: Auth,
        CancelAilySessionRunRequest: Accepts<A::Token>,
        ListAilySessionAilyMessageRequest: Accepts<A::Token>,
    {
        let waited = started.elapsed();
        if !self.cancel_on_timeout {
            return Err(AskError::TimedOut {
                run: Box::new(run),
                waited,
                cancel: None,
            });
        }
        let cancel = CancelAilySessionRunRequest::new(session_id, run.id.as_str());
        match client.send(&cancel, auth).await {
            // Cancelling a run that has ended leaves it as it is: it may have
            // finished between the last poll and the cancel.
            Ok(cancelled) => match cancelled.run.status {
                RunStatus::Completed => {
                    self.reply(client, auth, session_id.to_owned(), cancelled.run, sent)
                        .await
                }
                RunStatus::Failed | RunStatus::Expired => {
                    Err(AskError::RunEnded(Box::new(cancelled.run)))
                }
                _ => Err(AskError::TimedOut {
                    run: Box::new(cancelled.run),
                    waited,
                    cancel: None,
                }),
            },
            Err(error) => Err(AskError::TimedOut {
                run: Box::new(run),
                waited,
                cancel: Some(Box::new(error)),
            }),
        }
    }

    /// The assistant's messages of `run`, oldest first.
    async fn reply<A>(
        &self,
        client: &Client,
        auth: &A,
        session_id: String,
        run: Run,
        sent: &crate::api::aily::v1::CreateAilySessionAilyMessageResponse,
    ) -> Result<Reply, AskError>
    where
        A: Auth,
        ListAilySessionAilyMessageRequest: Accepts<A::Token>,
    {
        let list =
            ListAilySessionAilyMessageRequest::new(session_id.as_str()).run_id(run.id.as_str());
        let mut messages: Vec<AilyMessage> = client
            .items(list, auth)
            .try_filter(|message| {
                let mine = message.id.is_some() && message.id == sent.message.id;
                let of_this_run = message.run_id.as_deref().is_none_or(|id| id == run.id);
                let from_assistant = message
                    .sender
                    .as_ref()
                    .is_some_and(|sender| sender.sender_type == Some(SenderType::Assistant));
                std::future::ready(from_assistant && of_this_run && !mine)
            })
            .try_collect()
            .await
            .map_err(AskError::ListMessages)?;
        // The list's order is the server's; the reply's is the conversation's.
        messages.sort_by_key(|message| message.created_at);
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
    /// The run ended without an answer: `FAILED`, `CANCELLED` or `EXPIRED`;
    /// its `error` says why.
    #[error("run {} ended {}{}", .0.id, .0.status, RunErrorSuffix(.0))]
    RunEnded(Box<Run>),
    /// The run was still going at the timeout (and was cancelled, unless
    /// [`Ask::cancel_on_timeout`] said not to).
    #[error("run {} was still {} after {waited:?}", run.id, run.status)]
    TimedOut {
        /// The run as last seen (as the cancel left it, when it was cancelled).
        run: Box<Run>,
        /// How long the call took.
        waited: Duration,
        /// Why cancelling the run failed, if it did: the run may still be
        /// active.
        cancel: Option<Box<Error<CancelAilySessionRunError>>>,
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
