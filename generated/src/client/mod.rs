//! The ready async client: sends generated requests over HTTPS with reqwest
//! and rustls, and decodes their responses with the sans-IO core.

#[cfg(feature = "aily")]
pub mod aily;
mod auth;

use std::collections::BTreeSet;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::{Stream, StreamExt};
use http::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use tracing::Instrument;

use crate::error::{Error, TokenError, TransportError};
use crate::page::{Page, Paginated};
use crate::request::{BaseUrl, RequestOptions, build_request};
use crate::response::{LOG_ID_HEADER, decode_response};
use crate::token::{Accepts, AccessToken};

pub use auth::{AppCredentials, Auth};

/// The codes with which the platform rejects an access token that is no
/// longer valid (99991663, 99991664) or not a token at all (99991671). A
/// refreshable token is refreshed once on them and the request retried once.
pub const TOKEN_INVALID_CODES: [i64; 3] = [99991663, 99991664, 99991671];

/// The default for [`ClientBuilder::timeout`].
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// An async client for the Open Platform.
///
/// Cheap to clone: clones share one connection pool. Every call names its
/// credentials ([`Auth`]): a token of a kind the endpoint accepts, or
/// [`AppCredentials`] that fetch and cache the tenant token.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use feishu::api::aily::v1::CancelAilySessionRunRequest;
/// use feishu::client::{AppCredentials, Client};
///
/// let client = Client::new();
/// let app = AppCredentials::new("cli_a1b2c3", "app secret");
/// let request = CancelAilySessionRunRequest::new("session_4dfunz7sp1g8m", "run_4dfrxvctjqzzj");
/// let cancelled = client.send(&request, &app).await?;
/// println!("{:?}", cancelled.run.status);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    base_url: BaseUrl,
    timeout: Duration,
    headers: HeaderMap,
}

/// Configures a [`Client`].
#[derive(Debug, Clone)]
#[must_use]
pub struct ClientBuilder {
    http: Option<reqwest::Client>,
    base_url: BaseUrl,
    timeout: Duration,
    headers: HeaderMap,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        let mut headers = HeaderMap::new();
        headers.insert(
            USER_AGENT,
            HeaderValue::from_static(concat!("feishu-rs/", env!("CARGO_PKG_VERSION"))),
        );
        Self {
            http: None,
            base_url: BaseUrl::FEISHU,
            timeout: DEFAULT_TIMEOUT,
            headers,
        }
    }
}

impl ClientBuilder {
    /// Where to send requests: [`BaseUrl::FEISHU`] (the default),
    /// [`BaseUrl::LARK`], or any other.
    pub fn base_url(mut self, base_url: BaseUrl) -> Self {
        self.base_url = base_url;
        self
    }

    /// How long each HTTP exchange may take, from sending the request to the
    /// end of the response body; [`DEFAULT_TIMEOUT`] unless set. One `send`
    /// can make up to four exchanges (a token fetch, the call, a refresh and
    /// the retry).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The `User-Agent` header; `feishu-rs/<version>` unless set.
    pub fn user_agent(mut self, user_agent: HeaderValue) -> Self {
        self.headers.insert(USER_AGENT, user_agent);
        self
    }

    /// A header to send with every request, unless the request sets it.
    /// `Authorization` and `Content-Type` are the SDK's own and are never
    /// taken from here.
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.append(name, value);
        self
    }

    /// The reqwest client to send with, for a proxy, custom roots or other
    /// connection settings. Without one, [`ClientBuilder::build`] makes one
    /// with rustls and the platform's certificate verifier.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// The client.
    ///
    /// # Errors
    ///
    /// When no TLS configuration can be built (the platform's certificate
    /// store cannot be read).
    pub fn build(self) -> Result<Client, reqwest::Error> {
        let http = match self.http {
            Some(http) => http,
            None => {
                // reqwest is built without a default crypto provider (ring
                // builds much faster than aws-lc-rs); install ring's unless
                // the application installed one.
                if rustls::crypto::CryptoProvider::get_default().is_none() {
                    // Losing a race to another thread installing one is fine.
                    let _ = rustls::crypto::ring::default_provider().install_default();
                }
                reqwest::Client::builder().build()?
            }
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url: self.base_url,
                timeout: self.timeout,
                headers: self.headers,
            }),
        })
    }
}

