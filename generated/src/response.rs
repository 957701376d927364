//! The sans-IO half of a call: from status, headers and body to a result.

use http::{HeaderMap, StatusCode, header::CONTENT_TYPE};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::endpoint::{Endpoint, EndpointError, Envelope};
use crate::error::{ApiError, DecodeError, Error, ErrorDetail};

/// The response header that carries the request's log id.
pub const LOG_ID_HEADER: &str = "x-tt-logid";

/// What every response body has, whatever the endpoint.
#[derive(Deserialize)]
struct Head<'a> {
    code: i64,
    #[serde(default)]
    msg: String,
    #[serde(default, borrow)]
    data: Option<&'a RawValue>,
    #[serde(default)]
    error: Option<ErrorDetail>,
}

/// Decodes the response to a call of `E` from its status, headers and body.
///
/// Success is decided on the body's `code` alone, never on the HTTP status:
/// token errors arrive with HTTP 200, and a successful body is a success
/// whatever the status says.
///
/// # Errors
///
/// - [`Error::Api`] when `code` is not zero, classified by `E::Error` and
///   carrying the status, `code`, `msg`, log id and `error` block;
/// - [`Error::Decode`] when the body is not the JSON the endpoint documents
///   (an HTML gateway page, a truncated body, a mismatched shape).
pub fn decode_response<E: Endpoint>(
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<E::Output, Error<E::Error>> {
    let header_log_id = headers
        .get(LOG_ID_HEADER)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let undecodable = |reason: serde_json::Error| {
        Error::Decode(Box::new(DecodeError {
            status,
            content_type: headers
                .get(CONTENT_TYPE)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned),
            log_id: header_log_id.clone(),
            body_prefix: if E::RESPONSE_HAS_SECRETS {
                DecodeError::WITHHELD.to_owned()
            } else {
                String::from_utf8_lossy(&body[..body.len().min(DecodeError::BODY_PREFIX_LEN)])
                    .into_owned()
            },
            reason: reason.to_string(),
        }))
    };

    let head: Head<'_> = serde_json::from_slice(body).map_err(undecodable)?;
    if head.code != 0 {
        let log_id = header_log_id
            .clone()
            .or_else(|| head.error.as_ref().and_then(|detail| detail.log_id.clone()));
        return Err(Error::Api(Box::new(ApiError {
            kind: E::Error::from_code(head.code, &head.msg),
            status,
            code: head.code,
            msg: head.msg,
            log_id,
            detail: head.error,
        })));
    }
    let result = match E::ENVELOPE {
        Envelope::Data => decode_data(head.data),
        Envelope::Flat => serde_json::from_slice(body),
    };
    result.map_err(undecodable)
}

/// Decodes `data`; an absent or `null` one decodes like `{}`, which is what
/// endpoints with nothing to return mean by it.
fn decode_data<T: DeserializeOwned>(data: Option<&RawValue>) -> Result<T, serde_json::Error> {
    match data.map(RawValue::get) {
        None | Some("null") => serde_json::from_str("{}"),
        Some(json) => serde_json::from_str(json),
    }
}
