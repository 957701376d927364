//! A typed Rust SDK for the [Feishu / Lark Open Platform](https://open.feishu.cn).
//!
//! Every endpoint is described once, in YAML, under `api-spec/`; `cargo xtask
//! codegen` turns each description into the request type, response model and
//! error enum found under [`api`]. The rest of this crate is a small
//! hand-written runtime those types lean on:
//!
//! - [`Endpoint`]: what every generated request knows about itself (method,
//!   path template, accepted token kinds, scopes, output and error types), and
//!   the sans-IO pair [`Endpoint::to_http_request`] /
//!   [`Endpoint::from_http_response`];
//! - token kinds as types ([`TenantAccessToken`], [`UserAccessToken`],
//!   [`AppAccessToken`], [`NoToken`]): a request implements [`Accepts`] for
//!   the kinds its spec lists, so sending it with another does not compile;
//! - `client` (feature `reqwest`, on by default): the async client, and
//!   `AppCredentials`, which fetch, cache and refresh the tenant token;
//! - [`Error`]: every way a call can fail, with the status, code, message and
//!   log id the platform gave;
//! - [`wire`]: the wire types the models use (timestamps that arrive as strings
//!   or numbers, JSON documents carried as strings, enums that keep unknown
//!   values).
//!
//! ```
//! use feishu::api::aily::v1::CancelAilySessionRunRequest;
//! use feishu::{BaseUrl, Endpoint, UserAccessToken};
//!
//! let request = CancelAilySessionRunRequest::new("session_4dfunz7sp1g8m", "run_4dfrxvctjqzzj");
//! let http_request = request
//!     .to_http_request(&BaseUrl::FEISHU, &UserAccessToken::new("u-token"))
//!     .unwrap();
//! assert_eq!(
//!     http_request.uri().path(),
//!     "/open-apis/aily/v1/sessions/session_4dfunz7sp1g8m/runs/run_4dfrxvctjqzzj/cancel",
//! );
//! assert_eq!(CancelAilySessionRunRequest::SCOPES, ["aily:run:write"]);
//! ```
#![deny(missing_docs)]

#[rustfmt::skip]
pub mod api;

#[cfg(feature = "reqwest")]
pub mod client;
mod endpoint;
mod error;
#[doc(hidden)]
pub mod limits;
mod page;
mod path;
mod query;
mod request;
mod response;
mod secret;
mod token;
pub mod wire;

#[doc(hidden)]
pub mod testing;

/// Everything generated code names as `crate::...`, re-exported for crates
/// that mount generated code of their own (the hostile-names test fixture,
/// the synthetic benchmark crates): `pub use feishu::codegen_support::*;` at
/// their root. Not part of the API.
#[doc(hidden)]
pub mod codegen_support {
    pub use crate::{
        Accepts, AppAccessToken, Endpoint, EndpointError, Envelope, InvalidRequest, NoToken, Page,
        Paginated, PathSegment, QueryWriter, Secret, TenantAccessToken, TokenKind, UserAccessToken,
        decode_response, insert_header, json_body, limits, render_path, testing, wire,
    };
}

/// The README's Rust examples, compiled (and, unless marked `no_run`, run) as
/// doc tests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeExamples;

pub use api::common::v1::CommonError;
pub use endpoint::{Endpoint, EndpointError, Envelope, TokenKind};
#[cfg(feature = "reqwest")]
pub use error::TokenError;
pub use error::{
    ApiError, DecodeError, Error, ErrorDetail, ErrorDetailEntry, FieldViolation, Help,
    InvalidRequest, PermissionViolation, TransportError,
};
pub use page::{Page, Paginated};
pub use path::{PathSegment, render_path};
pub use query::QueryWriter;
pub use request::{
    BaseUrl, InvalidBaseUrl, JSON_CONTENT_TYPE, REQUEST_ID_HEADER, RequestOptions, build_request,
};
#[doc(hidden)]
pub use request::{insert_header, json_body};
pub use response::{LOG_ID_HEADER, decode_response};
pub use secret::Secret;
pub use token::{
    Accepts, AccessToken, AppAccessToken, NoToken, TenantAccessToken, UserAccessToken,
};
