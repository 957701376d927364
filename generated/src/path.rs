//! Filling in path templates.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::error::InvalidRequest;

/// Everything but RFC 3986's unreserved characters is encoded, so a value can
/// never add a path segment (`/`), start a query (`?`) or a fragment (`#`).
pub(crate) const UNRESERVED_ONLY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// One piece of a path template: literal text, or a named parameter's value.
#[derive(Debug, Clone, Copy)]
pub enum PathSegment<'a> {
    /// Template text, copied as it is.
    Literal(&'static str),
    /// A parameter: its name (for errors) and its value (percent-encoded).
    Param(&'static str, &'a str),
}

/// Joins `segments` into a path, percent-encoding every parameter value.
///
/// # Errors
///
/// [`InvalidRequest::EmptyPathParam`] naming the first parameter whose value is
/// empty, [`InvalidRequest::DotPathParam`] for one that is `.` or `..`: URL
/// normalization would turn either into a request to another endpoint.
pub fn render_path(segments: &[PathSegment<'_>]) -> Result<String, InvalidRequest> {
    let mut path = String::new();
    for segment in segments {
        match *segment {
            PathSegment::Literal(text) => path.push_str(text),
            PathSegment::Param(name, "") => return Err(InvalidRequest::EmptyPathParam { name }),
            PathSegment::Param(name, "." | "..") => {
                return Err(InvalidRequest::DotPathParam { name });
            }
            PathSegment::Param(_, value) => {
                path.extend(utf8_percent_encode(value, UNRESERVED_ONLY));
            }
        }
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_characters_in_values_are_encoded() {
        let path = render_path(&[
            PathSegment::Literal("/a/"),
            PathSegment::Param("id", "x/y?z#w%v 中"),
            PathSegment::Literal("/b"),
        ])
        .unwrap();
        assert_eq!(path, "/a/x%2Fy%3Fz%23w%25v%20%E4%B8%AD/b");
    }

    #[test]
    fn unreserved_characters_stay() {
        let path = render_path(&[PathSegment::Param("id", "session_4df-1.2~x")]).unwrap();
        assert_eq!(path, "session_4df-1.2~x");
    }

    #[test]
    fn an_empty_value_names_its_parameter() {
        let err = render_path(&[
            PathSegment::Literal("/a/"),
            PathSegment::Param("run_id", ""),
        ])
        .unwrap_err();
        assert_eq!(err, InvalidRequest::EmptyPathParam { name: "run_id" });
        assert_eq!(err.to_string(), "path parameter `run_id` is empty");
    }

    #[test]
    fn dot_segments_are_refused() {
        for value in [".", ".."] {
            let err = render_path(&[PathSegment::Param("id", value)]).unwrap_err();
            assert_eq!(err, InvalidRequest::DotPathParam { name: "id" });
        }
        assert!(render_path(&[PathSegment::Param("id", "...")]).is_ok());
    }
}
