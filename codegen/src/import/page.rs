//! One doc page to one endpoint and the models its tables define. Both page
//! layouts are read: the reference pages' (front matter, `### 请求体`,
//! `### 响应体` tables) and the older one of the seed page (`| 基本 | |`
//! table, SDK call samples).

use std::collections::BTreeMap;

use heck::{ToSnakeCase, ToUpperCamelCase};
use serde_json::Value;

use super::Warning;
use super::cell::{self, Cell};
use super::markdown::{self, Block, Kind};
use crate::spec::{
    self, AppType, Body, EnumValue, EnvelopeKind, ErrorCode, Example, Field, HttpMethod, Limits,
    Model, Pagination, Response, Scope, TokenKind,
};

/// What one page gives.
pub(crate) struct PageSpec {
    /// `["aily", "v1", "aily_session_run", "cancel"]`.
    pub module: Vec<String>,
    pub endpoint: spec::Endpoint,
    /// Models its tables define, in table order.
    pub models: Vec<Model>,
}

/// A table row of a parameter or field, with its nesting level.
struct Row {
    line: usize,
    level: usize,
    name: String,
    ty: String,
    required: bool,
    cell: Cell,
}

struct Reader<'p> {
    page: &'p str,
    /// The response example's text, for the order of inferred fields.
    example_text: String,
    warnings: &'p mut Vec<Warning>,
    models: Vec<Model>,
}

impl Reader<'_> {
    fn warn(&mut self, line: usize, message: impl Into<String>) {
        self.warnings.push(Warning {
            page: self.page.to_owned(),
            line,
            message: message.into(),
        });
    }

    /// Defines `model`; a second definition on the page (a request and a
    /// response sharing a type) merges into the first when their shapes
    /// agree, and is reported when they do not.
    fn define(&mut self, model: Model, line: usize) {
        let enums = self.enum_names();
        match self
            .models
            .iter_mut()
            .find(|known| known.name == model.name)
        {
            None => self.models.push(model),
            Some(known) => {
                if !super::merge(known, &model, &enums) {
                    let name = model.name.clone();
                    self.warn(
                        line,
                        format!("`{name}` is defined again with another shape on this page; the first is kept"),
                    );
                }
            }
        }
    }

    fn enum_names(&self) -> std::collections::BTreeSet<String> {
        self.models
            .iter()
            .filter(|model| model.values.is_some())
            .map(|model| model.name.clone())
            .collect()
    }
}

/// The rows of a field table, whatever its columns.
fn rows(table: &[Vec<String>], line: usize) -> Vec<Row> {
    let Some(header) = table.first() else {
        return Vec::new();
    };
    let column = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.iter().any(|n| h.contains(n)))
    };
    let (Some(name_at), Some(type_at)) = (column(&["名称", "参数名", "参数"]), column(&["类型"]))
    else {
        return Vec::new();
    };
    let required_at = column(&["必填"]);
    let description_at = column(&["描述", "说明"]);
    table
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, row)| {
            let get = |at: Option<usize>| at.and_then(|at| row.get(at)).map_or("", String::as_str);
            let raw_name = cell::unescape(get(Some(name_at)));
            let indent = raw_name.chars().take_while(|c| *c == ' ').count();
            let nested = raw_name.contains('└');
            let name = raw_name.replace(['└', '`'], "").trim().to_owned();
            Row {
                // The `---` row sits between the header and the first row.
                line: line + i + 1,
                // `&nbsp;&nbsp;└` is the first level of nesting.
                level: if nested { (indent / 2).max(1) } else { 0 },
                name,
                ty: cell::unescape(get(Some(type_at)))
                    .replace(['`', '\\'], "")
                    .trim()
                    .to_owned(),
                required: get(required_at).contains('是'),
                cell: cell::parse(get(description_at)),
            }
        })
        .collect()
}

/// The fields of `rows` at `level`, starting at `*at`; nested rows become
/// models named after their type, defined on `reader`.
fn fields(
    reader: &mut Reader<'_>,
    rows: &[Row],
    at: &mut usize,
    level: usize,
    owner: &str,
) -> Vec<Field> {
    let mut out = Vec::new();
    while *at < rows.len() && rows[*at].level >= level {
        let row = &rows[*at];
        *at += 1;
        if row.level > level {
            reader.warn(
                row.line,
                format!(
                    "`{}` is nested deeper than the row above it; not imported",
                    row.name
                ),
            );
            continue;
        }
        let children = if *at < rows.len() && rows[*at].level > level {
            // Named after its type; a generic one (`object`, `-`) after what
            // holds it.
            let type_name = row.ty.trim_end_matches("[]");
            let generic = matches!(type_name, "object" | "map" | "json" | "-" | "")
                || !type_name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_');
            let model_name = if generic {
                format!("{owner}{}", row.name.to_upper_camel_case())
            } else {
                type_name.to_upper_camel_case()
            };
            let children = fields(reader, rows, at, level + 1, &model_name);
            Some((model_name, children))
        } else {
            None
        };
        out.push(field(reader, row, children, owner));
    }
    out
}

