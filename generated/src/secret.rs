//! Credentials that must never be printed.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A credential: an app secret or an access token.
///
/// `Debug` and `Display` print it masked (`t-7f1b******8e560`), so a secret
/// that ends up in a log line, a panic message or an error stays secret.
/// [`Secret::expose`] is the one way to the value; serde writes the value
/// itself, since request bodies must carry it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Secret(String);

impl Secret {
    /// The shortest secret that shows its first and last characters when
    /// masked; shorter ones are masked entirely.
    const PARTIAL_MASK_MIN_LEN: usize = 24;

    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The credential itself. Call it only to send it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The credential as it may be shown: its first six and last five
    /// characters around `******`, or only `******` when it is short.
    pub fn masked(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        if chars.len() < Self::PARTIAL_MASK_MIN_LEN {
            return "******".to_owned();
        }
        let head: String = chars[..6].iter().collect();
        let tail: String = chars[chars.len() - 5..].iter().collect();
        format!("{head}******{tail}")
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({})", self.masked())
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_shows_only_its_ends() {
        let token = Secret::from("t-7f1bcd13fc57d46bac21793a18e560");
        assert_eq!(token.to_string(), "t-7f1b******8e560");
        assert_eq!(format!("{token:?}"), "Secret(t-7f1b******8e560)");
        assert_eq!(token.expose(), "t-7f1bcd13fc57d46bac21793a18e560");
    }

    #[test]
    fn a_short_secret_is_masked_entirely() {
        for short in [
            "",
            "abc",
            "dskLLdkasdjlasdKK",
            "中文中文中文中文中文中文中文中文中文中文中",
        ] {
            assert_eq!(Secret::from(short).to_string(), "******", "{short}");
        }
    }

    #[test]
    fn masking_counts_characters_not_bytes() {
        let secret = Secret::from("密钥密钥密钥密钥密钥密钥密钥密钥密钥密钥密钥密钥");
        assert_eq!(secret.masked(), "密钥密钥密钥******钥密钥密钥");
    }

    #[test]
    fn serde_carries_the_value() {
        let secret: Secret = serde_json::from_str(r#""s3cr3t""#).unwrap();
        assert_eq!(serde_json::to_string(&secret).unwrap(), r#""s3cr3t""#);
    }
}
