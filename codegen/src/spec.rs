//! The spec format, as parsed: one YAML file per endpoint, plus shared files
//! that only define models.
//!
//! These types are the format's single definition: serde reads the files with
//! them (unknown keys are errors), `schemars` derives the JSON Schema editors
//! use from them, and their doc comments are that schema's descriptions. They
//! hold the text as written; checking it is the `validate` stage's job and
//! deciding Rust names is the `ir` stage's.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One file under `api-spec/`.
///
/// A file describes at most one endpoint and any number of models. The path of
/// the file decides where its code goes: `aily/v1/aily_session_run/cancel.yaml`
/// becomes the module `api::aily::v1::aily_session_run::cancel`, and its types
/// are re-exported from `api::aily::v1`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Feishu / Lark endpoint spec")]
pub struct SpecFile {
    /// The endpoint this file describes. Files that only share models leave it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<Endpoint>,
    /// Named object and enum types. A model is visible to every spec file of the
    /// same service and version (`aily/v1/...`) and is generated once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub models: Vec<Model>,
    /// The platform's common server error codes (通用错误码). At most one file
    /// of a spec set lists them; they become one enum, `CommonError`, that
    /// every endpoint's error enum falls back to before keeping a code as
    /// unknown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub common_errors: Vec<CommonErrorCode>,
}

/// One Open Platform endpoint, as its doc page describes it.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    /// The page title, e.g. `中止一次运行`. The first line of the rustdoc.
    pub summary: String,
    /// An English rendering of the summary, e.g. `Cancel a run`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary_en: Option<String>,
    /// The page's description (markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The page's notes and tips (markdown), in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The official doc page.
    pub doc_url: String,
    /// The HTTP method.
    pub method: HttpMethod,
    /// The path template, starting with `/open-apis/`; parameters are written
    /// `:name` and fill a whole segment. Quote it in YAML.
    pub path: String,
    /// The access token kinds the endpoint accepts (支持的访问令牌). An empty
    /// list means it takes no token at all (the token endpoints themselves).
    pub tokens: Vec<TokenKind>,
    /// The app types that may call it (支持的应用类型).
    pub app_types: Vec<AppType>,
    /// The scopes that allow the call (权限要求); any one of them is enough.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<Scope>,
    /// The rate limit as the page states it, e.g. `1000 次/分钟、50 次/秒`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<String>,
    /// Path parameters (路径参数), one per `:name` segment of `path`; always required.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub path_params: Vec<Field>,
    /// Query parameters (查询参数). Scalars, booleans, integers, string enums
    /// (a model with `values`) and `array<T>` of those, which repeat the key
    /// (`k=a&k=b`). Required ones are constructor arguments, optional ones
    /// chained setters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub query_params: Vec<Field>,
    /// Request headers (请求头) the caller sets, by their documented name,
    /// e.g. `X-Aily-BizUserID`; type `string`. Leave out `Authorization` and
    /// `Content-Type`: the runtime sets those.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<Field>,
    /// The JSON request body (请求体). Leave it out when the endpoint takes no
    /// body; nothing is sent then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Body>,
    /// How a list endpoint pages: its request takes a page token in the query,
    /// its response returns the items, the next token and whether there are
    /// more. The generated request then has a `Stream` over all items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
    /// The response (响应).
    pub response: Response,
    /// The endpoint's error codes (错误码).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorCode>,
    /// The page's request and response examples; each becomes a test.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

/// An access token kind, as the docs name it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// The app acting for a tenant.
    TenantAccessToken,
    /// The app acting for a signed-in user.
    UserAccessToken,
    /// The app acting as itself.
    AppAccessToken,
}

/// An app type (应用类型).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AppType {
    /// A self-built app (自建应用).
    Custom,
    /// A store app (商店应用).
    Isv,
}

/// A scope that allows the call.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// The scope's identifier, e.g. `aily:run:write`.
    pub name: String,
    /// Its name in the developer console, e.g. `创建运行`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A parameter, header or model field.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// The name on the wire, exactly as the docs write it.
    pub name: String,
    /// The type: `string`, `boolean`, `int32`, `int64`, `float64`,
    /// `timestamp_ms`, `timestamp_s` (epoch time, string or number on the wire),
    /// `json_string` (a JSON document carried as a string), `json` (any JSON
    /// value), `secret` (a credential string, masked in `Debug` and logs), a
    /// model name, `array<T>` or `map<T>` (string keys).
    #[serde(rename = "type")]
    pub ty: String,
    /// Whether it must be present (必填). Path parameters always are.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// The docs' description (markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The docs' example value (示例值).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<serde_json::Value>,
    /// The docs' validation rules (数据校验规则).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<Limits>,
    /// The Rust name to use instead of the one derived from `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
}

/// Validation rules on a value.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// The shortest allowed length, in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    /// The longest allowed length, in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// A regular expression the value must match (正则校验).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// The smallest allowed number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<i64>,
    /// The largest allowed number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<i64>,
    /// The fewest items of an array.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    /// The most items of an array.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
}

/// A JSON request body: an object with these fields.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// The body's fields, in the docs' order. Required ones become arguments of
    /// the request's constructor, optional ones chained setters.
    pub fields: Vec<Field>,
}

/// Where a list endpoint keeps its paging state.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pagination {
    /// The response field that holds a page's items: an `array<T>`.
    pub items: String,
    /// The query parameter that asks for a page (a `string`).
    #[serde(default = "default_page_token", skip_serializing_if = "is_page_token")]
    pub request_token: String,
    /// The response field with the next page's token (a `string`); absent or
    /// empty when there is none.
    #[serde(default = "default_page_token", skip_serializing_if = "is_page_token")]
    pub response_token: String,
    /// The response field that says whether more pages follow (a `boolean`).
    #[serde(default = "default_has_more", skip_serializing_if = "is_has_more")]
    pub has_more: String,
}