/// One row as a field; `children` are its nested rows, already read.
fn field(
    reader: &mut Reader<'_>,
    row: &Row,
    children: Option<(String, Vec<Field>)>,
    owner: &str,
) -> Field {
    let depth = row.ty.matches("[]").count();
    let array = depth > 0;
    let base = row.ty.trim_end_matches("[]");
    let string_like = base == "string";
    let mut description_text = row.cell.description.clone();
    if let Some(default) = &row.cell.default {
        let line = format!("默认值：{default}");
        description_text = Some(match description_text {
            Some(text) => format!("{text}\n{line}"),
            None => line,
        });
    }
    let description = description_text.clone().unwrap_or_default();
    let mut limits = row.cell.limits.clone();
    for unplaced in &row.cell.unplaced {
        reader.warn(
            row.line,
            format!("`{}`: {unplaced} has no home in the format", row.name),
        );
    }
    let element = if let Some((model, children)) = children {
        reader.define(
            Model {
                name: model.clone(),
                description: None,
                fields: Some(children),
                values: None,
            },
            row.line,
        );
        model
    } else if !row.cell.values.is_empty() && string_like {
        let model = format!("{owner}{}", row.name.to_upper_camel_case());
        reader.define(
            Model {
                name: model.clone(),
                description: row.cell.description.clone(),
                fields: None,
                values: Some(
                    row.cell
                        .values
                        .iter()
                        .map(|(value, description)| EnumValue {
                            value: value.clone(),
                            description: description.clone(),
                            rust_name: None,
                        })
                        .collect(),
                ),
            },
            row.line,
        );
        model
    } else {
        if !row.cell.values.is_empty() {
            reader.warn(
                row.line,
                format!("`{}` lists values, but is a `{base}`: enums are strings; the values stay in the description", row.name),
            );
            let listed: Vec<String> = row
                .cell
                .values
                .iter()
                .map(|(v, _)| format!("`{v}`"))
                .collect();
            let line = format!("可选值：{}", listed.join("、"));
            description_text = Some(match description_text.take() {
                Some(text) => format!("{text}\n{line}"),
                None => line,
            });
        }
        match base {
            "string" => {
                let json_example = row
                    .cell
                    .example
                    .as_ref()
                    .and_then(Value::as_str)
                    .is_some_and(is_json_document);
                let name = row.name.to_ascii_lowercase();
                if name.ends_with("secret") || name.ends_with("access_token") {
                    // Credentials: masked in Debug and logs.
                    "secret".to_owned()
                } else if description.contains("毫秒时间戳") {
                    "timestamp_ms".to_owned()
                } else if description.contains("秒时间戳") {
                    "timestamp_s".to_owned()
                } else if json_example {
                    "json_string".to_owned()
                } else {
                    "string".to_owned()
                }
            }
            "int" | "integer" | "int32" => "int32".to_owned(),
            "int64" | "long" => "int64".to_owned(),
            "boolean" | "bool" => "boolean".to_owned(),
            "float" | "double" | "number" | "float64" => "float64".to_owned(),
            "object" | "map" | "json" => "json".to_owned(),
            "" => {
                reader.warn(
                    row.line,
                    format!("`{}` has no type; imported as `json`", row.name),
                );
                "json".to_owned()
            }
            other => {
                // An object type the page does not spell out.
                let model = other.to_upper_camel_case();
                reader.warn(
                    row.line,
                    format!("`{}` is a `{other}` whose fields the page does not list; `{model}` must be defined elsewhere", row.name),
                );
                model
            }
        }
    };
    let mut ty = element.clone();
    for _ in 0..depth {
        ty = format!("array<{ty}>");
    }
    // Without 字符, the docs' length range counts items (of an array) or
    // characters (of a string); on anything else it has no meaning here.
    if let Some(limits) = &mut limits
        && !array
        && (limits.min_items.is_some() || limits.max_items.is_some())
    {
        if string_like {
            limits.min_length = limits.min_items.take();
            limits.max_length = limits.max_items.take();
        } else {
            limits.min_items = None;
            limits.max_items = None;
            reader.warn(
                row.line,
                format!(
                    "`{}` has a length range, but is a `{base}`; it is not imported",
                    row.name
                ),
            );
        }
    }
    let limits = limits.filter(|limits| *limits != Limits::default());
    Field {
        name: row.name.clone(),
        ty,
        required: row.required,
        description: description_text,
        example: row
            .cell
            .example
            .clone()
            .filter(|_| !element.starts_with(char::is_uppercase) || !row.cell.values.is_empty()),
        limits,
        rust_name: None,
    }
}

/// `[text](url)` → `text`.
fn link_text(text: &str) -> String {
    let text = text.trim();
    match (text.strip_prefix('['), text.find("](")) {
        (Some(_), Some(end)) => text[1..end].to_owned(),
        _ => text.to_owned(),
    }
}

/// The path of a URL: `https://open.feishu.cn/open-apis/x` → `/open-apis/x`.
fn url_path(url: &str) -> Option<String> {
    let url = url.trim().trim_matches('`');
    url.find("/open-apis/").map(|at| url[at..].to_owned())
}

