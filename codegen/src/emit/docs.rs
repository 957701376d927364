//! Doc comments: spec text made safe for rustdoc.

use proc_macro2::TokenStream;
use quote::quote;

/// Collects the paragraphs of one item's documentation.
#[derive(Default)]
pub(crate) struct Docs {
    paragraphs: Vec<String>,
}

impl Docs {
    /// Adds a paragraph of spec text (markdown), made safe for rustdoc.
    pub fn text(&mut self, text: Option<&str>) -> &mut Self {
        if let Some(text) = text.map(str::trim).filter(|text| !text.is_empty()) {
            self.paragraphs.push(sanitize(text));
        }
        self
    }

    /// Adds a paragraph written by the generator (already valid rustdoc).
    pub fn raw(&mut self, text: impl Into<String>) -> &mut Self {
        self.paragraphs.push(text.into());
        self
    }

    /// `#[doc = "..."]` attributes, one per line, paragraphs separated by a
    /// blank line; rendered as `///` comments.
    pub fn outer(&self) -> TokenStream {
        self.lines().map(|line| quote!(#[doc = #line])).collect()
    }

    /// The same as inner attributes, rendered as `//!` comments.
    pub fn inner(&self) -> TokenStream {
        self.lines().map(|line| quote!(#![doc = #line])).collect()
    }

    fn lines(&self) -> impl Iterator<Item = String> + '_ {
        self.paragraphs
            .iter()
            .enumerate()
            .flat_map(|(i, paragraph)| {
                let separator = (i > 0).then(String::new);
                separator.into_iter().chain(paragraph.lines().map(|line| {
                    if line.is_empty() {
                        String::new()
                    } else {
                        format!(" {line}")
                    }
                }))
            })
    }
}

/// `code` as inline code, whatever backticks it holds.
pub(crate) fn code(text: &str) -> String {
    let ticks = "`".repeat(longest_run(text, '`') + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

fn longest_run(text: &str, c: char) -> usize {
    text.split(|other| other != c)
        .map(str::len)
        .max()
        .unwrap_or(0)
}

/// Makes markdown from the docs safe for rustdoc: bare URLs become autolinks,
/// brackets that are not links are escaped (rustdoc would try them as
/// intra-doc links), code fences are marked as text (not doctests), and
/// indentation that would start a code block is dropped, and tabs become
/// spaces.
pub(crate) fn sanitize(text: &str) -> String {
    let text = text.replace('\t', "    ");
    let mut out = String::with_capacity(text.len());
    let mut in_fence = false;
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            out.push_str("```");
            if !in_fence {
                out.push_str(if info.trim().is_empty() {
                    "text"
                } else {
                    info.trim()
                });
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push_str(line);
        } else {
            out.push_str(&inline(trimmed));
        }
    }
    if in_fence {
        out.push_str("\n```");
    }
    out
}

fn inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            // Inline code is copied as it is, up to its closing backticks.
            let run = rest.len() - rest.trim_start_matches('`').len();
            let ticks = &rest[..run];
            let end = rest[run..]
                .find(ticks)
                .map_or(run, |close| run + close + run);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        } else if c == '[' {
            match link_end(rest) {
                Some(end) => {
                    out.push_str(&rest[..end]);
                    rest = &rest[end..];
                }
                None => {
                    out.push_str("\\[");
                    rest = &rest[1..];
                }
            }
        } else if c == ']' {
            out.push_str("\\]");
            rest = &rest[1..];
        } else if (rest.starts_with("https://") || rest.starts_with("http://"))
            && !out.ends_with('<')
        {
            let end = rest
                .find(|c: char| !c.is_ascii_graphic() || matches!(c, '<' | '>' | '"' | ')' | ']'))
                .unwrap_or(rest.len());
            out.push('<');
            out.push_str(&rest[..end]);
            out.push('>');
            rest = &rest[end..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The length of a markdown link `[text](target)` at the start of `text`.
fn link_end(text: &str) -> Option<usize> {
    let close = text.find("](")?;
    if text[1..close].contains(['[', ']']) {
        return None;
    }
    let target_end = text[close + 2..].find(')')?;
    Some(close + 2 + target_end + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_stay_and_stray_brackets_are_escaped() {
        assert_eq!(
            sanitize("参考 [创建会话](/ssl:ttdoc/x) 接口"),
            "参考 [创建会话](/ssl:ttdoc/x) 接口"
        );
        assert_eq!(sanitize("a [Run] b"), "a \\[Run\\] b");
        assert_eq!(sanitize("a `[x]` b"), "a `[x]` b");
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            sanitize("见 https://open.feishu.cn/a?b=1，谢谢"),
            "见 <https://open.feishu.cn/a?b=1>，谢谢"
        );
        assert_eq!(sanitize("<https://x.y/z>"), "<https://x.y/z>");
    }

    #[test]
    fn fences_are_text_and_indentation_is_dropped() {
        assert_eq!(sanitize("```\nlet x;\n```"), "```text\nlet x;\n```");
        assert_eq!(sanitize("    four spaces"), "four spaces");
    }

    #[test]
    fn tabs_become_spaces() {
        assert_eq!(sanitize("a\tb\n\tc"), "a    b\nc");
    }

    #[test]
    fn inline_code_survives_backticks() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b"), "``a`b``");
    }
}
