//! The errors a call can end in.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::StatusCode;
use serde::{Deserialize, Serialize};

#[cfg(feature = "reqwest")]
use crate::api::auth::v3::InternalTenantAccessTokenError;
#[cfg(feature = "reqwest")]
use crate::endpoint::TokenKind;

/// Why a call to an endpoint whose documented error codes are `E` failed.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with a non-zero `code`.
    #[error(transparent)]
    Api(Box<ApiError<E>>),
    /// The response body could not be decoded (a gateway's HTML page, a
    /// truncated body, a shape that does not match the model).
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// The request was not sent because it is invalid.
    #[error(transparent)]
    InvalidRequest(#[from] InvalidRequest),
    /// The request or its response was lost on the way: no connection, a
    /// reset, a body cut short by the connection.
    #[error(transparent)]
    Transport(Box<TransportError>),
    /// No complete response came within the client's timeout.
    #[error("no response within {0:?}")]
    Timeout(Duration),
    /// No access token could be obtained to send the request with.
    #[cfg(feature = "reqwest")]
    #[error(transparent)]
    Token(Arc<TokenError>),
}

impl<E> Error<E> {
    /// The API error, when the server answered with a non-zero `code`.
    pub fn as_api(&self) -> Option<&ApiError<E>> {
        match self {
            Self::Api(api) => Some(api),
            _ => None,
        }
    }

    /// The log id of the response (`X-Tt-Logid`), when there was one: what
    /// Feishu support asks for.
    pub fn log_id(&self) -> Option<&str> {
        match self {
            Self::Api(api) => api.log_id.as_deref(),
            Self::Decode(decode) => decode.log_id.as_deref(),
            #[cfg(feature = "reqwest")]
            Self::Token(token) => token.source.log_id(),
            Self::InvalidRequest(_) | Self::Transport(_) | Self::Timeout(_) => None,
        }
    }

    /// The body's `code`, when the server answered with a non-zero one.
    pub fn code(&self) -> Option<i64> {
        self.as_api().map(|api| api.code)
    }
}

/// A failure to reach the server or to read its response.
#[derive(Debug, Clone, thiserror::Error)]
#[error("transport error: {message}")]
pub struct TransportError {
    message: String,
    #[source]
    source: Option<Arc<dyn std::error::Error + Send + Sync>>,
}

impl TransportError {
    /// Wraps the HTTP client's error.
    pub fn new(source: impl std::error::Error + Send + Sync + 'static) -> Self {
        let mut message = source.to_string();
        let mut cause = source.source();
        while let Some(inner) = cause {
            message.push_str(": ");
            message.push_str(&inner.to_string());
            cause = inner.source();
        }
        Self {
            message,
            source: Some(Arc::new(source)),
        }
    }

    /// The error and its causes, in one line.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// Why no access token could be obtained: the token endpoint's own error.
#[cfg(feature = "reqwest")]
#[derive(Debug, thiserror::Error)]
#[error("could not get a {kind} for app {app_id}: {source}")]
#[non_exhaustive]
pub struct TokenError {
    /// The kind of token that was asked for.
    pub kind: TokenKind,
    /// The app that asked.
    pub app_id: String,
    /// What the token endpoint answered, or why it could not be reached.
    pub source: Error<InternalTenantAccessTokenError>,
}

/// A non-zero `code` from the server, classified by the endpoint's error enum.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiError<E> {
    /// The documented error this code stands for, or the endpoint enum's
    /// fallback variant for an undocumented one.
    pub kind: E,
    /// The HTTP status (token errors and some endpoint errors come with 200).
    pub status: StatusCode,
    /// The body's `code`.
    pub code: i64,
    /// The body's `msg`.
    pub msg: String,
    /// The log id, from the `X-Tt-Logid` header or the body's `error.log_id`.
    pub log_id: Option<String>,
    /// The body's `error` block, when present.
    pub detail: Option<ErrorDetail>,
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Feishu API error {}: {} (HTTP {}",
            self.code,
            self.msg,
            self.status.as_u16()
        )?;
        if let Some(log_id) = &self.log_id {
            write!(f, ", log id {log_id}")?;
        }
        f.write_str(")")
    }
}

