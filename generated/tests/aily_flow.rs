//! The Aily flow end to end against a stateful fake service on loopback:
//! session → message → run → poll to a terminal status → the run's messages
//! → cancel a second run; and `Ask`, which does the same in one call.

mod support;

use std::time::Duration;

use feishu::api::aily::v1::{
    AilyMessage, AilyMessageContentType, CancelAilySessionRunRequest,
    CreateAilySessionAilyMessageRequest, CreateAilySessionRequest, CreateAilySessionRunRequest,
    DeleteAilySessionRequest, GetAilySessionRequest, GetAilySessionRunRequest,
    ListAilySessionAilyMessageRequest, RunStatus, SenderType,
};
use feishu::client::Client;
use feishu::client::aily::{Ask, AskError};
use feishu::{BaseUrl, UserAccessToken};
use futures_util::TryStreamExt;
use support::{FakeAily, Script};

fn client(server: &wiremock::MockServer) -> Client {
    Client::builder()
        .base_url(BaseUrl::new(&server.uri()).unwrap())
        .build()
        .unwrap()
}

fn user() -> UserAccessToken {
    UserAccessToken::new("u-user")
}

#[tokio::test]
async fn a_session_a_message_a_run_and_its_answer() {
    let (server, state) = FakeAily::start(Script::default()).await;
    let (client, token) = (client(&server), user());

    let session = client
        .send(
            &CreateAilySessionRequest::new().metadata(r#"{"ticket":42}"#),
            &token,
        )
        .await
        .unwrap()
        .session;
    let fetched = client
        .send(&GetAilySessionRequest::new(session.id.as_str()), &token)
        .await
        .unwrap();
    assert_eq!(fetched.session.id, session.id);
    let metadata: serde_json::Value = fetched.session.metadata.unwrap().parse().unwrap();
    assert_eq!(metadata["ticket"], 42);

    let message = CreateAilySessionAilyMessageRequest::new(
        session.id.as_str(),
        "idempotent-1",
        AilyMessageContentType::Mdx,
        "What is on my calendar?",
    );
    client.send(&message, &token).await.unwrap();

    let created = client
        .send(
            &CreateAilySessionRunRequest::new(session.id.as_str(), "spring_app__c"),
            &token,
        )
        .await
        .unwrap()
        .run;
    assert_eq!(created.status, RunStatus::Queued);

    let mut run = created;
    let mut statuses = vec![run.status.clone()];
    while !matches!(
        run.status,
        RunStatus::Completed | RunStatus::Failed | RunStatus::Cancelled | RunStatus::Expired
    ) {
        tokio::time::sleep(Duration::from_millis(10)).await;
        let get = GetAilySessionRunRequest::new(session.id.as_str(), run.id.as_str());
        run = client.send(&get, &token).await.unwrap().run;
        statuses.push(run.status.clone());
    }
    assert_eq!(
        statuses,
        [
            RunStatus::Queued,
            RunStatus::InProgress,
            RunStatus::Completed
        ]
    );
    assert!(run.ended_at.is_some());

    // One message a page, so the walk crosses pages.
    let list = ListAilySessionAilyMessageRequest::new(session.id.as_str())
        .run_id(run.id.as_str())
        .page_size(1);
    let answers: Vec<AilyMessage> = client.items(list, &token).try_collect().await.unwrap();
    let texts: Vec<_> = answers
        .iter()
        .map(|message| message.content.as_deref().unwrap())
        .collect();
    assert_eq!(
        texts,
        ["first part of the answer", "second part of the answer"]
    );
    assert!(answers.iter().all(|message| {
        message.sender.as_ref().unwrap().sender_type == Some(SenderType::Assistant)
    }));

    // A second run, cancelled; cancelling it again leaves it as it is.
    let second = client
        .send(
            &CreateAilySessionRunRequest::new(session.id.as_str(), "spring_app__c"),
            &token,
        )
        .await
        .unwrap()
        .run;
    let cancel = CancelAilySessionRunRequest::new(session.id.as_str(), second.id.as_str());
    let cancelled = client.send(&cancel, &token).await.unwrap().run;
    assert_eq!(cancelled.status, RunStatus::Cancelled);
    let again = client.send(&cancel, &token).await.unwrap().run;
    assert_eq!(again.status, RunStatus::Cancelled);

    client
        .send(&DeleteAilySessionRequest::new(session.id.as_str()), &token)
        .await
        .unwrap();
    assert!(state.lock().unwrap().sessions.is_empty());
}

fn quick(ask: Ask) -> Ask {
    ask.poll_interval(Duration::from_millis(5), Duration::from_millis(20))
}

#[tokio::test]
async fn ask_waits_for_the_answer() {
    let (server, state) = FakeAily::start(Script {
        polls_to_finish: 4,
        ..Script::default()
    })
    .await;
    let reply = quick(Ask::new("spring_app__c", "Hello?"))
        .send(&client(&server), &user())
        .await
        .unwrap();
    assert_eq!(reply.run.status, RunStatus::Completed);
    assert_eq!(
        reply.text(),
        "first part of the answer\nsecond part of the answer"
    );
    let state = state.lock().unwrap();
    assert!(state.sessions.contains_key(&reply.session_id));
    assert_eq!(state.messages[0]["content"], "Hello?");
}

#[tokio::test]
async fn ask_reports_a_failed_run_with_its_error() {
    let (server, _) = FakeAily::start(Script {
        final_status: Some("FAILED"),
        ..Script::default()
    })
    .await;
    let error = quick(Ask::new("spring_app__c", "Hello?"))
        .send(&client(&server), &user())
        .await
        .unwrap_err();
    let AskError::RunEnded(run) = &error else {
        panic!("expected the run to end, got {error:?}");
    };
    assert_eq!(run.status, RunStatus::Failed);
    assert!(
        error
            .to_string()
            .ends_with("ended FAILED: sp_ec_sm_900101 skill failed"),
        "{error}"
    );
}

#[tokio::test]
async fn ask_gives_up_at_its_timeout_and_cancels_the_run() {
    let (server, state) = FakeAily::start(Script {
        final_status: None,
        ..Script::default()
    })
    .await;
    let error = quick(Ask::new("spring_app__c", "Hello?"))
        .timeout(Duration::from_millis(100))
        .send(&client(&server), &user())
        .await
        .unwrap_err();
    let AskError::TimedOut {
        run,
        waited,
        cancel,
    } = &error
    else {
        panic!("expected a timeout, got {error:?}");
    };
    assert!(*waited >= Duration::from_millis(100));
    assert!(cancel.is_none(), "the cancel went through");
    assert_eq!(run.status, RunStatus::Cancelled);
    let state = state.lock().unwrap();
    assert_eq!(state.runs[&run.id]["status"], "CANCELLED");
}

#[tokio::test]
async fn ask_continues_a_session() {
    let (server, state) = FakeAily::start(Script::default()).await;
    let client = client(&server);
    let first = quick(Ask::new("spring_app__c", "One"))
        .send(&client, &user())
        .await
        .unwrap();
    let second = quick(Ask::new("spring_app__c", "Two").session(first.session_id.as_str()))
        .send(&client, &user())
        .await
        .unwrap();
    assert_eq!(second.session_id, first.session_id);
    assert_ne!(second.run.id, first.run.id);
    assert_eq!(state.lock().unwrap().sessions.len(), 1);
}

#[tokio::test]
async fn ask_does_not_wait_past_its_timeout_for_a_slow_poll() {
    let (server, _) = FakeAily::start(Script {
        final_status: None,
        poll_delay: Duration::from_secs(5),
        ..Script::default()
    })
    .await;
    let started = std::time::Instant::now();
    let error = quick(Ask::new("spring_app__c", "Hello?"))
        .timeout(Duration::from_millis(300))
        .send(&client(&server), &user())
        .await
        .unwrap_err();
    assert!(matches!(error, AskError::TimedOut { .. }), "{error:?}");
    let took = started.elapsed();
    assert!(took < Duration::from_secs(3), "took {took:?}");
}

#[tokio::test]
async fn ask_never_spins_between_polls() {
    let (server, state) = FakeAily::start(Script {
        final_status: None,
        ..Script::default()
    })
    .await;
    let _ = Ask::new("spring_app__c", "Hello?")
        .poll_interval(Duration::ZERO, Duration::ZERO)
        .timeout(Duration::from_millis(200))
        .send(&client(&server), &user())
        .await
        .unwrap_err();
    let polls: usize = state.lock().unwrap().polls.values().sum();
    assert!(polls <= 25, "{polls} polls in 200 ms");
}

#[tokio::test]
async fn a_run_that_finishes_as_it_is_cancelled_is_an_answer() {
    let (server, _) = FakeAily::start(Script {
        final_status: None,
        complete_on_cancel: true,
        ..Script::default()
    })
    .await;
    let reply = quick(Ask::new("spring_app__c", "Hello?"))
        .timeout(Duration::from_millis(100))
        .send(&client(&server), &user())
        .await
        .unwrap();
    assert_eq!(reply.run.status, RunStatus::Completed);
    assert_eq!(
        reply.text(),
        "first part of the answer\nsecond part of the answer"
    );
}

#[tokio::test]
async fn a_run_that_requires_a_message_continues_with_the_next_ask() {
    let (server, state) = FakeAily::start(Script {
        requires_message_first: true,
        ..Script::default()
    })
    .await;
    let client = client(&server);
    let first = quick(Ask::new("spring_app__c", "Book a room"))
        .send(&client, &user())
        .await
        .unwrap();
    assert_eq!(first.run.status, RunStatus::RequiresMessage);

    let second = quick(Ask::new("spring_app__c", "Tomorrow at ten"))
        .session(first.session_id.as_str())
        .continue_run(first.run.id.as_str())
        .send(&client, &user())
        .await
        .unwrap();
    assert_eq!(second.run.id, first.run.id);
    assert_eq!(second.run.status, RunStatus::Completed);
    assert_eq!(second.messages.len(), 2);
    assert_eq!(state.lock().unwrap().runs.len(), 1, "no second run");
}
