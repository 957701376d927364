//! The description cell of a parameter or field row: the description, then
//! `**示例值**`, `**数据校验规则**`, `**可选值有**` and `**默认值**` parts.

use std::sync::LazyLock;

use regex_lite::Regex;
use serde_json::Value;

use crate::spec::Limits;

/// What one description cell says.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Cell {
    pub description: Option<String>,
    pub example: Option<Value>,
    pub limits: Option<Limits>,
    /// Documented values (可选值有): value and description.
    pub values: Vec<(String, Option<String>)>,
    /// A default (默认值), kept in the description.
    pub default: Option<String>,
    /// Parts that were not understood, for a warning.
    pub unplaced: Vec<String>,
}

const EXAMPLE: &str = "**示例值**：";
const LIMITS: &str = "**数据校验规则**：";
const VALUES: &str = "**可选值有**：";
const DEFAULT: &str = "**默认值**：";

/// Splits a cell at its markers and reads each part.
pub(crate) fn parse(text: &str) -> Cell {
    // Some pages put the colon inside the bold: `**示例值：**`.
    let text = unescape(text)
        .replace("**示例值：**", EXAMPLE)
        .replace("**数据校验规则：**", LIMITS)
        .replace("**可选值有：**", VALUES)
        .replace("**默认值：**", DEFAULT);
    let mut cuts: Vec<(usize, &str)> = [EXAMPLE, LIMITS, VALUES, DEFAULT]
        .iter()
        .flat_map(|marker| text.match_indices(marker).collect::<Vec<_>>())
        .collect();
    cuts.sort();
    let mut cell = Cell::default();
    let head = &text[..cuts.first().map_or(text.len(), |(at, _)| *at)];
    cell.description = clean(head);
    for (n, (at, marker)) in cuts.iter().enumerate() {
        let end = cuts.get(n + 1).map_or(text.len(), |(next, _)| *next);
        let part = text[at + marker.len()..end].trim();
        match *marker {
            EXAMPLE => cell.example = Some(example(part)),
            LIMITS => cell.limits = limits(part, &mut cell.unplaced),
            VALUES => cell.values = values(part),
            _ => cell.default = clean(part),
        }
    }
    cell
}

/// The docs' HTML entities and line breaks, as text.
pub(crate) fn unescape(text: &str) -> String {
    text.replace("&gt;", ">")
        .replace("&lt;", "<")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .replace("\\[", "[")
        .replace("\\]", "]")
        .replace("\\-", "-")
}

/// A description: `<br>` become line breaks, surrounding blanks go.
fn clean(text: &str) -> Option<String> {
    let lines: Vec<&str> = text
        .split("<br>")
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    let joined = lines.join("\n");
    (!joined.is_empty()).then_some(joined)
}

/// An example value: a quoted string, or JSON, or the bare text.
fn example(part: &str) -> Value {
    let part = part.split("<br>").next().unwrap_or_default().trim();
    if let Some(quoted) = part
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
    {
        // Some pages wrap a JSON example in code quotes and escape its own
        // quotes: `"`{\"key\": 1}`"` means `{"key": 1}`.
        let quoted = match quoted
            .strip_prefix('`')
            .and_then(|rest| rest.strip_suffix('`'))
        {
            Some(code) => code.replace("\\\"", "\""),
            None => quoted.to_owned(),
        };
        return Value::String(quoted);
    }
    serde_json::from_str(part).unwrap_or_else(|_| Value::String(part.to_owned()))
}

