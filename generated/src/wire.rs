//! Wire types: how the platform's JSON values map to Rust values.
//!
//! The platform's docs and servers disagree on a few encodings (a 64-bit
//! number may come as a JSON string or a JSON number); the types here accept
//! every encoding seen in the field and always produce the documented one.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A point in time as milliseconds since the Unix epoch (`"1711975665710"`).
///
/// Decodes from a JSON string or number; encodes as a string, as the docs show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TimestampMs(pub i64);

/// A point in time as seconds since the Unix epoch (`"1711975665"`).
///
/// Decodes from a JSON string or number; encodes as a string, as the docs show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TimestampSecs(pub i64);

impl TimestampMs {
    /// Milliseconds since the Unix epoch.
    pub const fn as_millis(self) -> i64 {
        self.0
    }

    /// The same instant as a [`SystemTime`].
    pub fn to_system_time(self) -> SystemTime {
        offset_from_epoch(self.0, Duration::from_millis(self.0.unsigned_abs()))
    }
}

impl TimestampSecs {
    /// Seconds since the Unix epoch.
    pub const fn as_secs(self) -> i64 {
        self.0
    }

    /// The same instant as a [`SystemTime`].
    pub fn to_system_time(self) -> SystemTime {
        offset_from_epoch(self.0, Duration::from_secs(self.0.unsigned_abs()))
    }
}

fn offset_from_epoch(signed: i64, magnitude: Duration) -> SystemTime {
    if signed >= 0 {
        UNIX_EPOCH + magnitude
    } else {
        UNIX_EPOCH - magnitude
    }
}

impl From<TimestampMs> for SystemTime {
    fn from(value: TimestampMs) -> Self {
        value.to_system_time()
    }
}

impl From<TimestampSecs> for SystemTime {
    fn from(value: TimestampSecs) -> Self {
        value.to_system_time()
    }
}

macro_rules! int_as_string {
    ($($ty:ident),*) => {$(
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_any(LenientI64).map($ty)
            }
        }
    )*};
}

int_as_string!(TimestampMs, TimestampSecs);

/// Accepts a 64-bit integer as a JSON number or a JSON string of digits.
struct LenientI64;

impl Visitor<'_> for LenientI64 {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a 64-bit integer, as a number or a string")
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<i64, E> {
        Ok(value)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<i64, E> {
        i64::try_from(value).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(value), &self))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<i64, E> {
        value
            .trim()
            .parse()
            .map_err(|_| E::invalid_value(de::Unexpected::Str(value), &self))
    }
}

/// `serde(with = ...)` helpers for `i64` fields that may arrive as strings.
///
/// Encodes as a JSON number.
pub mod lenient_i64 {
    use super::*;

    /// Encodes as a JSON number.
    pub fn serialize<S: Serializer>(value: &i64, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(*value)
    }

    /// Decodes a JSON number or a JSON string of digits.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
        deserializer.deserialize_any(LenientI64)
    }
}

/// `serde(with = ...)` helpers for `Option<i64>` fields that may arrive as
/// strings; `null` is `None`.
pub mod lenient_i64_option {
    use super::*;

    /// Encodes as a JSON number, or `null`.
    pub fn serialize<S: Serializer>(value: &Option<i64>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => serializer.serialize_some(value),
            None => serializer.serialize_none(),
        }
    }

    /// Decodes `null`, a JSON number or a JSON string of digits.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<i64>, D::Error> {
        #[derive(Deserialize)]
        struct Wrapped(#[serde(with = "super::lenient_i64")] i64);
        Ok(Option::<Wrapped>::deserialize(deserializer)?.map(|Wrapped(value)| value))
    }
}

/// A JSON document carried as a string (`metadata: "{}"`).
///
/// Kept as the string the server sent; [`JsonString::parse`] decodes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct JsonString(pub String);

impl JsonString {
    /// Encodes `value` as a JSON document.
    ///
    /// # Errors
    ///
    /// When `value` cannot be encoded as JSON (e.g. a map with non-string keys).
    pub fn encode<T: Serialize + ?Sized>(value: &T) -> Result<Self, serde_json::Error> {
        serde_json::to_string(value).map(Self)
    }

    /// Decodes the document.
    ///
    /// # Errors
    ///
    /// When the string is not a JSON encoding of `T`.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(&self.0)
    }

    /// The document as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<String> for JsonString {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for JsonString {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

/// An enum whose wire values are strings, and which keeps values it does not
/// know: generated enums implement it, and [`deserialize_str_enum`] decodes them.
pub trait StrEnum: Sized {
    /// The variant for `value`, or the fallback variant holding it.
    fn from_wire(value: &str) -> Self;
}

/// Decodes a [`StrEnum`] from a JSON string without an intermediate `String`.
///
/// # Errors
///
/// When the value is not a string.
pub fn deserialize_str_enum<'de, T: StrEnum, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    struct StrVisitor<T>(std::marker::PhantomData<T>);

    impl<T: StrEnum> Visitor<'_> for StrVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from_wire(value))
        }
    }

    deserializer.deserialize_str(StrVisitor(std::marker::PhantomData))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_decode_from_strings_and_numbers() {
        let from_string: TimestampMs = serde_json::from_str(r#""1711975665710""#).unwrap();
        let from_number: TimestampMs = serde_json::from_str("1711975665710").unwrap();
        assert_eq!(from_string, TimestampMs(1_711_975_665_710));
        assert_eq!(from_string, from_number);
        assert_eq!(
            serde_json::to_string(&from_number).unwrap(),
            r#""1711975665710""#
        );
    }

    #[test]
    fn timestamps_convert_to_system_time() {
        let ms = TimestampMs(1_711_975_665_710).to_system_time();
        assert_eq!(
            ms.duration_since(UNIX_EPOCH).unwrap(),
            Duration::from_millis(1_711_975_665_710)
        );
        let secs = TimestampSecs(-1).to_system_time();
        assert_eq!(
            UNIX_EPOCH.duration_since(secs).unwrap(),
            Duration::from_secs(1)
        );
    }

    #[test]
    fn timestamps_reject_what_is_not_an_integer() {
        for bad in [r#""soon""#, "1.5", "true", "18446744073709551615"] {
            assert!(
                serde_json::from_str::<TimestampMs>(bad).is_err(),
                "{bad} decoded"
            );
        }
    }

    #[test]
    fn lenient_option_decodes_null_string_and_number() {
        #[derive(Deserialize)]
        struct Holder {
            #[serde(default, with = "lenient_i64_option")]
            value: Option<i64>,
        }
        let decode = |json: &str| serde_json::from_str::<Holder>(json).unwrap().value;
        assert_eq!(decode("{}"), None);
        assert_eq!(decode(r#"{"value": null}"#), None);
        assert_eq!(
            decode(r#"{"value": "9007199254740993"}"#),
            Some(9_007_199_254_740_993)
        );
        assert_eq!(decode(r#"{"value": -3}"#), Some(-3));
    }

    #[test]
    fn json_strings_round_trip() {
        let doc = JsonString::encode(&serde_json::json!({"key": "value"})).unwrap();
        assert_eq!(doc.as_str(), r#"{"key":"value"}"#);
        let back: serde_json::Value = doc.parse().unwrap();
        assert_eq!(back["key"], "value");
    }
}