/// RFC 3986 unreserved characters stay; everything else is encoded, as the
/// runtime encodes query values.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Reads one page into the endpoint it documents and the models its tables
/// define. Gives `None`, with a warning, when the page lacks what an
/// endpoint needs: a title, an HTTP URL and method, and a place among the
/// modules.
pub(crate) fn read(page: &str, text: &str, warnings: &mut Vec<Warning>) -> Option<PageSpec> {
    let doc = markdown::parse(text);
    let mut reader = Reader {
        page,
        example_text: String::new(),
        warnings,
        models: Vec::new(),
    };
    let scan = Scan::read(&mut reader, &doc);
    let Some(summary) = scan.summary.clone() else {
        reader.warn(1, "the page has no title; not imported");
        return None;
    };
    let request = Request::read(&mut reader, &scan)?;
    let full_path = doc.front.get("fullPath").map(String::as_str);
    let (module, doc_url) = place(&mut reader, full_path, scan.sdk_call.as_deref())?;
    let owner = owner(full_path, &module);
    let params = Params::read(&mut reader, &scan.tables, &owner);
    let response = response(&mut reader, &scan, &owner);
    let pagination = pagination(&params.query, &response.fields);
    let examples = vec![example(&request.path, &params, &scan)];

    let endpoint = spec::Endpoint {
        summary,
        summary_en: None,
        description: scan.description,
        notes: scan.notes,
        doc_url,
        method: request.method,
        path: request.path,
        tokens: request.tokens,
        app_types: request.app_types,
        scopes: request.scopes,
        rate_limit: request.rate_limit,
        path_params: params.path,
        query_params: params.query,
        headers: params.headers,
        body: params.body,
        pagination,
        response,
        errors: scan.errors,
        examples,
    };
    let models = std::mem::take(&mut reader.models);
    Some(PageSpec {
        module,
        endpoint,
        models,
    })
}

/// What a page's blocks hold, sorted by where it goes; nothing is read as
/// an endpoint yet.
struct Scan {
    /// The page's visible title, or the front matter's.
    summary: Option<String>,
    /// The first paragraph under the title.
    description: Option<String>,
    notes: Vec<String>,
    /// The request table's values by row key (`HTTP URL`, `权限要求`, …).
    request: BTreeMap<String, Vec<String>>,
    /// The field tables by what they list (`path`, `query`, `headers`,
    /// `body`, `response`), each with its line.
    tables: BTreeMap<&'static str, (Vec<Vec<String>>, usize)>,
    request_example: Option<String>,
    response_example: Option<String>,
    /// The URL of the curl sample.
    curl_url: Option<String>,
    /// The Node SDK sample's call, e.g. `aily.v1.ailySessionRun.cancel`.
    sdk_call: Option<String>,
    errors: Vec<ErrorCode>,
}

impl Scan {
    /// Goes through the blocks in order, keeping what each holds under the
    /// heading it sits in, and reports what has no home in the format.
    fn read(reader: &mut Reader<'_>, doc: &markdown::Doc) -> Scan {
        let mut scan = Scan {
            summary: doc.front.get("title").cloned(),
            description: None,
            notes: Vec::new(),
            request: BTreeMap::new(),
            tables: BTreeMap::new(),
            request_example: None,
            response_example: None,
            curl_url: None,
            sdk_call: None,
            errors: Vec::new(),
        };
        let mut section = String::new();
        let mut sample_warned = false;
        let mut titled = false;
        for Block { line, kind } in &doc.blocks {
            let line = *line;
            match kind {
                Kind::Heading { level, text } => {
                    if !titled && *level <= 2 {
                        // The page's visible title wins over the front
                        // matter's (they differ on some pages); what follows
                        // it is the description.
                        scan.summary = Some(text.clone());
                        titled = true;
                        section.clear();
                    } else {
                        section = text.clone();
                    }
                }
                Kind::Table(rows) => scan.table(reader, line, rows, &section),
                Kind::Code { lang, text } => {
                    scan.code(reader, line, lang, text, &section, &mut sample_warned);
                }
                Kind::Text(text) => scan.text(reader, line, text, &section),
            }
        }
        scan
    }

    /// Keeps a table: the request table's rows, the error codes, or a field
    /// table under the heading that says what it lists.
    fn table(&mut self, reader: &mut Reader<'_>, line: usize, rows: &[Vec<String>], section: &str) {
        let first = rows.first().map(|row| row.join("|")).unwrap_or_default();
        if first.contains("HTTP URL") || first.starts_with("项目") || first.starts_with("基本")
        {
            self.request_rows(reader, line, rows);
        } else if section.contains("错误码") {
            self.error_rows(reader, line, rows);
        } else {
            let key = match section {
                s if s.contains("请求头") => "headers",
                s if s.contains("路径参数") => "path",
                s if s.contains("查询参数") => "query",
                s if s.contains("请求体") => "body",
                s if s.contains("响应体") || s == "响应" => "response",
                _ => "",
            };
            if key.is_empty() || self.tables.contains_key(key) {
                reader.warn(
                    line,
                    format!("a table under `{section}` has no home in the format"),
                );
            } else {
                self.tables.insert(key, (rows.to_vec(), line));
            }
        }
    }

