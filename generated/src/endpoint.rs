//! What every generated request type knows about itself.

use std::fmt;

use serde::de::DeserializeOwned;

use crate::error::InvalidRequest;

/// A kind of access token an endpoint may accept.
///
/// The Open Platform has three; each endpoint's spec lists the ones it takes,
/// and the generated request exposes them as [`Endpoint::TOKEN_KINDS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TokenKind {
    /// `tenant_access_token`: the app acting for a tenant (organisation).
    Tenant,
    /// `user_access_token`: the app acting for a signed-in user.
    User,
    /// `app_access_token`: the app acting as itself.
    App,
}

impl TokenKind {
    /// The name the platform docs use for this kind, e.g. `tenant_access_token`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Tenant => "tenant_access_token",
            Self::User => "user_access_token",
            Self::App => "app_access_token",
        }
    }
}

impl fmt::Display for TokenKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How an endpoint wraps its result in the response body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Envelope {
    /// `{"code": 0, "msg": "...", "data": {...}}`: the result is `data`.
    Data,
    /// `{"code": 0, "msg": "...", ...}`: the result's fields sit beside `code`
    /// and `msg` (the token endpoints answer like this).
    Flat,
}

/// A request to one Open Platform endpoint.
///
/// Implemented by every generated request type; the constants are the facts of
/// the endpoint's spec, so they can be checked without sending anything.
pub trait Endpoint {
    /// The HTTP method.
    const METHOD: http::Method;
    /// The path template as the docs write it, e.g.
    /// `/open-apis/aily/v1/sessions/:aily_session_id`.
    const PATH_TEMPLATE: &'static str;
    /// The token kinds the endpoint accepts.
    const TOKEN_KINDS: &'static [TokenKind];
    /// The scopes that allow calling the endpoint; any one of them is enough.
    const SCOPES: &'static [&'static str];
    /// Where the result sits in the response body.
    const ENVELOPE: Envelope;

    /// The decoded result of a successful call.
    type Output: DeserializeOwned;
    /// The endpoint's documented error codes.
    type Error: EndpointError;

    /// The request path with every parameter filled in and percent-encoded.
    ///
    /// # Errors
    ///
    /// [`InvalidRequest`] when a path parameter is empty: sending it would
    /// reach a different endpoint.
    fn path(&self) -> Result<String, InvalidRequest>;
}

/// The error codes one endpoint documents, decoded from a response's `code`.
pub trait EndpointError: Sized {
    /// Classifies a non-zero `code`; codes the endpoint does not document are
    /// kept as they came, with their message.
    fn from_code(code: i64, msg: &str) -> Self;

    /// The numeric code this error stands for.
    fn code(&self) -> i64;
}