fn default_page_token() -> String {
    "page_token".to_owned()
}

fn default_has_more() -> String {
    "has_more".to_owned()
}

fn is_page_token(name: &str) -> bool {
    name == "page_token"
}

fn is_has_more(name: &str) -> bool {
    name == "has_more"
}

/// The response of a successful call.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// Where the result sits in the body: in `data` (the default), or `flat`
    /// beside `code` and `msg` (the token endpoints).
    #[serde(default, skip_serializing_if = "EnvelopeKind::is_data")]
    pub envelope: EnvelopeKind,
    /// The result's fields; none means the endpoint returns `{}`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
}

impl EnvelopeKind {
    fn is_data(&self) -> bool {
        *self == Self::Data
    }
}

/// Where a response's result sits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EnvelopeKind {
    /// `{"code", "msg", "data": {...}}`
    #[default]
    Data,
    /// `{"code", "msg", ...fields}`
    Flat,
}

/// A named model: an object (with `fields`) or a string enum (with `values`).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// The Rust type name, in UpperCamelCase, e.g. `RunStatus`.
    pub name: String,
    /// What it is (markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// An object's fields, in the docs' order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<Field>>,
    /// A string enum's documented values. Generated enums keep values they do
    /// not know, so new server values never break decoding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<EnumValue>>,
}

/// One documented value of a string enum.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    /// The value on the wire, exactly, e.g. `IN_PROGRESS` or `SmartCard`.
    pub value: String,
    /// What it means.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The Rust variant name to use instead of the one derived from `value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rust_name: Option<String>,
}

/// One row of the error code table.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorCode {
    /// The HTTP status the docs give (HTTP状态码); may be 200.
    pub http_status: u16,
    /// The body's `code` (错误码).
    pub code: i64,
    /// The variant name, in snake_case, e.g. `param_invalid`.
    pub name: String,
    /// The message (描述), e.g. `param is invalid`.
    pub message: String,
    /// The troubleshooting advice (排查建议).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advice: Option<String>,
}

/// One row of the common error code table.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommonErrorCode {
    /// The body's `code` (错误码).
    pub code: i64,
    /// The variant name, in snake_case, e.g. `access_token_invalid`.
    pub name: String,
    /// The message (说明).
    pub message: String,
    /// The troubleshooting advice (排查建议).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advice: Option<String>,
}

/// A documented example: a request's inputs and the response it gets.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// A snake_case name, used for the generated tests.
    pub name: String,
    /// Path parameter values, by name.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub path_params: std::collections::BTreeMap<String, String>,
    /// Query parameter values, by name; an array for a repeated parameter.
    /// The documented `url` shows them in the query.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub query_params: std::collections::BTreeMap<String, serde_json::Value>,
    /// Request header values, by the header's documented name.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub headers: std::collections::BTreeMap<String, String>,
    /// The URL the docs' call samples send for these values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The request body, as JSON text; the generated test builds the same
    /// body from these values and compares.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_body: Option<String>,
    /// The response body, as JSON text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_body: Option<String>,
}

/// A parsed [`Field::ty`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TypeExpr<'a> {
    /// A built-in scalar.
    Builtin(Builtin),
    /// A model, by name.
    Named(&'a str),
    /// `array<T>`
    Array(Box<TypeExpr<'a>>),
    /// `map<T>`: an object with arbitrary string keys.
    Map(Box<TypeExpr<'a>>),
}

/// The built-in scalar types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Builtin {
    String,
    Boolean,
    Int32,
    Int64,
    Float64,
    TimestampMs,
    TimestampS,
    JsonString,
    Json,
    Secret,
}

impl Builtin {
    const ALL: [(&'static str, Builtin); 10] = [
        ("string", Self::String),
        ("boolean", Self::Boolean),
        ("int32", Self::Int32),
        ("int64", Self::Int64),
        ("float64", Self::Float64),
        ("timestamp_ms", Self::TimestampMs),
        ("timestamp_s", Self::TimestampS),
        ("json_string", Self::JsonString),
        ("json", Self::Json),
        ("secret", Self::Secret),
    ];

    /// The names of every built-in type, for messages.
    pub(crate) fn names() -> String {
        Self::ALL
            .iter()
            .map(|(name, _)| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Parses a type expression; the error says what is wrong with it.
pub(crate) fn parse_type(text: &str) -> Result<TypeExpr<'_>, String> {
    let text = text.trim();
    for (prefix, wrap) in [
        ("array<", TypeExpr::Array as fn(_) -> _),
        ("map<", TypeExpr::Map),
    ] {
        if let Some(inner) = text.strip_prefix(prefix) {
            let inner = inner
                .strip_suffix('>')
                .ok_or_else(|| format!("`{text}` is missing its closing `>`"))?;
            return parse_type(inner).map(|inner| wrap(Box::new(inner)));
        }
    }
    if let Some((_, builtin)) = Builtin::ALL.iter().find(|(name, _)| *name == text) {
        return Ok(TypeExpr::Builtin(*builtin));
    }
    if text.starts_with(|c: char| c.is_ascii_uppercase()) && crate::naming::is_ascii_ident(text) {
        return Ok(TypeExpr::Named(text));
    }
    Err(format!(
        "unknown type `{text}`: expected one of {}, a model name (UpperCamelCase), `array<T>` or `map<T>`",
        Builtin::names()
    ))
}