    /// Keeps the request table's values by row key; a row the format has
    /// no place for is reported.
    fn request_rows(&mut self, reader: &mut Reader<'_>, line: usize, rows: &[Vec<String>]) {
        const KNOWN: [&str; 8] = [
            "项目",
            "基本",
            "HTTP URL",
            "HTTP Method",
            "接口频率限制",
            "支持的应用类型",
            "支持的访问令牌",
            "权限要求",
        ];
        for (i, row) in rows.iter().enumerate() {
            if let [key, value, ..] = row.as_slice() {
                let key = key.split_whitespace().collect::<Vec<_>>().join(" ");
                if !KNOWN.iter().any(|known| key.starts_with(known)) {
                    reader.warn(
                        line + i + usize::from(i > 0),
                        format!("the request row `{key}` has no home in the format"),
                    );
                }
                self.request.entry(key).or_default().push(value.clone());
            }
        }
    }

    /// Keeps the rows of an error code table: HTTP status, code, message
    /// and advice.
    fn error_rows(&mut self, reader: &mut Reader<'_>, line: usize, rows: &[Vec<String>]) {
        for (i, row) in rows.iter().enumerate().skip(1) {
            match row.as_slice() {
                [status, code, message, advice, ..] => match (status.parse(), code.parse()) {
                    (Ok(http_status), Ok(code)) => self.errors.push(ErrorCode {
                        http_status,
                        code,
                        // Two messages alike get their codes.
                        name: {
                            let name = error_name(message, code);
                            if self.errors.iter().any(|e: &ErrorCode| e.name == name) {
                                format!("{name}_{code}")
                            } else {
                                name
                            }
                        },
                        message: message.clone(),
                        advice: (!advice.is_empty()).then(|| advice.clone()),
                    }),
                    _ => reader.warn(
                        line + i + 1,
                        "an error row whose status or code is not a number",
                    ),
                },
                _ => reader.warn(line + i + 1, "an error row without four columns"),
            }
        }
    }

    /// Keeps a code block: the first request and response examples, the
    /// curl sample's URL and the Node SDK sample's call. Samples in other
    /// languages are reported once.
    fn code(
        &mut self,
        reader: &mut Reader<'_>,
        line: usize,
        lang: &str,
        text: &str,
        section: &str,
        sample_warned: &mut bool,
    ) {
        if section.contains("请求体示例") {
            if self.request_example.is_some() {
                reader.warn(line, "a second request example; only the first is imported");
            } else {
                self.request_example = Some(text.to_owned());
            }
        } else if section.contains("响应")
            && (lang == "json" || text.trim_start().starts_with('{'))
            && self.response_example.is_none()
        {
            self.response_example = Some(text.to_owned());
        } else if section.eq_ignore_ascii_case("curl") {
            self.curl_url = text.split('\'').nth(1).map(str::to_owned);
        } else if section.contains("Nodejs") {
            self.sdk_call = text
                .lines()
                .find_map(|line| line.trim().strip_prefix("client."))
                .and_then(|call| call.split('(').next())
                .map(str::to_owned);
        } else if section.contains("SDK") || section.contains('-') || lang == "bash" {
            if !*sample_warned {
                reader.warn(
                    line,
                    "call samples in other languages are not imported (the curl URL is)",
                );
                *sample_warned = true;
            }
        } else {
            reader.warn(
                line,
                format!("a `{lang}` block under `{section}` has no home in the format"),
            );
        }
    }

    /// Keeps a paragraph: the first one under the title is the
    /// description; quoted ones, and those under the title or under notes
    /// or error headings, are notes.
    fn text(&mut self, reader: &mut Reader<'_>, line: usize, text: &str, section: &str) {
        let text = text.trim();
        let quoted = text.starts_with('>')
            || text.starts_with('💡')
            || text.starts_with("**备注")
            || text.starts_with("**说明");
        if text.starts_with("**响应示例**") || section.contains("调用示例") {
            // A caption of the example or of the call samples.
        } else if section.contains("实体概念说明") {
            reader.warn(
                line,
                format!(
                    "text under `{section}` has no home in the format: {}",
                    first_words(text)
                ),
            );
        } else if section.is_empty() && self.description.is_none() && !quoted {
            self.description = Some(cell::unescape(text));
        } else if section.is_empty()
            || quoted
            || section.contains("注意事项")
            || section.contains("错误码")
        {
            self.notes.extend(note_lines(text));
        } else {
            reader.warn(
                line,
                format!(
                    "text under `{section}` has no home in the format: {}",
                    first_words(text)
                ),
            );
        }
    }
}

/// What the request table says of the call.
struct Request {
    method: HttpMethod,
    /// `/open-apis/…`, with `:name` path parameters.
    path: String,
    tokens: Vec<TokenKind>,
    app_types: Vec<AppType>,
    scopes: Vec<Scope>,
    rate_limit: Option<String>,
}

