//! A fake Aily service for the tests: keeps sessions, messages and runs in
//! memory and answers with the documented shapes.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const PREFIX: &str = "/open-apis/aily/v1/sessions";
const NOW: &str = "1711975665710";

/// How runs behave.
#[derive(Clone)]
pub struct Script {
    /// Polls (`GET` of the run) before a run stops; it is `IN_PROGRESS` after
    /// the first.
    pub polls_to_finish: usize,
    /// The status a run stops with: `COMPLETED`, `FAILED`, ... ; `None`:
    /// it never stops.
    pub final_status: Option<&'static str>,
    /// The assistant messages a completed run adds.
    pub answers: Vec<&'static str>,
    /// How long each poll of a run takes to answer.
    pub poll_delay: std::time::Duration,
    /// A run still going when it is cancelled completes instead (it finished
    /// just before the cancel arrived).
    pub complete_on_cancel: bool,
    /// A run first stops at `REQUIRES_MESSAGE`; a message sent to the
    /// session then resumes it, and it finishes as scripted.
    pub requires_message_first: bool,
}

impl Default for Script {
    fn default() -> Self {
        Self {
            polls_to_finish: 2,
            final_status: Some("COMPLETED"),
            answers: vec!["first part of the answer", "second part of the answer"],
            poll_delay: std::time::Duration::ZERO,
            complete_on_cancel: false,
            requires_message_first: false,
        }
    }
}

#[derive(Default)]
pub struct State {
    pub sessions: BTreeMap<String, Value>,
    pub messages: Vec<Value>,
    pub runs: BTreeMap<String, Value>,
    /// How many times each run was polled.
    pub polls: BTreeMap<String, usize>,
    /// Runs that stopped at `REQUIRES_MESSAGE` once already.
    asked: std::collections::BTreeSet<String>,
    next_id: usize,
}

impl State {
    /// The run's assistant messages: what a completed run says.
    fn complete(&mut self, run_id: &str, answers: &[&str]) {
        let run = self.runs.get_mut(run_id).unwrap();
        run["status"] = json!("COMPLETED");
        run["ended_at"] = json!(NOW);
        let session = run["session_id"].clone();
        for answer in answers {
            self.next_id += 1;
            self.messages.push(json!({
                "id": format!("message_{:06}", self.next_id), "session_id": session,
                "run_id": run_id, "content_type": "MDX", "content": answer,
                "plain_text": answer, "created_at": NOW,
                "sender": {"entity_id": "aily", "identity_provider": "AILY",
                           "sender_type": "ASSISTANT"},
                "status": "COMPLETED",
            }));
        }
    }
}

impl State {
    fn id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}_{:06}", self.next_id)
    }
}

pub struct FakeAily {
    pub state: Arc<Mutex<State>>,
    script: Script,
}

impl FakeAily {
    /// Starts a server answering every Aily path from one shared state.
    pub async fn start(script: Script) -> (MockServer, Arc<Mutex<State>>) {
        let server = MockServer::start().await;
        let state = Arc::new(Mutex::new(State::default()));
        Mock::given(any())
            .respond_with(FakeAily {
                state: state.clone(),
                script,
            })
            .mount(&server)
            .await;
        (server, state)
    }
}

fn ok(data: Value) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("x-tt-logid", "fake-log")
        .set_body_json(json!({"code": 0, "msg": "success", "data": data}))
}

fn invalid(msg: &str) -> ResponseTemplate {
    ResponseTemplate::new(400)
        .insert_header("x-tt-logid", "fake-log")
        .set_body_json(json!({"code": 2700001, "msg": msg}))
}

fn active(run: &Value) -> bool {
    matches!(
        run["status"].as_str(),
        Some("QUEUED" | "IN_PROGRESS" | "REQUIRES_MESSAGE")
    )
}

