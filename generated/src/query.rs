//! Query strings.

use std::fmt::{self, Write as _};

use percent_encoding::utf8_percent_encode;

use crate::path::UNRESERVED_ONLY;

/// Builds a query string; generated requests push their parameters into it.
///
/// Names and values are percent-encoded (everything but RFC 3986's
/// unreserved characters), and a repeated parameter repeats its key
/// (`k=a&k=b`), as the platform expects.
#[derive(Debug, Default)]
pub struct QueryWriter {
    query: String,
}

impl QueryWriter {
    /// An empty query.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `name=value`.
    pub fn push(&mut self, name: &str, value: impl fmt::Display) {
        if !self.query.is_empty() {
            self.query.push('&');
        }
        let value = value.to_string();
        write!(
            self.query,
            "{}={}",
            utf8_percent_encode(name, UNRESERVED_ONLY),
            utf8_percent_encode(&value, UNRESERVED_ONLY)
        )
        .expect("writing to a String cannot fail");
    }

    /// The query, without the leading `?`; empty when nothing was pushed.
    pub fn as_str(&self) -> &str {
        &self.query
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_encoded_and_repeated_keys_kept() {
        let mut query = QueryWriter::new();
        query.push("page_size", 20);
        query.push("with_partial_message", false);
        query.push("id", "a b&c=d");
        query.push("id", "中");
        assert_eq!(
            query.as_str(),
            "page_size=20&with_partial_message=false&id=a%20b%26c%3Dd&id=%E4%B8%AD"
        );
    }
}