impl Request {
    /// Reads the request table's rows (and, for the tokens, the
    /// `Authorization` header's row when the table names none). Gives
    /// `None`, with a warning, without an HTTP URL or a known method.
    fn read(reader: &mut Reader<'_>, scan: &Scan) -> Option<Request> {
        // Rows are found by how their key starts: `权限要求` carries a hint.
        let values = |key: &str| -> Vec<String> {
            scan.request
                .iter()
                .filter(|(k, _)| k.starts_with(key))
                .flat_map(|(_, values)| values.iter().cloned())
                .collect()
        };
        let value = |key: &str| values(key).into_iter().next();
        let Some(path) = value("HTTP URL").as_deref().and_then(url_path) else {
            reader.warn(1, "the page gives no HTTP URL; not imported");
            return None;
        };
        let method = value("HTTP Method").unwrap_or_default();
        let method = match method.trim() {
            "GET" => HttpMethod::Get,
            "POST" => HttpMethod::Post,
            "PUT" => HttpMethod::Put,
            "PATCH" => HttpMethod::Patch,
            "DELETE" => HttpMethod::Delete,
            other => {
                reader.warn(
                    1,
                    format!("HTTP method `{other}` is not one the format knows; not imported"),
                );
                return None;
            }
        };

        // Tokens: the seed's row, or the Authorization header's description.
        let token_text = value("支持的访问令牌").unwrap_or_else(|| {
            scan.tables
                .get("headers")
                .and_then(|(rows, _)| {
                    rows.iter()
                        .find(|row| row.first().is_some_and(|c| c.contains("Authorization")))
                })
                .map(|row| row.join(" "))
                .unwrap_or_default()
        });
        let mut tokens: Vec<(usize, TokenKind)> = [
            ("tenant_access_token", TokenKind::TenantAccessToken),
            ("user_access_token", TokenKind::UserAccessToken),
            ("app_access_token", TokenKind::AppAccessToken),
        ]
        .into_iter()
        .filter_map(|(name, kind)| token_text.find(name).map(|at| (at, kind)))
        .collect();
        tokens.sort();
        let app_types = value("支持的应用类型")
            .unwrap_or_default()
            .split([',', ' ', '，'])
            .filter_map(|t| match t.trim() {
                "custom" => Some(AppType::Custom),
                "isv" => Some(AppType::Isv),
                _ => None,
            })
            .collect();
        Some(Request {
            method,
            path,
            tokens: tokens.into_iter().map(|(_, kind)| kind).collect(),
            app_types,
            scopes: scopes(&values("权限要求")),
            rate_limit: value("接口频率限制").map(|limit| link_text(&cell::unescape(&limit))),
        })
    }
}

/// Where the spec goes (`["aily", "v1", "aily_session_run", "cancel"]`)
/// and its doc URL: from the front matter's `fullPath`, or else from the
/// Node SDK sample's call. Gives `None`, with a warning, when neither
/// places the page.
fn place(
    reader: &mut Reader<'_>,
    full_path: Option<&str>,
    sdk_call: Option<&str>,
) -> Option<(Vec<String>, String)> {
    let module: Vec<String> = match (full_path, sdk_call) {
        (Some(full), _) => {
            let parts: Vec<&str> = full.split('/').filter(|p| !p.is_empty()).collect();
            let at = parts.iter().position(|p| {
                p.contains("-v") && p.rsplit('-').next().is_some_and(|v| v.starts_with('v'))
            });
            match at {
                Some(at) => {
                    let (service, version) =
                        parts[at].rsplit_once('-').unwrap_or((parts[at], "v1"));
                    let mut module = vec![service.to_snake_case(), version.to_owned()];
                    module.extend(
                        parts[at + 1..]
                            .iter()
                            .map(|p| p.replace('-', "_").to_snake_case()),
                    );
                    module
                }
                None => {
                    reader.warn(
                        1,
                        format!(
                            "fullPath `{full}` names no `<service>-<version>` folder; not imported"
                        ),
                    );
                    return None;
                }
            }
        }
        (None, Some(call)) => call.split('.').map(|part| part.to_snake_case()).collect(),
        (None, None) => {
            reader.warn(1, "the page has neither a fullPath nor a Node SDK sample to place it by; not imported");
            return None;
        }
    };
    let doc_url = match full_path {
        Some(full) => format!("https://open.feishu.cn/document{full}"),
        None => {
            reader.warn(1, "the page does not give its own URL; doc_url is derived from its module and must be checked");
            format!("https://open.feishu.cn/document/{}", module.join("/"))
        }
    };
    Some((module, doc_url))
}

/// The name enums a field defines start with: the resource the page is
/// about (`aily_session-aily_message` is about `aily_message`), in
/// UpperCamelCase.
fn owner(full_path: Option<&str>, module: &[String]) -> String {
    let resource = full_path
        .and_then(|full| full.split('/').filter(|p| !p.is_empty()).rev().nth(1))
        .map(|segment| segment.rsplit('-').next().unwrap_or(segment).to_owned())
        .or_else(|| module.get(module.len().saturating_sub(2)).cloned())
        .unwrap_or_default();
    resource.to_upper_camel_case()
}

/// The request's parameters and body, from the field tables.
struct Params {
    /// All required, whatever the table says.
    path: Vec<Field>,
    query: Vec<Field>,
    /// Without `Authorization` and `Content-Type`, which the runtime sets.
    headers: Vec<Field>,
    /// Present when the page has a body table.
    body: Option<Body>,
}