impl<E: fmt::Debug> std::error::Error for ApiError<E> {}

/// The `error` block some error responses carry beside `code` and `msg`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ErrorDetail {
    /// The request's log id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_id: Option<String>,
    /// A troubleshooting hint, usually with a link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub troubleshooter: Option<String>,
    /// Free-form key / value details.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<ErrorDetailEntry>,
    /// Missing permissions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub permission_violations: Vec<PermissionViolation>,
    /// Fields the server rejected.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub field_violations: Vec<FieldViolation>,
    /// Links to help pages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub helps: Vec<Help>,
}

/// One `error.details` entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ErrorDetailEntry {
    /// The key.
    #[serde(default)]
    pub key: String,
    /// The value.
    #[serde(default)]
    pub value: String,
}

/// One `error.permission_violations` entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PermissionViolation {
    /// The kind of violation.
    #[serde(default, rename = "type")]
    pub kind: String,
    /// What lacks the permission (often the scope).
    #[serde(default)]
    pub subject: String,
    /// A description.
    #[serde(default)]
    pub description: String,
}

/// One `error.field_violations` entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FieldViolation {
    /// The field's name.
    #[serde(default)]
    pub field: String,
    /// The rejected value.
    #[serde(default)]
    pub value: String,
    /// Why it was rejected.
    #[serde(default)]
    pub description: String,
}

/// One `error.helps` entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Help {
    /// The help page.
    #[serde(default)]
    pub url: String,
    /// What it explains.
    #[serde(default)]
    pub description: String,
}

/// A response body that could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("undecodable response (HTTP {}, content type {}): {reason}; body starts with {body_prefix:?}", status.as_u16(), content_type.as_deref().unwrap_or("none"))]
#[non_exhaustive]
pub struct DecodeError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The `Content-Type` header, when present.
    pub content_type: Option<String>,
    /// The log id, from the `X-Tt-Logid` header.
    pub log_id: Option<String>,
    /// Up to [`DecodeError::BODY_PREFIX_LEN`] bytes of the body, lossily
    /// decoded as UTF-8; [`DecodeError::WITHHELD`] for an endpoint whose
    /// response carries credentials.
    pub body_prefix: String,
    /// What the JSON decoder said.
    pub reason: String,
}

impl DecodeError {
    /// How many bytes of an undecodable body are kept.
    pub const BODY_PREFIX_LEN: usize = 512;

    /// What [`DecodeError::body_prefix`] holds instead of the body when the
    /// response would carry credentials.
    pub const WITHHELD: &'static str = "(withheld: the response carries credentials)";
}

/// A request that was not sent because it could not be valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidRequest {
    /// A path parameter is empty; the request would reach another endpoint.
    #[error("path parameter `{name}` is empty")]
    EmptyPathParam {
        /// The parameter's name as in the path template.
        name: &'static str,
    },
    /// A path parameter is `.` or `..`, which URL normalization would turn
    /// into a request to another endpoint.
    #[error("path parameter `{name}` is `.` or `..`")]
    DotPathParam {
        /// The parameter's name as in the path template.
        name: &'static str,
    },
    /// A field breaks a limit its docs give (数据校验规则).
    #[error("`{field}` {rule}")]
    Limit {
        /// The field's name on the wire.
        field: &'static str,
        /// The rule it breaks, e.g. `must be at most 32 characters long (it has 40)`.
        rule: String,
    },
    /// A header value holds characters a header cannot carry (a line break in
    /// a token, say).
    #[error("the `{name}` header value is not a valid HTTP header value")]
    InvalidHeaderValue {
        /// The header's name.
        name: &'static str,
    },
    /// The request body did not serialize to JSON.
    #[error("the request body does not serialize: {reason}")]
    Body {
        /// What the serializer said.
        reason: String,
    },
    /// The URL or headers do not make an HTTP request.
    #[error("not a valid HTTP request: {reason}")]
    Http {
        /// What the `http` crate said.
        reason: String,
    },
}
