//! Credentials a call is sent with: a token as it is, or app credentials that
//! fetch, cache and refresh the tenant token.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::Mutex;

use super::Client;
use crate::api::auth::v3::InternalTenantAccessTokenRequest;
use crate::error::TokenError;
use crate::request::{BaseUrl, RequestOptions};
use crate::secret::Secret;
use crate::token::{AccessToken, NoToken, TenantAccessToken};

/// Where a call's access token comes from.
///
/// Every [`AccessToken`] is one: it is sent as it is and never refreshed.
/// [`AppCredentials`] fetch the tenant token and keep it fresh.
pub trait Auth: Send + Sync {
    /// The kind of token this gives; the endpoint must accept it.
    type Token: AccessToken;

    /// The token to send a request with.
    fn token(
        &self,
        client: &Client,
    ) -> impl Future<Output = Result<Self::Token, Arc<TokenError>>> + Send;

    /// A token to retry with, after the server rejected `rejected` as
    /// invalid; `None` when there is no other to try, and the rejection is
    /// the call's result.
    fn refresh(
        &self,
        client: &Client,
        rejected: &Self::Token,
    ) -> impl Future<Output = Result<Option<Self::Token>, Arc<TokenError>>> + Send;
}

impl<T: AccessToken> Auth for T {
    type Token = T;

    async fn token(&self, _client: &Client) -> Result<T, Arc<TokenError>> {
        Ok(self.clone())
    }

    async fn refresh(&self, _client: &Client, _rejected: &T) -> Result<Option<T>, Arc<TokenError>> {
        Ok(None)
    }
}

/// A self-built app's credentials (app_id + app_secret), which give a
/// `tenant_access_token`.
///
/// The token is fetched from `POST /open-apis/auth/v3/tenant_access_token/internal`
/// when first needed, cached, and fetched again [`AppCredentials::REFRESH_MARGIN`]
/// before it expires. However many calls need a token at once, one fetch is
/// made and the others wait for it. When the server rejects the cached token
/// as invalid, it is dropped and fetched again, once, and the call retried
/// with the new one; if the server hands back the same token, the call fails
/// with the rejection instead of retrying with a token known to be bad.
///
/// Clones share the cache. A cache holds the token of one base URL: used
/// with a client of another (Lark after Feishu), it fetches anew. `Debug`
/// masks the secret.
#[derive(Clone)]
pub struct AppCredentials {
    inner: Arc<Inner>,
}

struct Inner {
    app_id: String,
    app_secret: Secret,
    cache: Mutex<Cache>,
    /// Fetches finished, read without the lock so a caller can tell whether
    /// one finished while it waited.
    fetches: AtomicU64,
}

#[derive(Default)]
struct Cache {
    /// Where the token came from: a Feishu token is no Lark token.
    base_url: Option<BaseUrl>,
    token: Option<Cached>,
    /// The last fetch's failure, and its number.
    failure: Option<(u64, Arc<TokenError>)>,
}

struct Cached {
    token: TenantAccessToken,
    /// When to replace it: its expiry less the margin.
    refresh_at: Instant,
    /// When the server stops accepting it.
    expires_at: Instant,
}

impl AppCredentials {
    /// How long before its expiry a cached token is replaced.
    pub const REFRESH_MARGIN: Duration = Duration::from_secs(3 * 60);

    /// The longest lifetime believed, whatever `expire` the server sends
    /// (the platform's tokens live two hours at most).
    const MAX_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

    /// The credentials of the app `app_id`.
    pub fn new(app_id: impl Into<String>, app_secret: impl Into<Secret>) -> Self {
        Self {
            inner: Arc::new(Inner {
                app_id: app_id.into(),
                app_secret: app_secret.into(),
                cache: Mutex::new(Cache::default()),
                fetches: AtomicU64::new(0),
            }),
        }
    }

    /// The app's id.
    pub fn app_id(&self) -> &str {
        &self.inner.app_id
    }