impl Params {
    /// Reads the path, query, header and body tables, in that order.
    fn read(
        reader: &mut Reader<'_>,
        tables: &BTreeMap<&'static str, (Vec<Vec<String>>, usize)>,
        owner: &str,
    ) -> Params {
        let mut path = table_fields(reader, tables, "path", owner);
        for param in &mut path {
            param.required = true;
        }
        let query = table_fields(reader, tables, "query", owner);
        let headers: Vec<Field> = table_fields(reader, tables, "headers", owner)
            .into_iter()
            .filter(|header| {
                !matches!(
                    header.name.to_ascii_lowercase().as_str(),
                    "authorization" | "content-type"
                )
            })
            .collect();
        let body = tables.contains_key("body").then(|| Body {
            fields: table_fields(reader, tables, "body", owner),
        });
        Params {
            path,
            query,
            headers,
            body,
        }
    }
}

/// The fields of the table kept under `key`; none when there is no such
/// table, or when its columns are not ones the importer knows (reported).
fn table_fields(
    reader: &mut Reader<'_>,
    tables: &BTreeMap<&'static str, (Vec<Vec<String>>, usize)>,
    key: &str,
    owner: &str,
) -> Vec<Field> {
    let Some((rows_, line)) = tables.get(key) else {
        return Vec::new();
    };
    let rows = rows(rows_, *line);
    if rows.is_empty() && rows_.len() > 1 {
        reader.warn(
            *line,
            format!("the {key} table's columns are not ones the importer knows (名称, 类型, 必填, 描述); not imported"),
        );
    }
    let mut at = 0;
    fields(reader, &rows, &mut at, 0, owner)
}

/// The response: its envelope and fields, from the response table or else
/// inferred from the example, given the example's values.
fn response(reader: &mut Reader<'_>, scan: &Scan, owner: &str) -> Response {
    let (envelope, mut fields) = match scan.tables.get("response") {
        Some((rows_, line)) => table_response(reader, rows(rows_, *line), owner),
        None => inferred_response(reader, scan.response_example.as_deref(), owner),
    };
    if let Some(Ok(body)) = scan
        .response_example
        .as_deref()
        .map(serde_json::from_str::<Value>)
    {
        let data = match envelope {
            EnvelopeKind::Data => body.get("data").cloned().unwrap_or(Value::Null),
            EnvelopeKind::Flat => body,
        };
        fill_examples(&mut fields, &data, &mut reader.models, 0);
    }
    Response { envelope, fields }
}

/// The response table's fields: `data`'s children when it has a `data`
/// row (rows beside it other than `code` and `msg` are reported), else
/// every row but `code` and `msg`.
fn table_response(
    reader: &mut Reader<'_>,
    all: Vec<Row>,
    owner: &str,
) -> (EnvelopeKind, Vec<Field>) {
    let data = all
        .iter()
        .position(|row| row.level == 0 && row.name == "data");
    let envelope_row = |row: &Row| row.level == 0 && matches!(row.name.as_str(), "code" | "msg");
    match data {
        Some(at) => {
            for row in all
                .iter()
                .filter(|row| row.level == 0 && !envelope_row(row) && row.name != "data")
            {
                reader.warn(
                    row.line,
                    format!(
                        "`{}` sits beside `data` in the response; not imported",
                        row.name
                    ),
                );
            }
            let mut at = at + 1;
            (EnvelopeKind::Data, fields(reader, &all, &mut at, 1, owner))
        }
        None => {
            let rest: Vec<Row> = all.into_iter().filter(|row| !envelope_row(row)).collect();
            let mut at = 0;
            (EnvelopeKind::Flat, fields(reader, &rest, &mut at, 0, owner))
        }
    }
}

/// The response fields read off the example when the page has no response
/// table (reported): `data`'s, or the body's but `code` and `msg`. Without
/// a JSON example there are none, and that is reported too.
fn inferred_response(
    reader: &mut Reader<'_>,
    example: Option<&str>,
    owner: &str,
) -> (EnvelopeKind, Vec<Field>) {
    match example.map(serde_json::from_str::<Value>) {
        Some(Ok(body)) => {
            reader.example_text = example.unwrap_or_default().to_owned();
            reader.warn(
                1,
                "the page has no response table: the response fields are inferred from its example; check their types and which are required",
            );
            match body.get("data") {
                Some(data) => (EnvelopeKind::Data, inferred_fields(reader, data, owner)),
                None => {
                    let mut flat = body.clone();
                    if let Some(object) = flat.as_object_mut() {
                        object.remove("code");
                        object.remove("msg");
                    }
                    (EnvelopeKind::Flat, inferred_fields(reader, &flat, owner))
                }
            }
        }
        _ => {
            reader.warn(1, "the page has neither a response table nor a JSON response example; the response fields must be added by hand");
            (EnvelopeKind::Data, Vec::new())
        }
    }
}

/// Pagination, when the query takes a `page_token` and the response says
/// `has_more`: the items are the response's first array.
fn pagination(query: &[Field], response: &[Field]) -> Option<Pagination> {
    (query.iter().any(|q| q.name == "page_token") && response.iter().any(|f| f.name == "has_more"))
        .then(|| {
            response
                .iter()
                .find(|f| f.ty.starts_with("array<"))
                .map(|items| Pagination {
                    items: items.name.clone(),
                    request_token: "page_token".to_owned(),
                    response_token: "page_token".to_owned(),
                    has_more: "has_more".to_owned(),
                })
        })
        .flatten()
}

