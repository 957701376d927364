//! Just enough markdown for the Open Platform's doc pages: front matter,
//! headings, pipe tables, fenced code, and the text between, each with the
//! line it starts on.

use std::collections::BTreeMap;

/// A page, split into blocks.
pub(crate) struct Doc {
    /// `key: "value"` pairs of the front matter, quotes removed.
    pub front: BTreeMap<String, String>,
    pub blocks: Vec<Block>,
}

/// One block and its 1-based starting line.
pub(crate) struct Block {
    pub line: usize,
    pub kind: Kind,
}

pub(crate) enum Kind {
    Heading {
        level: usize,
        text: String,
    },
    /// Rows of trimmed cells; the header row first, the `---` row dropped.
    Table(Vec<Vec<String>>),
    Code {
        lang: String,
        text: String,
    },
    /// A paragraph: consecutive non-blank lines, joined with `\n`.
    Text(String),
}

pub(crate) fn parse(text: &str) -> Doc {
    let lines: Vec<&str> = text.lines().collect();
    let mut front = BTreeMap::new();
    let mut i = 0;
    if lines.first().is_some_and(|line| line.trim() == "---") {
        i = 1;
        while i < lines.len() && lines[i].trim() != "---" {
            if let Some((key, value)) = lines[i].split_once(':') {
                front.insert(
                    key.trim().to_owned(),
                    value.trim().trim_matches('"').to_owned(),
                );
            }
            i += 1;
        }
        i += 1;
    }
    let mut blocks = Vec::new();
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        let start = i + 1;
        if trimmed.is_empty() {
            i += 1;
        } else if let Some(fence) = trimmed.strip_prefix("```") {
            let lang = fence.trim().to_owned();
            let mut body = Vec::new();
            i += 1;
            while i < lines.len() && !lines[i].trim().starts_with("```") {
                body.push(lines[i]);
                i += 1;
            }
            i += 1;
            blocks.push(Block {
                line: start,
                kind: Kind::Code {
                    lang,
                    text: body.join("\n"),
                },
            });
        } else if trimmed.starts_with('#') {
            let level = trimmed.chars().take_while(|c| *c == '#').count();
            blocks.push(Block {
                line: start,
                kind: Kind::Heading {
                    level,
                    text: trimmed[level..].trim().to_owned(),
                },
            });
            i += 1;
        } else if trimmed.starts_with('|') {
            let mut rows = Vec::new();
            while i < lines.len() && lines[i].trim().starts_with('|') {
                let row = split_row(lines[i].trim());
                let separator = row.iter().all(|cell| {
                    !cell.is_empty() && cell.chars().all(|c| matches!(c, '-' | ':' | ' '))
                });
                if !separator {
                    rows.push(row);
                }
                i += 1;
            }
            // A row with more cells than the header had a `|` in its text:
            // the docs' last column is the free text, so the extra cells
            // belong to it.
            let width = rows.first().map_or(0, Vec::len);
            for row in &mut rows {
                if width > 0 && row.len() > width {
                    let tail = row.split_off(width - 1).join(" | ");
                    row.push(tail);
                }
            }
            blocks.push(Block {
                line: start,
                kind: Kind::Table(rows),
            });
        } else {
            let mut paragraph = Vec::new();
            while i < lines.len() {
                let next = lines[i].trim();
                if next.is_empty()
                    || next.starts_with('#')
                    || next.starts_with('|')
                    || next.starts_with("```")
                {
                    break;
                }
                paragraph.push(next);
                i += 1;
            }
            blocks.push(Block {
                line: start,
                kind: Kind::Text(paragraph.join("\n")),
            });
        }
    }
    Doc { front, blocks }
}

/// The cells of `| a | b \| c |`: an escaped `\|` stays in its cell. (An
/// unescaped one inside a cell, as in `` `MDX` | `TEXT` ``, splits it; the
/// table puts such a row back together.)
fn split_row(line: &str) -> Vec<String> {
    let inner = line.strip_prefix('|').unwrap_or(line);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut cell).trim().to_owned()),
            other => cell.push(other),
        }
    }
    cells.push(cell.trim().to_owned());
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "---\ntitle: \"标题\"\nfullPath: \"/a/b\"\n---\n\n# 标题\n\n说明一。\n说明二。\n\n| 名称 | 类型 |\n| --- | --- |\n| `a` | `string\\|int` |\n\n```json\n{\"k\": 1}\n```\n";

    #[test]
    fn blocks_keep_their_lines() {
        let doc = parse(PAGE);
        assert_eq!(doc.front["title"], "标题");
        assert_eq!(doc.front["fullPath"], "/a/b");
        let lines: Vec<usize> = doc.blocks.iter().map(|block| block.line).collect();
        assert_eq!(lines, [6, 8, 11, 15]);
        let Kind::Table(rows) = &doc.blocks[2].kind else {
            panic!("a table");
        };
        assert_eq!(rows, &[vec!["名称", "类型"], vec!["`a`", "`string|int`"]]);
        let Kind::Text(text) = &doc.blocks[1].kind else {
            panic!("text");
        };
        assert_eq!(text, "说明一。\n说明二。");
        let Kind::Code { lang, text } = &doc.blocks[3].kind else {
            panic!("code");
        };
        assert_eq!((lang.as_str(), text.as_str()), ("json", "{\"k\": 1}"));
    }

    #[test]
    fn a_pipe_in_the_text_column_stays_in_it() {
        let doc = parse("| 名称 | 描述 |\n| --- | --- |\n| `t` | 包括 `MDX` | `TEXT` 等 |\n");
        let Kind::Table(rows) = &doc.blocks[0].kind else {
            panic!("a table");
        };
        assert_eq!(rows[1], ["`t`", "包括 `MDX` | `TEXT` 等"]);
    }
}
