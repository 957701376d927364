//! Compiles the code generated from `codegen/tests/fixtures/hostile/` (models
//! named `Result`, `Option` and `String`; fields, parameters, enum values and
//! error names that are Rust keywords) and runs the tests generated with it.
//!
//! The generated code names the runtime as `crate::...`, so this test crate
//! re-exports the runtime at its root and mounts the code as `crate::api`,
//! exactly as the library does.

pub use feishu::codegen_support::*;

#[path = "hostile_api/mod.rs"]
#[rustfmt::skip]
pub mod api;

use api::hostile::v1::{GetThingsError, GetThingsRequest, Kind};

#[test]
fn keyword_names_are_escaped_and_keep_their_wire_names() {
    let request = GetThingsRequest::new("t", -1, "v");
    assert_eq!(
        request.path().unwrap(),
        "/open-apis/hostile/v1/things/t/-1/v"
    );
    assert_eq!(GetThingsRequest::TOKEN_KINDS, [TokenKind::Tenant]);

    let kind: Kind = serde_json::from_str(r#""Self""#).unwrap();
    assert_eq!(kind, Kind::Self_);
    assert_eq!(
        serde_json::from_str::<Kind>(r#""UNKNOWN""#).unwrap(),
        Kind::Unknown
    );
    assert_eq!(
        serde_json::from_str::<Kind>(r#""NEW""#).unwrap(),
        Kind::UnknownValue("NEW".to_owned())
    );
}

#[test]
fn error_names_that_are_keywords_or_the_fallback_still_decode() {
    assert_eq!(GetThingsError::from_code(1, "m"), GetThingsError::Self_);
    assert_eq!(GetThingsError::from_code(2, "m"), GetThingsError::Unknown);
    assert_eq!(
        GetThingsError::from_code(4, "m"),
        GetThingsError::UnknownValue {
            code: 4,
            msg: "m".to_owned()
        }
    );
}

#[test]
fn common_codes_come_after_the_documented_ones_under_a_free_name() {
    use api::hostile::v1::CommonError;
    use feishu::EndpointError;

    // Code 1 is documented by the endpoint and is also common: the endpoint wins.
    assert_eq!(GetThingsError::from_code(1, ""), GetThingsError::Self_);
    // `Common` is a documented error's name, so the common variant is `CommonCode`.
    assert_eq!(GetThingsError::from_code(3, ""), GetThingsError::Common);
    assert_eq!(
        GetThingsError::from_code(99991663, "m"),
        GetThingsError::CommonCode(CommonError::Type)
    );
    assert_eq!(CommonError::Type.code(), 99991663);
    assert_eq!(
        CommonError::Type.to_string(),
        "a keyword as a common error name (code 99991663)"
    );
    assert_eq!(CommonError::from_code(2), None);
}