impl Default for Client {
    fn default() -> Self {
        Self::new()
    }
}

impl Client {
    /// A client for Feishu with the defaults.
    ///
    /// # Panics
    ///
    /// When no TLS configuration can be built; [`ClientBuilder::build`]
    /// returns that as an error instead.
    pub fn new() -> Self {
        Self::builder()
            .build()
            .expect("the default TLS configuration builds")
    }

    /// A builder, with the defaults.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// Where this client sends requests.
    pub fn base_url(&self) -> &BaseUrl {
        &self.inner.base_url
    }

    /// Sends `request` with the credentials `auth` and decodes the response.
    ///
    /// `auth` must be of a kind the endpoint accepts; any other does not
    /// compile. When the server rejects the token as invalid
    /// ([`TOKEN_INVALID_CODES`]) and `auth` can refresh it, it is refreshed
    /// once and the request sent once more with the new token.
    ///
    /// ```compile_fail
    /// # async fn run(client: feishu::client::Client) {
    /// use feishu::AppAccessToken;
    /// use feishu::api::aily::v1::CancelAilySessionRunRequest;
    ///
    /// // Cancel-run takes tenant and user tokens only: this does not compile.
    /// let request = CancelAilySessionRunRequest::new("session_1", "run_1");
    /// let _ = client.send(&request, &AppAccessToken::new("a-token")).await;
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error`]: the endpoint's error code, a transport failure, a timeout,
    /// an undecodable body, an invalid request, or no token.
    pub fn send<'a, E, A>(
        &'a self,
        request: &'a E,
        auth: &'a A,
    ) -> impl Future<Output = Result<E::Output, Error<E::Error>>> + Send + 'a
    where
        E: Accepts<A::Token> + Sync,
        A: Auth,
    {
        self.send_with(request, auth, RequestOptions::new())
    }

    /// [`Client::send`], with a request id or extra headers.
    ///
    /// # Errors
    ///
    /// As [`Client::send`].
    pub async fn send_with<E, A>(
        &self,
        request: &E,
        auth: &A,
        options: RequestOptions,
    ) -> Result<E::Output, Error<E::Error>>
    where
        E: Accepts<A::Token> + Sync,
        A: Auth,
    {
        let token = auth.token(self).await.map_err(Error::Token)?;
        let rejected = match self.execute(request, &token, &options).await {
            Err(Error::Api(api)) if TOKEN_INVALID_CODES.contains(&api.code) => api,
            other => return other,
        };
        match auth.refresh(self, &token).await.map_err(Error::Token)? {
            Some(fresh) => {
                tracing::info!(
                    code = rejected.code,
                    path = E::PATH_TEMPLATE,
                    "access token rejected; retrying once with a refreshed one"
                );
                self.execute(request, &fresh, &options).await
            }
            None => Err(Error::Api(rejected)),
        }
    }

    /// Every page of a list, in order: `request` as given, then again with each
    /// next page token, until a page says it is the last (`has_more` is
    /// false, or no token comes back). An error is yielded and ends the
    /// stream; so does a token that repeats the previous one, which would
    /// only fetch the same page again.
    pub fn pages<'a, E, A>(
        &'a self,
        request: E,
        auth: &'a A,
    ) -> impl Stream<Item = Result<Page<E::Item>, Error<E::Error>>> + Send + 'a
    where
        E: Paginated + Accepts<A::Token> + Send + Sync + 'a,
        E::Item: Send,
        A: Auth,
    {
        /// The next request, and every token the walk has sent.
        enum State<E> {
            Next(E, BTreeSet<String>),
            Done,
        }
        futures_util::stream::unfold(
            State::Next(request, BTreeSet::new()),
            move |state| async move {
                let State::Next(request, mut sent) = state else {
                    return None;
                };
                match self.send(&request, auth).await {
                    Ok(output) => {
                        let page = E::into_page(output);
                        // A token sent before would walk a cycle forever.
                        let next = match page.next_token() {
                            Some(token) if sent.insert(token.to_owned()) => {
                                let mut next = request.clone();
                                next.set_page_token(token.to_owned());
                                State::Next(next, sent)
                            }
                            _ => State::Done,
                        };
                        Some((Ok(page), next))
                    }
                    Err(error) => Some((Err(error), State::Done)),
                }
            },
        )
    }

    /// Every item of a list, page after page, as [`Client::pages`] walks
    /// them; an error is yielded and ends the stream.
    pub fn items<'a, E, A>(
        &'a self,
        request: E,
        auth: &'a A,
    ) -> impl Stream<Item = Result<E::Item, Error<E::Error>>> + Send + 'a
    where
        E: Paginated + Accepts<A::Token> + Send + Sync + 'a,
        E::Item: Send + 'a,
        A: Auth,
    {
        self.pages(request, auth).flat_map(|page| {
            let items: Vec<_> = match page {
                Ok(page) => page.items.into_iter().map(Ok).collect(),
                Err(error) => vec![Err(error)],
            };
            futures_util::stream::iter(items)
        })
    }

    /// One exchange: render, send, read, decode, in a `feishu.request` span.
    async fn execute<E, T>(
        &self,
        request: &E,
        token: &T,
        options: &RequestOptions,
    ) -> Result<E::Output, Error<E::Error>>
    where
        E: Accepts<T>,
        T: AccessToken,
    {
        let span = tracing::debug_span!(
            "feishu.request",
            method = %E::METHOD,
            path = E::PATH_TEMPLATE,
            status = tracing::field::Empty,
            code = tracing::field::Empty,
            log_id = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let result = self
            .exchange::<E, T>(request, token, options)
            .instrument(span.clone())
            .await;
        span.record("latency_ms", started.elapsed().as_millis() as u64);
        if let Err(error) = &result {
            if let Some(code) = error.code() {
                span.record("code", code);
            }
            if let Some(log_id) = error.log_id() {
                span.record("log_id", log_id);
            }
        }
        span.in_scope(|| match &result {
            Ok(_) => tracing::debug!("call succeeded"),
            Err(error) => tracing::debug!(%error, "call failed"),
        });
        result
    }

    async fn exchange<E, T>(
        &self,
        request: &E,
        token: &T,
        options: &RequestOptions,
    ) -> Result<E::Output, Error<E::Error>>
    where
        E: Accepts<T>,
        T: AccessToken,
    {
        let mut http_request = build_request(request, &self.inner.base_url, token, options)?;
        for name in self.inner.headers.keys() {
            if name == AUTHORIZATION
                || name == CONTENT_TYPE
                || http_request.headers().contains_key(name)
            {
                continue;
            }
            for value in self.inner.headers.get_all(name) {
                http_request.headers_mut().append(name, value.clone());
            }
        }
        let mut outgoing = reqwest::Request::try_from(http_request).map_err(|err| {
            crate::InvalidRequest::Http {
                reason: err.to_string(),
            }
        })?;
        *outgoing.timeout_mut() = Some(self.inner.timeout);
        let transport = |err: reqwest::Error| {
            if err.is_timeout() {
                Error::Timeout(self.inner.timeout)
            } else {
                Error::Transport(Box::new(TransportError::new(err)))
            }
        };
        let response = self.inner.http.execute(outgoing).await.map_err(transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        let span = tracing::Span::current();
        span.record("status", status.as_u16());
        if let Some(log_id) = headers.get(LOG_ID_HEADER).and_then(|v| v.to_str().ok()) {
            span.record("log_id", log_id);
        }
        let body = response.bytes().await.map_err(transport)?;
        decode_response::<E>(status, &headers, &body)
    }
}

/// Wraps a failed token fetch for the callers waiting on it.
fn token_error(
    app_id: &str,
    source: Error<crate::api::auth::v3::InternalTenantAccessTokenError>,
) -> Arc<TokenError> {
    Arc::new(TokenError {
        kind: crate::TokenKind::Tenant,
        app_id: app_id.to_owned(),
        source,
    })
}