impl Respond for FakeAily {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let Some(rest) = request.url.path().strip_prefix(PREFIX) else {
            return ResponseTemplate::new(404).set_body_string("not found");
        };
        if request.headers.get("authorization").is_none() {
            return ResponseTemplate::new(200).set_body_json(
                json!({"code": 99991661, "msg": "Missing access token for authorization"}),
            );
        }
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let query: BTreeMap<String, String> = request.url.query_pairs().into_owned().collect();
        let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
        let mut state = self.state.lock().unwrap();
        let state = &mut *state;
        let method = request.method.as_str();
        if let Some(session) = segments.first()
            && !state.sessions.contains_key(*session)
        {
            return invalid("session not found");
        }
        match (method, segments.as_slice()) {
            ("POST", []) => {
                let id = state.id("session");
                let session = json!({
                    "id": id, "created_at": NOW, "modified_at": NOW, "created_by": "1794840334557292",
                    "channel_context": body.get("channel_context").cloned().unwrap_or(json!("{}")),
                    "metadata": body.get("metadata").cloned().unwrap_or(json!("{}")),
                });
                state.sessions.insert(id, session.clone());
                ok(json!({"session": session}))
            }
            ("GET", [session]) => ok(json!({"session": state.sessions[*session]})),
            ("DELETE", [session]) => {
                state.sessions.remove(*session);
                ok(json!({}))
            }
            ("POST", [session, "messages"]) => {
                let id = state.id("message");
                let message = json!({
                    "id": id, "session_id": session, "content_type": body["content_type"],
                    "content": body["content"], "plain_text": body["content"], "created_at": NOW,
                    "sender": {"entity_id": "ou_user", "identity_provider": "FEISHU", "sender_type": "USER"},
                    "status": "COMPLETED",
                });
                state.messages.push(message.clone());
                for (id, run) in state.runs.iter_mut() {
                    if run["session_id"] == *session && run["status"] == "REQUIRES_MESSAGE" {
                        run["status"] = json!("IN_PROGRESS");
                        state.polls.insert(id.clone(), 0);
                    }
                }
                ok(json!({"message": message}))
            }
            ("GET", [session, "messages"]) => {
                let of_run = query.get("run_id");
                let all: Vec<&Value> = state
                    .messages
                    .iter()
                    .filter(|m| m["session_id"] == *session)
                    .filter(|m| of_run.is_none_or(|run| m["run_id"] == run.as_str()))
                    .collect();
                let size: usize = query.get("page_size").map_or(20, |n| n.parse().unwrap());
                let start: usize = query.get("page_token").map_or(0, |t| t.parse().unwrap());
                let end = (start + size).min(all.len());
                let mut data = json!({"messages": all[start..end], "has_more": end < all.len()});
                if end < all.len() {
                    data["page_token"] = json!(end.to_string());
                }
                ok(data)
            }
            ("POST", [session, "runs"]) => {
                if state
                    .runs
                    .values()
                    .any(|run| run["session_id"] == *session && active(run))
                {
                    return invalid("the session has an active run");
                }
                let id = state.id("run");
                let run = json!({"id": id, "created_at": NOW, "app_id": body["app_id"],
                                 "session_id": session, "status": "QUEUED"});
                state.runs.insert(id, run.clone());
                ok(json!({"run": run}))
            }
            ("GET", [_, "runs", run_id]) => {
                let polls = state.polls.entry((*run_id).to_owned()).or_default();
                *polls += 1;
                let polls = *polls;
                let run = state.runs.get_mut(*run_id).unwrap();
                let running = matches!(run["status"].as_str(), Some("QUEUED" | "IN_PROGRESS"));
                if running {
                    if polls < self.script.polls_to_finish {
                        run["status"] = json!("IN_PROGRESS");
                        run["started_at"] = json!(NOW);
                    } else if self.script.requires_message_first
                        && state.asked.insert((*run_id).to_owned())
                    {
                        run["status"] = json!("REQUIRES_MESSAGE");
                    } else if let Some(status) = self.script.final_status {
                        if status == "COMPLETED" {
                            state.complete(run_id, &self.script.answers);
                        } else {
                            run["status"] = json!(status);
                            run["ended_at"] = json!(NOW);
                            if status == "FAILED" {
                                run["error"] =
                                    json!({"code": "sp_ec_sm_900101", "message": "skill failed"});
                            }
                        }
                    }
                }
                ok(json!({"run": state.runs[*run_id]})).set_delay(self.script.poll_delay)
            }
            ("GET", [session, "runs"]) => {
                let runs: Vec<&Value> = state
                    .runs
                    .values()
                    .filter(|run| run["session_id"] == *session)
                    .collect();
                ok(json!({"runs": runs, "has_more": false}))
            }
            ("POST", [_, "runs", run_id, "cancel"]) => {
                let Some(run) = state.runs.get_mut(*run_id) else {
                    return invalid("run not found");
                };
                if active(run) {
                    if self.script.complete_on_cancel {
                        state.complete(run_id, &self.script.answers);
                    } else {
                        run["status"] = json!("CANCELLED");
                        run["ended_at"] = json!(NOW);
                    }
                }
                ok(json!({"run": state.runs[*run_id]}))
            }
            _ => ResponseTemplate::new(404).set_body_string("not found"),
        }
    }
}