/// The documented example: every value the tables give, the sample URL
/// (built from those values when the page has no curl sample), and the
/// example bodies.
fn example(path: &str, params: &Params, scan: &Scan) -> Example {
    let example_path: Option<BTreeMap<String, String>> = params
        .path
        .iter()
        .map(|param| {
            param
                .example
                .as_ref()
                .map(|value| (param.name.clone(), text_value(value)))
        })
        .collect();
    let example_query: BTreeMap<String, Value> = params
        .query
        .iter()
        .filter_map(|param| {
            param
                .example
                .clone()
                .map(|value| (param.name.clone(), value))
        })
        .collect();
    let url = scan.curl_url.clone().or_else(|| {
        let path_values = example_path.as_ref()?;
        Some(example_url(
            path,
            path_values,
            &params.query,
            &example_query,
        ))
    });
    // The seed lists no example values: read them off the sample URL.
    let path_values = example_path
        .or_else(|| url.as_deref().and_then(|url| values_in(path, url)))
        .unwrap_or_default();
    Example {
        name: "doc".to_owned(),
        path_params: path_values,
        query_params: example_query,
        // A required header's documented example, so the request can be built.
        headers: params
            .headers
            .iter()
            .filter(|header| header.required)
            .filter_map(|header| {
                Some((
                    header.name.clone(),
                    header.example.as_ref()?.as_str()?.to_owned(),
                ))
            })
            .collect(),
        url,
        request_body: scan
            .request_example
            .as_deref()
            .filter(|body| body.trim() != "null")
            .map(|body| format!("{}\n", body.trim_end())),
        response_body: scan
            .response_example
            .as_deref()
            .map(|body| format!("{}\n", body.trim_end())),
    }
}

/// The example's URL: `path` with its `:name` segments filled, and the
/// query's example values, encoded as the runtime encodes them.
fn example_url(
    path: &str,
    path_values: &BTreeMap<String, String>,
    query: &[Field],
    query_values: &BTreeMap<String, Value>,
) -> String {
    // Whole segments: `:id` must not match inside `:id_x`.
    let filled: Vec<String> = path
        .split('/')
        .map(|segment| match segment.strip_prefix(':') {
            Some(name) => path_values
                .get(name)
                .map_or_else(|| segment.to_owned(), |v| encode(v)),
            None => segment.to_owned(),
        })
        .collect();
    let mut url = format!("https://open.feishu.cn{}", filled.join("/"));
    let query: Vec<String> = query
        .iter()
        .filter_map(|param| {
            let value = query_values.get(&param.name)?;
            let values = match value {
                Value::Array(items) => items.iter().map(text_value).collect(),
                other => vec![text_value(other)],
            };
            Some(
                values
                    .iter()
                    .map(|v| format!("{}={}", encode(&param.name), encode(v)))
                    .collect::<Vec<_>>()
                    .join("&"),
            )
        })
        .collect();
    if !query.is_empty() {
        url.push('?');
        url.push_str(&query.join("&"));
    }
    url
}

