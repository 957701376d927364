//! The checks generated requests run on their fields before they are sent,
//! from the limits the docs give (数据校验规则). Generated code calls these;
//! an error names the field and the rule, never the value (it may be
//! private): at most a length or an item count.

use std::sync::OnceLock;

use regex_lite::Regex;

use crate::error::InvalidRequest;

fn fail(field: &'static str, rule: String) -> Result<(), InvalidRequest> {
    Err(InvalidRequest::Limit { field, rule })
}

/// The length of `value` in characters is within `min..=max`.
pub fn length(
    field: &'static str,
    value: &str,
    min: Option<u64>,
    max: Option<u64>,
) -> Result<(), InvalidRequest> {
    let length = value.chars().count() as u64;
    match (min, max) {
        (Some(min), _) if length < min => fail(
            field,
            format!("must be at least {min} characters long (it has {length})"),
        ),
        (_, Some(max)) if length > max => fail(
            field,
            format!("must be at most {max} characters long (it has {length})"),
        ),
        _ => Ok(()),
    }
}

/// A documented pattern, compiled on first use. Each generated check has its
/// own, in a `static`, so checking needs no lock.
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<Regex>>,
}

impl Pattern {
    /// The pattern `source`, matched against whole values.
    pub const fn new(source: &'static str) -> Self {
        Self {
            source,
            compiled: OnceLock::new(),
        }
    }
}

/// The whole of `value` matches `pattern`.
pub fn pattern(field: &'static str, value: &str, pattern: &Pattern) -> Result<(), InvalidRequest> {
    // The generator checked that every pattern compiles; one that does not
    // (a hand-written call) matches nothing rather than panicking.
    let regex = pattern
        .compiled
        .get_or_init(|| Regex::new(&format!("^(?:{})$", pattern.source)).ok());
    match regex {
        Some(regex) if regex.is_match(value) => Ok(()),
        _ => fail(field, format!("must match `{}`", pattern.source)),
    }
}

/// `value` is within `min..=max`.
pub fn range(
    field: &'static str,
    value: i64,
    min: Option<i64>,
    max: Option<i64>,
) -> Result<(), InvalidRequest> {
    match (min, max) {
        (Some(min), _) if value < min => fail(field, format!("must be at least {min}")),
        (_, Some(max)) if value > max => fail(field, format!("must be at most {max}")),
        _ => Ok(()),
    }
}

/// `value` is within `min..=max`.
pub fn range_f64(
    field: &'static str,
    value: f64,
    min: Option<i64>,
    max: Option<i64>,
) -> Result<(), InvalidRequest> {
    if !value.is_finite() {
        return fail(field, "must be a finite number".to_owned());
    }
    match (min, max) {
        (Some(min), _) if value < min as f64 => fail(field, format!("must be at least {min}")),
        (_, Some(max)) if value > max as f64 => fail(field, format!("must be at most {max}")),
        _ => Ok(()),
    }
}

/// An array has `min..=max` items.
pub fn items(
    field: &'static str,
    count: usize,
    min: Option<u64>,
    max: Option<u64>,
) -> Result<(), InvalidRequest> {
    let count = count as u64;
    match (min, max) {
        (Some(min), _) if count < min => fail(
            field,
            format!("must have at least {min} items (it has {count})"),
        ),
        (_, Some(max)) if count > max => fail(
            field,
            format!("must have at most {max} items (it has {count})"),
        ),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(result: Result<(), InvalidRequest>) -> String {
        result.unwrap_err().to_string()
    }

    #[test]
    fn lengths_count_characters() {
        assert!(length("f", "中文", Some(2), Some(2)).is_ok());
        assert_eq!(
            rule(length("f", "abc", None, Some(2))),
            "`f` must be at most 2 characters long (it has 3)"
        );
        assert_eq!(
            rule(length("f", "", Some(1), None)),
            "`f` must be at least 1 characters long (it has 0)"
        );
    }

    #[test]
    fn patterns_match_the_whole_value() {
        static P: Pattern = Pattern::new("session_[0-9a-hjkmnp-z]{1,24}");
        assert!(pattern("id", "session_4dfunz7sp1g8m", &P).is_ok());
        assert!(pattern("id", "xsession_4dfunz7sp1g8m", &P).is_err());
        assert!(pattern("id", "session_4dfunz7sp1g8m/", &P).is_err());
        assert_eq!(
            rule(pattern("id", "session_i", &P)),
            "`id` must match `session_[0-9a-hjkmnp-z]{1,24}`"
        );
        static BROKEN: Pattern = Pattern::new("(");
        assert!(
            pattern("id", "x", &BROKEN).is_err(),
            "a broken pattern matches nothing"
        );
    }

    #[test]
    fn ranges_and_item_counts() {
        assert!(range("n", 5, Some(1), Some(5)).is_ok());
        assert_eq!(rule(range("n", 0, Some(1), None)), "`n` must be at least 1");
        assert_eq!(
            rule(range_f64("n", 5.5, None, Some(5))),
            "`n` must be at most 5"
        );
        assert_eq!(
            rule(range_f64("n", f64::NAN, Some(0), Some(5))),
            "`n` must be a finite number"
        );
        assert_eq!(
            rule(items("ids", 3, None, Some(2))),
            "`ids` must have at most 2 items (it has 3)"
        );
    }
}
