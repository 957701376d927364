//! Support for the tests generated from the docs' examples. Not part of the
//! API: hidden from the docs, and free to change.

use serde_json::Value;

/// Panics unless `encoded` (a decoded model, encoded again) says the same as
/// `documented` (the docs' example): the same keys everywhere, and the same
/// values, where a 64-bit integer may be written as a number on one side and
/// as a string on the other (the platform sends both).
///
/// Same keys catches a field the model names differently from the wire: it
/// would be dropped on decoding and missing here. A documented `null`, `[]`
/// or `{}` may be missing, as the models leave those out.
#[track_caller]
pub fn assert_json_equivalent(encoded: &Value, documented: &Value) {
    if let Err(path) = equivalent(encoded, documented, String::from("$")) {
        panic!(
            "the model does not round-trip the documented example at {path}:\n  encoded:    {encoded}\n  documented: {documented}"
        );
    }
}

fn equivalent(a: &Value, b: &Value, path: String) -> Result<(), String> {
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => {
            // A key the docs give as `null`, `[]` or `{}` may be left out: the
            // models do not encode absent options or empty collections.
            let one_sided = a.keys().find(|key| !b.contains_key(*key));
            let missing = b
                .iter()
                .find(|(key, value)| !a.contains_key(*key) && !is_empty(value));
            if let Some(key) = one_sided.or(missing.map(|(key, _)| key)) {
                return Err(format!("{path}.{key}"));
            }
            a.iter()
                .try_for_each(|(key, value)| equivalent(value, &b[key], format!("{path}.{key}")))
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .try_for_each(|(i, (a, b))| equivalent(a, b, format!("{path}[{i}]"))),
        (Value::Number(number), Value::String(text))
        | (Value::String(text), Value::Number(number)) => {
            match (number.as_i64(), text.trim().parse::<i64>()) {
                (Some(number), Ok(parsed)) if number == parsed => Ok(()),
                _ => Err(path),
            }
        }
        (a, b) if a == b => Ok(()),
        _ => Err(path),
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.is_empty(),
        Value::Object(fields) => fields.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integers_match_across_encodings() {
        assert_json_equivalent(&json!({"a": "1", "b": [2]}), &json!({"a": 1, "b": ["2"]}));
    }

    #[test]
    fn documented_nulls_and_empty_collections_may_be_absent() {
        assert_json_equivalent(
            &json!({"a": 1}),
            &json!({"a": 1, "b": null, "c": [], "d": {}}),
        );
    }

    #[test]
    #[should_panic(expected = "at $.b")]
    fn a_missing_key_is_named() {
        assert_json_equivalent(&json!({"a": 1}), &json!({"a": 1, "b": 2}));
    }

    #[test]
    #[should_panic(expected = "at $.a[0]")]
    fn a_different_value_is_named() {
        assert_json_equivalent(&json!({"a": ["x"]}), &json!({"a": ["y"]}));
    }
}
