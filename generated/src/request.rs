//! The sans-IO half of sending: from a request, a base URL and a token to an
//! [`http::Request`] any HTTP client can send.

use std::borrow::Cow;
use std::fmt;

use http::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;

use crate::error::InvalidRequest;
use crate::token::{Accepts, AccessToken};

/// The header that carries a caller-chosen request id, for tracing a call
/// through the platform's logs.
pub const REQUEST_ID_HEADER: &str = "oapi-sdk-request-id";

/// The content type of every JSON request body.
pub const JSON_CONTENT_TYPE: &str = "application/json; charset=utf-8";

/// Where the Open Platform is: scheme, host and optional port, and an optional
/// path prefix for a proxy in front of it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BaseUrl(Cow<'static, str>);

impl BaseUrl {
    /// Feishu, in mainland China: `https://open.feishu.cn`.
    pub const FEISHU: Self = Self(Cow::Borrowed("https://open.feishu.cn"));
    /// Lark, outside mainland China: `https://open.larksuite.com`.
    pub const LARK: Self = Self(Cow::Borrowed("https://open.larksuite.com"));

    /// A custom base URL, e.g. `http://127.0.0.1:8080` for a test server.
    ///
    /// # Errors
    ///
    /// [`InvalidBaseUrl`] unless it is an absolute `http` or `https` URL with
    /// a host and no query or fragment.
    pub fn new(url: &str) -> Result<Self, InvalidBaseUrl> {
        let invalid = |reason: &'static str| InvalidBaseUrl {
            url: url.to_owned(),
            reason,
        };
        let uri: http::Uri = url.parse().map_err(|_| invalid("it is not a URL"))?;
        match uri.scheme_str() {
            Some("http" | "https") => {}
            _ => return Err(invalid("it must start with http:// or https://")),
        }
        if uri.host().is_none_or(str::is_empty) {
            return Err(invalid("it has no host"));
        }
        if uri
            .authority()
            .is_some_and(|authority| authority.as_str().contains('@'))
        {
            return Err(invalid("it may not carry a user name or password"));
        }
        if uri.query().is_some() || url.contains('#') {
            return Err(invalid("it may not have a query or a fragment"));
        }
        Ok(Self(Cow::Owned(url.trim_end_matches('/').to_owned())))
    }

    /// The URL, without a trailing `/`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for BaseUrl {
    type Err = InvalidBaseUrl;

    fn from_str(url: &str) -> Result<Self, Self::Err> {
        Self::new(url)
    }
}

/// A base URL that [`BaseUrl::new`] refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid base URL `{url}`: {reason}")]
pub struct InvalidBaseUrl {
    url: String,
    reason: &'static str,
}

/// What a caller may add to one request.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct RequestOptions {
    pub(crate) request_id: Option<String>,
    pub(crate) headers: HeaderMap,
}

impl RequestOptions {
    /// No extras.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sends `id` as the `Oapi-Sdk-Request-Id` header.
    pub fn request_id(mut self, id: impl Into<String>) -> Self {
        self.request_id = Some(id.into());
        self
    }

    /// Adds a header. `Authorization` and `Content-Type` are the SDK's own and
    /// are not overridden.
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.append(name, value);
        self
    }
}

/// Renders `request` into an [`http::Request`] for `base_url`, authorized by
/// `token`.
///
/// # Errors
///
/// [`InvalidRequest`] when the request cannot be valid: an empty path value,
/// a body that does not serialize, a token or request id that cannot be a
/// header value.
pub fn build_request<E, T>(
    request: &E,
    base_url: &BaseUrl,
    token: &T,
    options: &RequestOptions,
) -> Result<http::Request<Vec<u8>>, InvalidRequest>
where
    E: Accepts<T>,
    T: AccessToken,
{
    let url = format!("{}{}", base_url.as_str(), request.path_and_query()?);
    request.validate()?;
    let body = request.body()?;
    let mut builder = http::Request::builder().method(E::METHOD).uri(url);
    let headers = builder
        .headers_mut()
        .expect("the builder has no error before its headers are set");
    for (name, value) in &options.headers {
        headers.append(name, value.clone());
    }
    request.headers(headers)?;
    if let Some(id) = &options.request_id {
        let value = HeaderValue::from_str(id).map_err(|_| InvalidRequest::InvalidHeaderValue {
            name: REQUEST_ID_HEADER,
        })?;
        headers.insert(REQUEST_ID_HEADER, value);
    }
    if let Some(token) = token.bearer() {
        let mut value =
            HeaderValue::from_str(&format!("Bearer {}", token.expose())).map_err(|_| {
                InvalidRequest::InvalidHeaderValue {
                    name: "authorization",
                }
            })?;
        value.set_sensitive(true);
        headers.insert(AUTHORIZATION, value);
    } else {
        headers.remove(AUTHORIZATION);
    }
    // The content type is the body's: none without one, whatever the
    // options said.
    if body.is_some() {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(JSON_CONTENT_TYPE));
    } else {
        headers.remove(CONTENT_TYPE);
    }
    builder
        .body(body.unwrap_or_default())
        .map_err(|err| InvalidRequest::Http {
            reason: err.to_string(),
        })
}

/// Sets a request header of a generated request. Generated code calls it.
///
/// # Errors
///
/// [`InvalidRequest::InvalidHeaderValue`] for a value a header cannot carry.
#[doc(hidden)]
pub fn insert_header(
    headers: &mut HeaderMap,
    name: &'static str,
    value: &str,
) -> Result<(), InvalidRequest> {
    let value =
        HeaderValue::from_str(value).map_err(|_| InvalidRequest::InvalidHeaderValue { name })?;
    headers.insert(HeaderName::from_static(name), value);
    Ok(())
}

/// Serializes a generated request's body fields. Generated code calls it.
#[doc(hidden)]
pub fn json_body<T: Serialize>(body: &T) -> Result<Vec<u8>, InvalidRequest> {
    serde_json::to_vec(body).map_err(|err| InvalidRequest::Body {
        reason: err.to_string(),
    })
}