/// A value as it goes in a URL: a string's text, or else its JSON.
fn text_value(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Gives `fields` (and the models they use, this page's) the values of the
/// documented response example as their examples, where the tables gave
/// none; a `string` whose example is a JSON document becomes a
/// `json_string`.
fn fill_examples(fields: &mut [Field], value: &Value, models: &mut Vec<Model>, depth: usize) {
    if depth > 8 {
        return;
    }
    for field in fields {
        let Some(mut value) = value.get(&field.name) else {
            continue;
        };
        if let Value::Array(items) = value {
            match items.first() {
                Some(first) => value = first,
                None => continue,
            }
        }
        let element = field.ty.trim_start_matches("array<").trim_end_matches('>');
        if let Some(at) = models.iter().position(|model| model.name == element) {
            if let Some(mut inner) = models[at].fields.take() {
                fill_examples(&mut inner, value, models, depth + 1);
                models[at].fields = Some(inner);
            }
            continue;
        }
        if field.example.is_none() && !value.is_object() && !value.is_null() {
            field.example = Some(value.clone());
        }
        if field.ty == "string" && value.as_str().is_some_and(is_json_document) {
            field.ty = "json_string".to_owned();
        }
    }
}

/// Fields read off an example object: its keys, with types from their
/// values (objects become models named after their key, or after their
/// owner and key when the key is generic; 13-digit and 10-digit numeric
/// strings in `*_at` fields become timestamps; JSON carried as a string a
/// `json_string`). None is marked required: an example cannot say.
fn inferred_fields(reader: &mut Reader<'_>, value: &Value, owner: &str) -> Vec<Field> {
    let Some(object) = value.as_object() else {
        return Vec::new();
    };
    // serde_json sorts keys; the example's own order is the docs' order.
    let mut keys: Vec<(&String, &Value)> = object.iter().collect();
    keys.sort_by_key(|(key, _)| {
        reader
            .example_text
            .find(&format!("\"{key}\""))
            .unwrap_or(usize::MAX)
    });
    keys.into_iter()
        .map(|(key, value)| Field {
            name: key.clone(),
            ty: inferred_type(reader, key, value, owner),
            required: false,
            description: None,
            example: None,
            limits: None,
            rust_name: None,
        })
        .collect()
}

fn inferred_type(reader: &mut Reader<'_>, key: &str, value: &Value, owner: &str) -> String {
    match value {
        Value::Bool(_) => "boolean".to_owned(),
        Value::Number(n) if n.is_i64() => "int64".to_owned(),
        Value::Number(_) => "float64".to_owned(),
        Value::String(text) => {
            let digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
            let json = is_json_document(text);
            if key.ends_with("_at") && digits && text.len() == 13 {
                "timestamp_ms".to_owned()
            } else if key.ends_with("_at") && digits && text.len() == 10 {
                "timestamp_s".to_owned()
            } else if json {
                "json_string".to_owned()
            } else {
                "string".to_owned()
            }
        }
        Value::Array(items) => match items.first() {
            Some(item) => format!(
                "array<{}>",
                inferred_type(reader, key.strip_suffix('s').unwrap_or(key), item, owner)
            ),
            None => "array<json>".to_owned(),
        },
        Value::Object(_) => {
            let generic = matches!(key, "error" | "data" | "detail" | "info" | "item");
            let name = if generic {
                format!("{owner}{}", key.to_upper_camel_case())
            } else {
                key.to_upper_camel_case()
            };
            let fields = inferred_fields(reader, value, &name);
            reader.define(
                Model {
                    name: name.clone(),
                    description: None,
                    fields: Some(fields),
                    values: None,
                },
                1,
            );
            name
        }
        Value::Null => "json".to_owned(),
    }
}

/// Whether `text` is a JSON object or array: a document carried as a string
/// (`json_string`), not a plain string that happens to parse (`"1"`).
fn is_json_document(text: &str) -> bool {
    matches!(
        serde_json::from_str::<Value>(text),
        Ok(Value::Object(_) | Value::Array(_))
    )
}

/// The values a URL gives the `:name` segments of `template`.
fn values_in(template: &str, url: &str) -> Option<BTreeMap<String, String>> {
    let path = url_path(url)?;
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let (template, path): (Vec<&str>, Vec<&str>) =
        (template.split('/').collect(), path.split('/').collect());
    if template.len() != path.len() {
        return None;
    }
    Some(
        template
            .iter()
            .zip(&path)
            .filter_map(|(t, p)| {
                t.strip_prefix(':')
                    .map(|name| (name.to_owned(), (*p).to_owned()))
            })
            .collect(),
    )
}

/// `param is invalid` → `param_invalid` (filler words go); a code without an English
/// message → `code_<n>`.
fn error_name(message: &str, code: i64) -> String {
    let words: Vec<String> = message
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .filter(|w| !matches!(w.as_str(), "is" | "are" | "was" | "the" | "a" | "an"))
        .take(6)
        .collect();
    if words.is_empty() || words[0].starts_with(|c: char| c.is_ascii_digit()) {
        format!("code_{code}")
    } else {
        words.join("_")
    }
}

/// Scopes from `权限要求` values: `` `aily:run:write` 创建运行 `` in one cell
/// (reference pages), or a name row and an identifier row (the seed).
fn scopes(values: &[String]) -> Vec<Scope> {
    let mut scopes = Vec::new();
    let mut names = Vec::new();
    for value in values {
        let value = cell::unescape(value);
        if value.trim() == "无" {
            continue;
        }
        let mut found = false;
        for part in value.split("<br>") {
            let part = part.trim();
            if let Some(rest) = part.strip_prefix('`')
                && let Some((id, name)) = rest.split_once('`')
            {
                scopes.push(Scope {
                    name: id.to_owned(),
                    description: Some(name.trim().to_owned()).filter(|n| !n.is_empty()),
                });
                found = true;
            } else if part.contains(':') && !part.contains(' ') {
                scopes.push(Scope {
                    name: part.to_owned(),
                    description: None,
                });
                found = true;
            }
        }
        if !found && !value.trim().is_empty() {
            names.push(value.trim().to_owned());
        }
    }
    for (scope, name) in scopes
        .iter_mut()
        .filter(|s| s.description.is_none())
        .zip(names)
    {
        scope.description = Some(name);
    }
    scopes
}

/// A note's lines without quote marks, list bullets and `**Tip**:`-style
/// captions; one note per list item or paragraph.
fn note_lines(text: &str) -> Vec<String> {
    let mut notes: Vec<String> = Vec::new();
    for line in text.lines() {
        let line = cell::unescape(line);
        let mut line = line
            .trim()
            .trim_start_matches('>')
            .trim()
            .trim_start_matches('💡')
            .trim();
        for caption in [
            "**Tip**:",
            "**Note**",
            "**注意事项**",
            "**备注：**",
            "**说明：**",
            "**说明**：",
        ] {
            line = line.strip_prefix(caption).unwrap_or(line).trim();
        }
        if line.is_empty() {
            continue;
        }
        match line.strip_prefix("- ") {
            Some(item) => notes.push(item.trim().to_owned()),
            None => match notes.last_mut() {
                Some(last) if !text.contains("\n- ") => {
                    last.push(' ');
                    last.push_str(line);
                }
                _ => notes.push(line.to_owned()),
            },
        }
    }
    notes
}

fn first_words(text: &str) -> String {
    let words: String = text.chars().take(40).collect();
    if words.len() < text.len() {
        format!("{words}…")
    } else {
        words
    }
}
