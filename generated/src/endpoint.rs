//! What every generated request type knows about itself.

use std::fmt;

use serde::de::DeserializeOwned;

use crate::error::{Error, InvalidRequest};
use crate::query::QueryWriter;
use crate::request::{BaseUrl, RequestOptions, build_request};
use crate::response::decode_response;
use crate::token::{Accepts, AccessToken};

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
    /// Whether a successful response carries credentials (a token): then an
    /// undecodable body is not kept in the error, which may be logged.
    const RESPONSE_HAS_SECRETS: bool = false;

    /// The decoded result of a successful call.
    type Output: DeserializeOwned + Send + 'static;
    /// The endpoint's documented error codes.
    type Error: EndpointError;

    /// The request path with every parameter filled in and percent-encoded.
    ///
    /// # Errors
    ///
    /// [`InvalidRequest`] when a path parameter is empty: sending it would
    /// reach a different endpoint.
    fn path(&self) -> Result<String, InvalidRequest>;

    /// Appends the query parameters that are set.
    fn query(&self, _query: &mut QueryWriter) {}

    /// The path and, when any query parameter is set, `?` and the query.
    ///
    /// # Errors
    ///
    /// As [`Endpoint::path`].
    fn path_and_query(&self) -> Result<String, InvalidRequest> {
        let mut path = self.path()?;
        let mut query = QueryWriter::new();
        self.query(&mut query);
        if !query.as_str().is_empty() {
            path.push('?');
            path.push_str(query.as_str());
        }
        Ok(path)
    }

    /// Inserts the request headers that are set.
    ///
    /// # Errors
    ///
    /// [`InvalidRequest::InvalidHeaderValue`] for a value a header cannot carry.
    fn headers(&self, _headers: &mut http::HeaderMap) -> Result<(), InvalidRequest> {
        Ok(())
    }

    /// Checks every field against the limits its docs give (lengths,
    /// patterns, ranges, item counts); [`build_request`] calls it, so a
    /// request that breaks one is never sent.
    ///
    /// # Errors
    ///
    /// [`InvalidRequest::Limit`] naming the first field that breaks one.
    fn validate(&self) -> Result<(), InvalidRequest> {
        Ok(())
    }

    /// The JSON request body, or `None` for an endpoint that takes none.
    ///
    /// # Errors
    ///
    /// [`InvalidRequest::Body`] when the body does not serialize.
    fn body(&self) -> Result<Option<Vec<u8>>, InvalidRequest> {
        Ok(None)
    }

    /// Renders this request into an [`http::Request`] for `base_url`,
    /// authorized by `token`: the sans-IO way to send it with any HTTP client.
    ///
    /// Only the token kinds the endpoint accepts compile.
    ///
    /// # Errors
    ///
    /// [`InvalidRequest`], as [`build_request`] says.
    fn to_http_request<T: AccessToken>(
        &self,
        base_url: &BaseUrl,
        token: &T,
    ) -> Result<http::Request<Vec<u8>>, InvalidRequest>
    where
        Self: Accepts<T> + Sized,
    {
        build_request(self, base_url, token, &RequestOptions::default())
    }

    /// Decodes the response to this request: the sans-IO counterpart of
    /// [`Endpoint::to_http_request`].
    ///
    /// # Errors
    ///
    /// As [`decode_response`] says.
    fn from_http_response<B: AsRef<[u8]>>(
        response: &http::Response<B>,
    ) -> Result<Self::Output, Error<Self::Error>>
    where
        Self: Sized,
    {
        decode_response::<Self>(
            response.status(),
            response.headers(),
            response.body().as_ref(),
        )
    }
}

/// The error codes one endpoint documents, decoded from a response's `code`.
pub trait EndpointError: Sized + fmt::Debug + Send + Sync + 'static {
    /// Classifies a non-zero `code`; codes the endpoint does not document are
    /// kept as they came, with their message.
    fn from_code(code: i64, msg: &str) -> Self;

    /// The numeric code this error stands for.
    fn code(&self) -> i64;
}