fn limits(part: &str, unplaced: &mut Vec<String>) -> Option<Limits> {
    // Compiled once: every parameter and field row comes through here.
    static LENGTH: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"长度范围：`(-?\d+)`\s*～\s*`(-?\d+)`\s*(字符)?").expect("a valid pattern")
    });
    static RANGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"取值范围：`(-?\d+)`\s*～\s*`(-?\d+)`").expect("a valid pattern")
    });
    static PATTERN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"正则校验：`([^`]+)`").expect("a valid pattern"));
    let (length, range, pattern) = (&*LENGTH, &*RANGE, &*PATTERN);
    let mut limits = Limits::default();
    let mut found = false;
    if let Some(m) = length.captures(part) {
        let (min, max) = (m[1].parse().ok(), m[2].parse().ok());
        if m.get(3).is_some() {
            (limits.min_length, limits.max_length) = (min, max);
        } else {
            // Without 字符 the docs count items (of an array) or characters:
            // the caller decides by the type.
            (limits.min_items, limits.max_items) = (min, max);
        }
        found = true;
    }
    if let Some(m) = range.captures(part) {
        (limits.minimum, limits.maximum) = (m[1].parse().ok(), m[2].parse().ok());
        found = true;
    }
    if let Some(m) = pattern.captures(part) {
        limits.pattern = Some(m[1].to_owned());
        found = true;
    }
    // Whatever the known rules leave is a rule the importer does not know.
    let mut rest = part.to_owned();
    for regex in [length, range, pattern] {
        rest = regex.replace_all(&rest, "").into_owned();
    }
    let rest = rest.replace("<br>", " ");
    let rest = rest.trim_matches(|c: char| c.is_whitespace() || c == '-');
    if !rest.is_empty() {
        unplaced.push(format!("validation rule `{rest}`"));
    }
    found.then_some(limits)
}

/// `- `A`: 说明 - `B`: 说明`: each value with its description.
fn values(part: &str) -> Vec<(String, Option<String>)> {
    static VALUE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"`([^`]+)`:").expect("a valid pattern"));
    let starts: Vec<(usize, usize, String)> = VALUE
        .captures_iter(part)
        .map(|m| {
            let whole = m.get(0).expect("a match has its whole");
            (whole.start(), whole.end(), m[1].to_owned())
        })
        .collect();
    starts
        .iter()
        .enumerate()
        .map(|(n, (_, end, value))| {
            let stop = starts.get(n + 1).map_or(part.len(), |(next, _, _)| *next);
            let description = part[*end..stop]
                .replace("<br>", " ")
                .trim()
                .trim_end_matches('-')
                .trim()
                .to_owned();
            (
                value.clone(),
                (!description.is_empty()).then_some(description),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_parameter_cell() {
        let cell = parse(
            "会话 ID；参考 [创建会话](https://x.invalid) 接口<br>**示例值**：\"session_4dfunz7sp1g8m\"<br>**数据校验规则**：<br>- 长度范围：`9` ～ `32` 字符 - 正则校验：`session_[0-9a-hjkmnp-z]{1,24}`",
        );
        assert_eq!(
            cell.description.as_deref(),
            Some("会话 ID；参考 [创建会话](https://x.invalid) 接口")
        );
        assert_eq!(cell.example, Some(Value::from("session_4dfunz7sp1g8m")));
        let limits = cell.limits.unwrap();
        assert_eq!((limits.min_length, limits.max_length), (Some(9), Some(32)));
        assert_eq!(
            limits.pattern.as_deref(),
            Some("session_[0-9a-hjkmnp-z]{1,24}")
        );
    }

    #[test]
    fn values_examples_and_item_counts() {
        let cell = parse(
            "消息的类型<br>**示例值**：\"MDX\"<br>**可选值有**：<br>- `MDX`: MDX - `CLIP`: GUI 卡片 - `SmartCard`: SmartCard",
        );
        assert_eq!(
            cell.values,
            [
                ("MDX".to_owned(), Some("MDX".to_owned())),
                ("CLIP".to_owned(), Some("GUI 卡片".to_owned())),
                ("SmartCard".to_owned(), Some("SmartCard".to_owned())),
            ]
        );
        let cell = parse(
            "文件 ID 列表<br>**示例值**：[\"file_4d9nu1ev3a2rq\"]<br>**数据校验规则**：<br>- 长度范围：`0` ～ `32`",
        );
        assert_eq!(
            cell.example,
            Some(serde_json::json!(["file_4d9nu1ev3a2rq"]))
        );
        assert_eq!(cell.limits.unwrap().max_items, Some(32));
        let cell = parse("默认 20<br>**示例值**：20");
        assert_eq!(cell.example, Some(Value::from(20)));
    }

    #[test]
    fn inline_markers_and_entities() {
        let cell = parse(
            "唯一用户身份标识。 &gt; 建议使用 **示例值**：\"ou_5\" **数据校验规则**： - 长度范围：`0` ～ `255` 字符",
        );
        assert_eq!(
            cell.description.as_deref(),
            Some("唯一用户身份标识。 > 建议使用")
        );
        assert_eq!(cell.example, Some(Value::from("ou_5")));
        assert_eq!(cell.limits.unwrap().max_length, Some(255));
    }
}
