//! Naming policy: how wire names become Rust identifiers. Only [`crate::ir`]
//! calls these; emitters use the names the IR decided.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words reserved in every Rust edition up to 2024, strict and reserved.
const KEYWORDS: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers either.
const NOT_RAW: &[&str] = &["Self", "crate", "self", "super", "_"];

/// Whether `name` is a Rust keyword.
pub(crate) fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Whether `name` is a plain ASCII identifier (`[A-Za-z_][A-Za-z0-9_]*`, not `_`).
pub(crate) fn is_ascii_ident(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_"
}

/// Makes a converted name usable as an identifier: keywords become raw
/// identifiers (`type` → `r#type`), or get a trailing underscore where Rust
/// forbids that (`self` → `self_`).
fn escape(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if is_keyword(&name) {
        format!("r#{name}")
    } else {
        name
    }
}

/// A field, parameter or module name for a wire name: `runId` → `run_id`.
/// `None` when the result is not an ASCII identifier (the spec must then give
/// a `rust_name`).
pub(crate) fn snake(wire: &str) -> Option<String> {
    let converted = wire.to_snake_case();
    let converted = match converted.chars().next() {
        Some(c) if c.is_ascii_digit() => format!("_{converted}"),
        _ => converted,
    };
    is_ascii_ident(&converted).then(|| escape(converted))
}

/// A type or variant name for a wire name: `IN_PROGRESS` → `InProgress`,
/// `param_invalid` → `ParamInvalid`.
pub(crate) fn pascal(wire: &str) -> Option<String> {
    let converted = wire.to_upper_camel_case();
    let converted = match converted.chars().next() {
        Some(c) if c.is_ascii_digit() => format!("V{converted}"),
        _ => converted,
    };
    is_ascii_ident(&converted).then(|| escape(converted))
}

/// An identifier without its `r#` prefix: what serde sees as the field name.
pub(crate) fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// Names from the standard prelude that generated code uses unqualified, with
/// the full path to use in a file where a model shadows them.
pub(crate) const PRELUDE: &[(&str, &str)] = &[
    ("Box", "::std::boxed::Box"),
    ("Default", "::core::default::Default"),
    ("Err", "::core::result::Result::Err"),
    ("Into", "::core::convert::Into"),
    ("None", "::core::option::Option::None"),
    ("Ok", "::core::result::Result::Ok"),
    ("Option", "::core::option::Option"),
    ("Result", "::core::result::Result"),
    ("Some", "::core::option::Option::Some"),
    ("String", "::std::string::String"),
    ("ToOwned", "::std::borrow::ToOwned"),
    ("Vec", "::std::vec::Vec"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_become_escaped_identifiers() {
        assert_eq!(snake("runId").as_deref(), Some("run_id"));
        assert_eq!(snake("type").as_deref(), Some("r#type"));
        assert_eq!(snake("self").as_deref(), Some("self_"));
        assert_eq!(snake("Self").as_deref(), Some("self_"));
        assert_eq!(snake("2fa").as_deref(), Some("_2fa"));
        assert_eq!(snake("名称"), None);
        assert_eq!(pascal("IN_PROGRESS").as_deref(), Some("InProgress"));
        assert_eq!(pascal("SmartCard").as_deref(), Some("SmartCard"));
        assert_eq!(pascal("self").as_deref(), Some("Self_"));
        assert_eq!(pascal("LONG-TERM").as_deref(), Some("LongTerm"));
        assert_eq!(pascal("1st").as_deref(), Some("V1st"));
    }
}
