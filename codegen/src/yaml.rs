//! All YAML access lives here, so the YAML library can be swapped in one place.
//!
//! Two services: [`parse`] reads a spec file into the [`crate::spec`] types
//! (syntax errors, unknown keys and wrong types come back located), and
//! [`locate`] finds where the node at a path starts, so later stages can point
//! their diagnostics at the exact key or value.
//!
//! serde_yaml keeps no spans on values, but it does stamp the position of the
//! node being read onto any error a `Deserialize` impl raises. [`locate`] walks
//! the document with a visitor that raises a marker error on reaching the
//! wanted node, and reads the position off that error. It re-reads one file
//! per diagnostic, so it costs nothing on the success path.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::diagnostic::{Diagnostic, Span};

/// One step of a path into a YAML document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seg<'a> {
    /// The value of a mapping entry.
    Key(&'a str),
    /// The key itself of a mapping entry.
    KeyName(&'a str),
    /// An element of a sequence.
    Index(usize),
}

/// Reads `text` (the file `file`) as a `T`.
pub(crate) fn parse<T: de::DeserializeOwned>(file: &str, text: &str) -> Result<T, Box<Diagnostic>> {
    serde_yaml::from_str(text).map_err(|err| {
        let span = err
            .location()
            .map_or(Span::start(), |loc| token_span(text, loc.index()));
        let message = err.to_string();
        // serde_yaml appends " at line L column C"; the span says that already.
        let message = match message.rsplit_once(" at line ") {
            Some((head, tail)) if tail.contains(" column ") => head.to_owned(),
            _ => message,
        };
        Box::new(Diagnostic::error(file, text, span, message, "here"))
    })
}

/// A spec file as YAML text, for the importer.
pub(crate) fn write(file: &crate::spec::SpecFile) -> String {
    serde_yaml::to_string(file).expect("spec types serialize to YAML")
}

/// A spec file read back, or `None` when it does not parse (validation
/// reports why).
pub(crate) fn read_spec(text: &str) -> Option<crate::spec::SpecFile> {
    serde_yaml::from_str(text).ok()
}

/// The span of the node at `path` in `text`, or of its nearest ancestor that
/// exists; the start of the file when nothing matches.
pub(crate) fn locate(text: &str, path: &[Seg<'_>]) -> Span {
    (0..=path.len())
        .rev()
        .find_map(|len| locate_exact(text, &path[..len]))
        .unwrap_or(Span::start())
}

fn locate_exact(text: &str, path: &[Seg<'_>]) -> Option<Span> {
    let deserializer = serde_yaml::Deserializer::from_str(text);
    match Locate(path).deserialize(deserializer) {
        Err(err) if err.to_string().contains(FOUND) => {
            err.location().map(|loc| token_span(text, loc.index()))
        }
        _ => None,
    }
}

/// The message of the marker error [`Locate`] raises at its target.
const FOUND: &str = "\u{0}located";

/// The span of the token that starts at `start`: a quoted scalar up to its
/// closing quote, anything else up to the end of its line (less a comment).
fn token_span(text: &str, start: usize) -> Span {
    let start = start.min(text.len());
    let rest = &text[start..];
    let line = rest.split('\n').next().unwrap_or("");
    let len = match line.chars().next() {
        Some(quote @ ('"' | '\'')) => line[1..].find(quote).map_or(line.len(), |close| close + 2),
        _ => line.find(" #").unwrap_or(line.len()),
    };
    let len = line[..len].trim_end().len().max(1).min(rest.len());
    Span::new(start, start + len)
}

/// A visitor that walks to the node at its path and fails there with [`FOUND`].
struct Locate<'p>(&'p [Seg<'p>]);

impl<'de> DeserializeSeed<'de> for Locate<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl Locate<'_> {
    fn scalar<E: de::Error>(&self) -> Result<(), E> {
        if self.0.is_empty() {
            Err(E::custom(FOUND))
        } else {
            Ok(())
        }
    }
}

macro_rules! scalars {
    ($($method:ident: $ty:ty),*) => {$(
        fn $method<E: de::Error>(self, _: $ty) -> Result<(), E> {
            self.scalar()
        }
    )*};
}

impl<'de> Visitor<'de> for Locate<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML node")
    }

    scalars!(visit_bool: bool, visit_i64: i64, visit_u64: u64, visit_f64: f64, visit_str: &str);

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.scalar()
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.scalar()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        match self.0 {
            [] => Err(de::Error::custom(FOUND)),
            [Seg::Index(index), rest @ ..] => {
                for _ in 0..*index {
                    if seq.next_element::<IgnoredAny>()?.is_none() {
                        return Ok(());
                    }
                }
                seq.next_element_seed(Locate(rest))?;
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (wanted, is_key, rest) = match self.0 {
            [] => return Err(de::Error::custom(FOUND)),
            [Seg::Key(key), rest @ ..] => (*key, false, rest),
            [Seg::KeyName(key), rest @ ..] => (*key, true, rest),
            [Seg::Index(_), ..] => return Ok(()),
        };
        while let Some(matched) = map.next_key_seed(KeySeed {
            wanted,
            fail_on_match: is_key,
        })? {
            if matched {
                return map.next_value_seed(Locate(rest));
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }
}

/// Reads a mapping key and says whether it is the wanted one; with
/// `fail_on_match`, fails on it instead, to locate the key itself.
struct KeySeed<'a> {
    wanted: &'a str,
    fail_on_match: bool,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<bool, E> {
        let matched = key == self.wanted;
        if matched && self.fail_on_match {
            Err(E::custom(FOUND))
        } else {
            Ok(matched)
        }
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_i64<E: de::Error>(self, key: i64) -> Result<bool, E> {
        self.visit_str(&key.to_string())
    }

    fn visit_u64<E: de::Error>(self, key: u64) -> Result<bool, E> {
        self.visit_str(&key.to_string())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<bool, A::Error> {
        Ok(false)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<bool, A::Error> {
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "\
endpoint:
  path: \"/open-apis/x/:id\"
  path_params:
    - name: id
      type: string
    - name: other   # a comment
      type: strin
models: []
";

    fn at(span: Span) -> &'static str {
        &DOC[span.start..span.end]
    }

    #[test]
    fn locates_values_keys_and_sequence_items() {
        let param = [Seg::Key("endpoint"), Seg::Key("path_params"), Seg::Index(1)];
        assert_eq!(
            at(locate(
                DOC,
                &[param[0], param[1], param[2], Seg::Key("type")]
            )),
            "strin"
        );
        assert_eq!(
            at(locate(
                DOC,
                &[param[0], param[1], param[2], Seg::Key("name")]
            )),
            "other"
        );
        assert_eq!(
            at(locate(DOC, &[Seg::Key("endpoint"), Seg::Key("path")])),
            "\"/open-apis/x/:id\""
        );
        assert_eq!(at(locate(DOC, &[Seg::KeyName("models")])), "models: []");
    }

    #[test]
    fn falls_back_to_the_nearest_existing_ancestor() {
        let span = locate(
            DOC,
            &[Seg::Key("endpoint"), Seg::Key("path_params"), Seg::Index(7)],
        );
        assert_eq!(at(span), "- name: id");
    }
}