    /// The cached token while it is fresh, else a new one. `seen` is the
    /// number of fetches finished before the caller queued for the lock: if
    /// one failed since, its error is the answer, rather than one more fetch
    /// per waiting caller.
    async fn cached_or_fetch(
        &self,
        client: &Client,
        cache: &mut Cache,
        seen: u64,
    ) -> Result<TenantAccessToken, Arc<TokenError>> {
        if cache.base_url.as_ref() != Some(client.base_url()) {
            // Another platform (or server): what is cached is not for it.
            *cache = Cache {
                base_url: Some(client.base_url().clone()),
                ..Cache::default()
            };
        }
        if let Some(cached) = &cache.token
            && Instant::now() < cached.refresh_at
        {
            return Ok(cached.token.clone());
        }
        if let Some((number, error)) = &cache.failure
            && *number > seen
        {
            // A fetch failed while this caller waited: answer with its
            // outcome (the token it kept, if one still works) rather than
            // fetching once more per waiting caller.
            return match &cache.token {
                Some(cached) if Instant::now() < cached.expires_at => Ok(cached.token.clone()),
                _ => Err(error.clone()),
            };
        }
        self.fetch(client, cache).await
    }

    /// Fetches a token into `cache`; the caller holds the lock, so there is
    /// one fetch at a time.
    async fn fetch(
        &self,
        client: &Client,
        cache: &mut Cache,
    ) -> Result<TenantAccessToken, Arc<TokenError>> {
        let request = InternalTenantAccessTokenRequest::new(
            self.inner.app_id.clone(),
            self.inner.app_secret.clone(),
        );
        let sent_at = Instant::now();
        let result = client
            .execute(&request, &NoToken, &RequestOptions::new())
            .await;
        let number = self.inner.fetches.fetch_add(1, Ordering::AcqRel) + 1;
        match result {
            Ok(response) => {
                let lifetime = Duration::from_secs(response.expire.max(0).unsigned_abs())
                    .min(Self::MAX_LIFETIME);
                let token = TenantAccessToken::new(response.tenant_access_token);
                cache.token = Some(Cached {
                    token: token.clone(),
                    refresh_at: sent_at + lifetime.saturating_sub(Self::REFRESH_MARGIN),
                    expires_at: sent_at + lifetime,
                });
                cache.failure = None;
                Ok(token)
            }
            Err(source) => {
                let error = super::token_error(&self.inner.app_id, source);
                cache.failure = Some((number, error.clone()));
                // A token inside its refresh margin still works: keep using
                // it until it expires, and try again on the next call.
                match &cache.token {
                    Some(cached) if Instant::now() < cached.expires_at => Ok(cached.token.clone()),
                    _ => {
                        cache.token = None;
                        Err(error)
                    }
                }
            }
        }
    }
}

impl Auth for AppCredentials {
    type Token = TenantAccessToken;

    async fn token(&self, client: &Client) -> Result<TenantAccessToken, Arc<TokenError>> {
        let seen = self.inner.fetches.load(Ordering::Acquire);
        let mut cache = self.inner.cache.lock().await;
        self.cached_or_fetch(client, &mut cache, seen).await
    }

    async fn refresh(
        &self,
        client: &Client,
        rejected: &TenantAccessToken,
    ) -> Result<Option<TenantAccessToken>, Arc<TokenError>> {
        let seen = self.inner.fetches.load(Ordering::Acquire);
        let mut cache = self.inner.cache.lock().await;
        if cache
            .token
            .as_ref()
            .is_some_and(|cached| cached.token == *rejected)
        {
            cache.token = None;
        }
        // Another caller may have replaced the rejected token already.
        let token = self.cached_or_fetch(client, &mut cache, seen).await?;
        if token == *rejected {
            // The server handed back the token it rejected: retrying with it
            // cannot succeed, and it must not stay cached.
            cache.token = None;
            return Ok(None);
        }
        Ok(Some(token))
    }
}

impl fmt::Debug for AppCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppCredentials")
            .field("app_id", &self.inner.app_id)
            .field("app_secret", &self.inner.app_secret)
            .finish_non_exhaustive()
    }
}
