//! Validation: everything a spec can get wrong that its YAML shape cannot
//! express, each reported at the key or value at fault. Naming collisions are
//! [`crate::ir`]'s to find, since the IR decides names.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::Diagnostic;
use crate::load::Loaded;
use crate::naming;
use crate::spec::{self, Builtin, Field, TypeExpr};
use crate::yaml::Seg;

/// Every problem in `files`, in file order. With `complete` false (a spec
/// file did not parse), unknown model names are not reported: the file that
/// did not parse may define them.
pub(crate) fn validate(files: &[Loaded<'_>], complete: bool) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut models: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    let mut enums: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for file in files {
        let names = models.entry(file.namespace()).or_default();
        names.extend(file.spec.models.iter().map(|model| model.name.as_str()));
        let names = enums.entry(file.namespace()).or_default();
        names.extend(
            file.spec
                .models
                .iter()
                .filter(|model| model.values.is_some())
                .map(|model| model.name.as_str()),
        );
    }
    let no_models = BTreeSet::new();
    let mut folders: BTreeMap<String, &str> = BTreeMap::new();
    let mut common_home: Option<&Loaded<'_>> = None;
    for file in files {
        if !file.spec.common_errors.is_empty() {
            match common_home {
                Some(home) => diagnostics.push(
                    file.error(
                        &[Seg::KeyName("common_errors")],
                        "the common error codes are listed in two files",
                        "again here",
                    )
                    .with_related(
                        home.location(&[Seg::KeyName("common_errors")]),
                        "first here",
                    ),
                ),
                None => common_home = Some(file),
            }
        }
        let mut check = Check {
            file,
            models: models.get(&file.namespace()).unwrap_or(&no_models),
            enums: enums.get(&file.namespace()).unwrap_or(&no_models),
            complete,
            diagnostics: &mut diagnostics,
        };
        check.file_path();
        check.models();
        check.common_errors();
        if let Some(endpoint) = &file.spec.endpoint {
            check.endpoint(endpoint);
        }
        // Folders, each with the first file in it.
        let module = file.module_path().join("/");
        for (depth, _) in module.match_indices('/') {
            folders
                .entry(module[..depth].to_owned())
                .or_insert(file.file);
        }
    }
    // A file `a/b/c.yaml` and a folder `a/b/c/` would both be module `c`.
    for file in files {
        let module = file.module_path().join("/");
        if let Some(other) = folders.get(&module) {
            diagnostics.push(
                file.error(
                    &[],
                    format!("module `{module}` is both this file and the folder of `{other}`"),
                    "this file",
                )
                .with_help("move the file into the folder, or rename it"),
            );
        }
    }
    diagnostics
}

struct Check<'a, 'd> {
    file: &'a Loaded<'a>,
    models: &'a BTreeSet<&'a str>,
    enums: &'a BTreeSet<&'a str>,
    complete: bool,
    diagnostics: &'d mut Vec<Diagnostic>,
}

impl<'a> Check<'a, '_> {
    fn error(&mut self, path: &[Seg<'_>], message: impl Into<String>, label: impl Into<String>) {
        self.diagnostics.push(self.file.error(path, message, label));
    }

    fn error_with_help(
        &mut self,
        path: &[Seg<'_>],
        message: impl Into<String>,
        label: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.diagnostics
            .push(self.file.error(path, message, label).with_help(help));
    }

    /// `service/version/.../name.yaml`, each part a module name.
    fn file_path(&mut self) {
        let module = self.file.module_path();
        if !self.file.file.ends_with(".yaml") || module.len() < 3 {
            self.error_with_help(
                &[],
                format!(
                    "spec file `{}` is not at `<service>/<version>/[<resource>/]<name>.yaml`",
                    self.file.file
                ),
                "this file",
                "mirror the doc tree, e.g. `aily/v1/aily_session_run/cancel.yaml`",
            );
        }
        for part in module {
            let valid =
                naming::is_ascii_ident(part) && !part.chars().any(|c| c.is_ascii_uppercase());
            if !valid || naming::is_keyword(part) {
                self.error(
                    &[],
                    format!("`{part}` in the spec file's path is not a module name (lowercase snake_case, not a Rust keyword)"),
                    "this file",
                );
            }
        }
    }

    fn common_errors(&mut self) {
        let errors = &self.file.spec.common_errors;
        self.error_codes(
            &[Seg::Key("common_errors")],
            errors.iter().map(|error| (error.code, error.name.as_str())),
        );
    }

    /// A list of error codes (at `at`): each code once and not 0, each name
    /// one that converts to a variant.
    fn error_codes<'n>(&mut self, at: &[Seg<'_>], errors: impl Iterator<Item = (i64, &'n str)>) {
        let mut codes = BTreeMap::new();
        for (e, (code, name)) in errors.enumerate() {
            let key = |key| [at, &[Seg::Index(e), Seg::Key(key)]].concat();
            if let Some(first) = codes.insert(code, e) {
                let first = self
                    .file
                    .location(&[at, &[Seg::Index(first), Seg::Key("code")]].concat());
                self.diagnostics.push(
                    self.file
                        .error(
                            &key("code"),
                            format!("error code {code} is listed twice"),
                            "again here",
                        )
                        .with_related(first, "first here"),
                );
            }
            if code == 0 {
                self.error(
                    &key("code"),
                    "code 0 means success; it cannot be an error",
                    "here",
                );
            }
            if naming::pascal(name).is_none() {
                self.error(
                    &key("name"),
                    format!("`{name}` is not a valid error name"),
                    "expected snake_case ASCII",
                );
            }
        }
    }

    fn models(&mut self) {
        let file = self.file;
        for (m, model) in file.spec.models.iter().enumerate() {
            let at = |key| [Seg::Key("models"), Seg::Index(m), Seg::Key(key)];
            self.type_name(&at("name"), &model.name, "model");
            match (&model.fields, &model.values) {
                (Some(fields), None) => self.fields(&[Seg::Key("models"), Seg::Index(m), Seg::Key("fields")], fields),
                (None, Some(values)) => {
                    if values.is_empty() {
                        self.error(&at("values"), format!("enum `{}` has no values", model.name), "empty");
                    }
                    let mut seen = BTreeMap::new();
                    for (v, value) in values.iter().enumerate() {
                        let path = [Seg::Key("models"), Seg::Index(m), Seg::Key("values"), Seg::Index(v)];
                        if let Some(first) = seen.insert(value.value.as_str(), v) {
                            let first = file.location(&[path[0], path[1], path[2], Seg::Index(first), Seg::Key("value")]);
                            self.diagnostics.push(
                                file.error(&[path[0], path[1], path[2], path[3], Seg::Key("value")], format!("enum value `{}` is listed twice", value.value), "again here")
                                    .with_related(first, "first here"),
                            );
                        }
                        match &value.rust_name {
                            Some(rust_name) => self.type_name(&[path[0], path[1], path[2], path[3], Seg::Key("rust_name")], rust_name, "variant"),
                            None if naming::pascal(&value.value).is_none() => self.error_with_help(
                                &[path[0], path[1], path[2], path[3], Seg::Key("value")],
                                format!("enum value `{}` does not convert to a Rust variant name", value.value),
                                "no ASCII name",
                                "give it a `rust_name`",
                            ),
                            None => {}
                        }
                    }
                }
                (Some(_), Some(_)) => self.error(
                    &at("values"),
                    format!("model `{}` has both `fields` and `values`", model.name),
                    "an object has `fields`, an enum `values`: not both",
                ),
                (None, None) => self.error_with_help(
                    &[Seg::Key("models"), Seg::Index(m)],
                    format!("model `{}` has neither `fields` nor `values`", model.name),
                    "here",
                    "an object lists `fields: [...]`, an enum `values: [...]`; an empty object is `fields: []`",
                ),
            }
        }
    }

    /// A name used verbatim as a Rust type or variant name.
    fn type_name(&mut self, path: &[Seg<'_>], name: &str, what: &str) {
        if naming::is_keyword(name) {
            self.error_with_help(
                path,
                format!("`{name}` is a Rust keyword and cannot name a {what}"),
                "a keyword",
                "pick another name",
            );
        } else if !naming::is_ascii_ident(name)
            || !name.starts_with(|c: char| c.is_ascii_uppercase())
        {
            self.error(
                path,
                format!("`{name}` is not a valid {what} name"),
                "expected an UpperCamelCase ASCII identifier",
            );
        }
    }

    fn fields(&mut self, at: &[Seg<'a>], fields: &'a [Field]) {
        let mut seen = BTreeMap::new();
        for (f, field) in fields.iter().enumerate() {
            let path = |key: &'static str| [at, &[Seg::Index(f), Seg::Key(key)]].concat();
            if let Some(first) = seen.insert(field.name.as_str(), f) {
                let first = self
                    .file
                    .location(&[at, &[Seg::Index(first), Seg::Key("name")]].concat());
                self.diagnostics.push(
                    self.file
                        .error(
                            &path("name"),
                            format!("`{}` is listed twice", field.name),
                            "again here",
                        )
                        .with_related(first, "first here"),
                );
            }
            match &field.rust_name {
                Some(rust_name) if naming::is_keyword(rust_name) => self.error_with_help(
                    &path("rust_name"),
                    format!("`{rust_name}` is a Rust keyword and cannot name a field"),
                    "a keyword",
                    "pick another name",
                ),
                Some(rust_name)
                    if !naming::is_ascii_ident(rust_name)
                        || rust_name.chars().any(|c| c.is_ascii_uppercase()) =>
                {
                    self.error(
                        &path("rust_name"),
                        format!("`{rust_name}` is not a valid field name"),
                        "expected a snake_case ASCII identifier",
                    );
                }
                None if naming::snake(&field.name).is_none() => self.error_with_help(
                    &path("name"),
                    format!("`{}` does not convert to a Rust field name", field.name),
                    "no ASCII name",
                    "give it a `rust_name`",
                ),
                _ => {}
            }
            self.type_expr(&path("type"), &field.ty);
            if let Some(limits) = &field.limits {
                let contradiction = matches!((limits.min_length, limits.max_length), (Some(min), Some(max)) if min > max)
                    || matches!((limits.minimum, limits.maximum), (Some(min), Some(max)) if min > max)
                    || matches!((limits.min_items, limits.max_items), (Some(min), Some(max)) if min > max);
                if contradiction {
                    self.error(
                        &path("limits"),
                        format!("the limits of `{}` exclude every value", field.name),
                        "a minimum above its maximum",
                    );
                }
                self.limits_fit(&path("limits"), field, limits);
            }
        }
    }

    /// Each limit applies to the field's type, and a pattern is a regular
    /// expression the runtime can check.
    fn limits_fit(&mut self, at: &[Seg<'_>], field: &Field, limits: &spec::Limits) {
        let Ok(expr) = spec::parse_type(&field.ty) else {
            return; // reported by `type_expr`
        };
        let element = match &expr {
            TypeExpr::Array(inner) => inner.as_ref(),
            other => other,
        };
        let text = matches!(
            element,
            TypeExpr::Builtin(Builtin::String | Builtin::JsonString | Builtin::Secret)
        );
        let number = matches!(
            element,
            TypeExpr::Builtin(Builtin::Int32 | Builtin::Int64 | Builtin::Float64)
        );
        let array = matches!(expr, TypeExpr::Array(_));
        let misplaced = [
            (
                limits.min_length.is_some()
                    || limits.max_length.is_some()
                    || limits.pattern.is_some(),
                text,
                "length and pattern limits apply to strings",
            ),
            (
                limits.minimum.is_some() || limits.maximum.is_some(),
                number,
                "`minimum` and `maximum` apply to numbers",
            ),
            (
                limits.min_items.is_some() || limits.max_items.is_some(),
                array,
                "`min_items` and `max_items` apply to arrays",
            ),
        ];
        for (given, fits, rule) in misplaced {
            if given && !fits {
                self.error(
                    at,
                    format!("{rule}, and `{}` is a `{}`", field.name, field.ty),
                    "does not fit the type",
                );
            }
        }
        if let Some(pattern) = &limits.pattern
            && let Err(err) = regex_lite::Regex::new(pattern)
        {
            self.error(
                &[at, &[Seg::Key("pattern")]].concat(),
                format!(
                    "the pattern of `{}` is not a regular expression: {err}",
                    field.name
                ),
                "here",
            );
        }
    }

    /// Query parameters are scalars, enums or arrays of those; headers are
    /// strings the runtime does not set itself.
    fn request_fields(&mut self, endpoint: &'a spec::Endpoint) {
        let at = |key, i| {
            [
                Seg::Key("endpoint"),
                Seg::Key(key),
                Seg::Index(i),
                Seg::Key("type"),
            ]
        };
        for (i, param) in endpoint.query_params.iter().enumerate() {
            let Ok(expr) = spec::parse_type(&param.ty) else {
                continue; // reported by `type_expr`
            };
            let element = match &expr {
                TypeExpr::Array(inner) => inner.as_ref(),
                other => other,
            };
            let fits = match element {
                TypeExpr::Builtin(builtin) => matches!(
                    builtin,
                    Builtin::String
                        | Builtin::Boolean
                        | Builtin::Int32
                        | Builtin::Int64
                        | Builtin::Float64
                ),
                TypeExpr::Named(name) => self.enums.contains(name) || !self.models.contains(name),
                TypeExpr::Array(_) | TypeExpr::Map(_) => false,
            };
            if !fits {
                self.error(
                    &at("query_params", i),
                    format!(
                        "query parameter `{}` cannot be a `{}`",
                        param.name, param.ty
                    ),
                    "expected a string, boolean, number or enum, or an array of those",
                );
            }
        }
        self.fields(
            &[Seg::Key("endpoint"), Seg::Key("query_params")],
            &endpoint.query_params,
        );
        for (i, header) in endpoint.headers.iter().enumerate() {
            if header.ty != "string" {
                self.error(
                    &at("headers", i),
                    format!("header `{}` must be a `string`", header.name),
                    "here",
                );
            }
            let name = header.name.to_ascii_lowercase();
            if http_header_name_is_invalid(&name) {
                self.error(
                    &[
                        Seg::Key("endpoint"),
                        Seg::Key("headers"),
                        Seg::Index(i),
                        Seg::Key("name"),
                    ],
                    format!("`{}` is not an HTTP header name", header.name),
                    "here",
                );
            } else if matches!(
                name.as_str(),
                "authorization" | "content-type" | "user-agent" | "oapi-sdk-request-id"
            ) {
                self.error_with_help(
                    &[
                        Seg::Key("endpoint"),
                        Seg::Key("headers"),
                        Seg::Index(i),
                        Seg::Key("name"),
                    ],
                    format!(
                        "`{}` is set by the runtime, not by the request",
                        header.name
                    ),
                    "here",
                    "leave it out of `headers`",
                );
            }
        }
        self.fields(
            &[Seg::Key("endpoint"), Seg::Key("headers")],
            &endpoint.headers,
        );
    }

    /// The fields `pagination` names exist, with the types paging needs.
    fn pagination(&mut self, endpoint: &spec::Endpoint) {
        let Some(pagination) = &endpoint.pagination else {
            return;
        };
        let key = |name| [Seg::Key("endpoint"), Seg::Key("pagination"), Seg::Key(name)];
        let query = endpoint
            .query_params
            .iter()
            .find(|param| param.name == pagination.request_token);
        match query {
            Some(param) if param.ty == "string" && !param.required => {}
            Some(_) => self.error(
                &key("request_token"),
                format!(
                    "the page token `{}` must be an optional `string` query parameter",
                    pagination.request_token
                ),
                "here",
            ),
            None => self.error(
                &key("request_token"),
                format!("`{}` is not a query parameter", pagination.request_token),
                "here",
            ),
        }
        let response = |name: &str| {
            endpoint
                .response
                .fields
                .iter()
                .find(|field| field.name == name)
        };
        let wanted = [
            ("items", &pagination.items, "an `array<T>`"),
            ("response_token", &pagination.response_token, "a `string`"),
            ("has_more", &pagination.has_more, "a `boolean`"),
        ];
        for (name, field, ty) in wanted {
            let fits = response(field).map(|found| match name {
                "items" => found.ty.starts_with("array<"),
                "response_token" => found.ty == "string",
                _ => found.ty == "boolean",
            });
            match fits {
                Some(true) => {}
                Some(false) => self.error(
                    &key(name),
                    format!("the response field `{field}` must be {ty}"),
                    "here",
                ),
                None => self.error(
                    &key(name),
                    format!("`{field}` is not a response field"),
                    "here",
                ),
            }
        }
    }

    fn type_expr(&mut self, path: &[Seg<'_>], text: &str) {
        match spec::parse_type(text) {
            Err(message) => self.error(path, message, "unknown type"),
            Ok(expr) => {
                if let Some(name) = first_unknown(&expr, self.models).filter(|_| self.complete) {
                    let mut known: Vec<&str> = self.models.iter().copied().collect();
                    known.sort_unstable();
                    let help = if known.is_empty() {
                        format!(
                            "define it under `models:` in a file of `{}`",
                            self.file.namespace()
                        )
                    } else {
                        format!(
                            "the models of `{}` are: {}",
                            self.file.namespace(),
                            known.join(", ")
                        )
                    };
                    self.error_with_help(
                        path,
                        format!("unknown type `{name}`: no model of that name"),
                        "unknown type",
                        help,
                    );
                }
            }
        }
    }

    fn endpoint(&mut self, endpoint: &'a spec::Endpoint) {
        let ep = |key| [Seg::Key("endpoint"), Seg::Key(key)];
        if !endpoint.path.starts_with("/open-apis/") {
            self.error(
                &ep("path"),
                format!("path `{}` does not start with `/open-apis/`", endpoint.path),
                "here",
            );
        }
        if endpoint.path.contains(['?', '#', '{', '}', ' ']) {
            self.error(
                &ep("path"),
                "the path template may hold only path segments and `:name` parameters",
                "here",
            );
        }
        if !endpoint.doc_url.starts_with("https://") {
            self.error(&ep("doc_url"), "`doc_url` must be an https URL", "here");
        }
        for (t, token) in endpoint.tokens.iter().enumerate() {
            if endpoint.tokens[..t].contains(token) {
                self.error(
                    &[Seg::Key("endpoint"), Seg::Key("tokens"), Seg::Index(t)],
                    "token kind listed twice",
                    "again here",
                );
            }
        }

        // Every `:name` segment is declared, and every declared one is used.
        let template: Vec<&str> = endpoint
            .path
            .split('/')
            .filter_map(|segment| segment.strip_prefix(':'))
            .collect();
        for name in &template {
            if name.is_empty() || !endpoint.path_params.iter().any(|param| param.name == *name) {
                self.error_with_help(
                    &ep("path"),
                    format!("path parameter `:{name}` is not declared in `path_params`"),
                    format!("`:{name}` is used here"),
                    format!("add `- {{ name: {name}, type: string, description: ... }}` to `path_params`"),
                );
            }
        }
        if endpoint
            .path
            .split('/')
            .any(|segment| segment.contains(':') && !segment.starts_with(':'))
        {
            self.error(
                &ep("path"),
                "a path parameter must fill a whole segment (`/:name/`)",
                "here",
            );
        }
        for (p, param) in endpoint.path_params.iter().enumerate() {
            if !template.contains(&param.name.as_str()) {
                self.error(
                    &[
                        Seg::Key("endpoint"),
                        Seg::Key("path_params"),
                        Seg::Index(p),
                        Seg::Key("name"),
                    ],
                    format!(
                        "path parameter `{}` does not appear in the path `{}`",
                        param.name, endpoint.path
                    ),
                    "not in the path",
                );
            }
            if !matches!(param.ty.as_str(), "string" | "int32" | "int64") {
                self.error(
                    &[
                        Seg::Key("endpoint"),
                        Seg::Key("path_params"),
                        Seg::Index(p),
                        Seg::Key("type"),
                    ],
                    format!(
                        "path parameter `{}` must be a `string`, `int32` or `int64`",
                        param.name
                    ),
                    "here",
                );
            }
        }
        self.fields(
            &[Seg::Key("endpoint"), Seg::Key("path_params")],
            &endpoint.path_params,
        );
        self.fields(
            &[
                Seg::Key("endpoint"),
                Seg::Key("response"),
                Seg::Key("fields"),
            ],
            &endpoint.response.fields,
        );
        self.request_fields(endpoint);
        self.pagination(endpoint);
        if let Some(body) = &endpoint.body {
            self.fields(
                &[Seg::Key("endpoint"), Seg::Key("body"), Seg::Key("fields")],
                &body.fields,
            );
        }

        self.error_codes(
            &[Seg::Key("endpoint"), Seg::Key("errors")],
            endpoint
                .errors
                .iter()
                .map(|error| (error.code, error.name.as_str())),
        );
        for (e, error) in endpoint.errors.iter().enumerate() {
            if !(100..=599).contains(&error.http_status) {
                self.error(
                    &[
                        Seg::Key("endpoint"),
                        Seg::Key("errors"),
                        Seg::Index(e),
                        Seg::Key("http_status"),
                    ],
                    format!("{} is not an HTTP status", error.http_status),
                    "here",
                );
            }
        }

        for (x, example) in endpoint.examples.iter().enumerate() {
            let at = |key| {
                [
                    Seg::Key("endpoint"),
                    Seg::Key("examples"),
                    Seg::Index(x),
                    Seg::Key(key),
                ]
            };
            if naming::snake(&example.name).is_none() {
                self.error(
                    &at("name"),
                    format!("example name `{}` is not snake_case ASCII", example.name),
                    "here",
                );
            }
            for name in example.headers.keys() {
                if !endpoint.headers.iter().any(|header| &header.name == name) {
                    self.error(
                        &[
                            Seg::Key("endpoint"),
                            Seg::Key("examples"),
                            Seg::Index(x),
                            Seg::Key("headers"),
                            Seg::KeyName(name),
                        ],
                        format!("the example gives `{name}`, which is not a request header"),
                        "unknown header",
                    );
                }
            }
            for name in example.query_params.keys() {
                if !endpoint
                    .query_params
                    .iter()
                    .any(|param| &param.name == name)
                {
                    self.error(
                        &[
                            Seg::Key("endpoint"),
                            Seg::Key("examples"),
                            Seg::Index(x),
                            Seg::Key("query_params"),
                            Seg::KeyName(name),
                        ],
                        format!("the example gives `{name}`, which is not a query parameter"),
                        "unknown parameter",
                    );
                }
            }
            for name in example.path_params.keys() {
                if !endpoint.path_params.iter().any(|param| &param.name == name) {
                    self.error(
                        &[
                            Seg::Key("endpoint"),
                            Seg::Key("examples"),
                            Seg::Index(x),
                            Seg::Key("path_params"),
                            Seg::KeyName(name),
                        ],
                        format!("the example gives `{name}`, which is not a path parameter"),
                        "unknown parameter",
                    );
                }
            }
            for param in &endpoint.path_params {
                let value = example.path_params.get(&param.name);
                if matches!(param.ty.as_str(), "int32" | "int64")
                    && let Some(value) = value
                    && value.trim().parse::<i64>().is_err()
                {
                    self.error(
                        &[
                            Seg::Key("endpoint"),
                            Seg::Key("examples"),
                            Seg::Index(x),
                            Seg::Key("path_params"),
                            Seg::Key(&param.name),
                        ],
                        format!(
                            "`{value}` is not an integer, but `{}` is an `{}`",
                            param.name, param.ty
                        ),
                        "not an integer",
                    );
                }
                if value.is_none() {
                    self.error(
                        &at("name"),
                        format!(
                            "the example gives no value for path parameter `{}`",
                            param.name
                        ),
                        "in this example",
                    );
                }
            }
            if let Some(url) = &example.url
                && !url.starts_with("https://")
            {
                self.error(&at("url"), "an example `url` must be an https URL", "here");
            }
            let builds_request = example.url.is_some() || example.request_body.is_some();
            if builds_request {
                let missing_query = endpoint.query_params.iter().find(|param| {
                    param.required && !example.query_params.contains_key(&param.name)
                });
                if let Some(param) = missing_query {
                    self.error(
                        &at("name"),
                        format!(
                            "the example gives no value for the required query parameter `{}`",
                            param.name
                        ),
                        "in this example",
                    );
                }
                let missing_header = endpoint
                    .headers
                    .iter()
                    .find(|header| header.required && !example.headers.contains_key(&header.name));
                if let Some(header) = missing_header {
                    self.error(
                        &at("name"),
                        format!(
                            "the example gives no value for the required header `{}`",
                            header.name
                        ),
                        "in this example",
                    );
                }
            }
            if let Some(body) = &example.request_body {
                self.request_example(endpoint, &at("request_body"), body);
            } else if example.url.is_some()
                && let Some(field) = endpoint
                    .body
                    .iter()
                    .flat_map(|body| &body.fields)
                    .find(|field| field.required)
            {
                self.error_with_help(
                    &at("url"),
                    format!(
                        "the example's request cannot be built: it gives no `request_body` for the required field `{}`",
                        field.name
                    ),
                    "tested with this example",
                    "add the documented `request_body`",
                );
            }
            if let Some(body) = &example.response_body
                && let Err(err) = serde_json::from_str::<serde_json::Value>(body)
            {
                self.error(
                    &at("response_body"),
                    format!("the response example is not JSON: {err}"),
                    "not JSON",
                );
            }
        }
    }
}

impl Check<'_, '_> {
    /// A documented request body: a JSON object that sets only body fields,
    /// and every required one.
    fn request_example(&mut self, endpoint: &spec::Endpoint, at: &[Seg<'_>], text: &str) {
        let Some(body) = &endpoint.body else {
            self.error_with_help(
                at,
                "the example has a request body, but the endpoint declares none",
                "here",
                "describe the body under `endpoint.body.fields`",
            );
            return;
        };
        let object = match serde_json::from_str::<serde_json::Value>(text) {
            Ok(serde_json::Value::Object(object)) => object,
            Ok(_) => {
                self.error(
                    at,
                    "the request example is not a JSON object",
                    "not an object",
                );
                return;
            }
            Err(err) => {
                self.error(
                    at,
                    format!("the request example is not JSON: {err}"),
                    "not JSON",
                );
                return;
            }
        };
        for key in object.keys() {
            if !body.fields.iter().any(|field| &field.name == key) {
                self.error(
                    at,
                    format!("the request example sets `{key}`, which is not a body field"),
                    "in this example",
                );
            }
        }
        for field in body.fields.iter().filter(|field| field.required) {
            if !object.contains_key(&field.name) {
                self.error(
                    at,
                    format!(
                        "the request example leaves out the required field `{}`",
                        field.name
                    ),
                    "in this example",
                );
            }
        }
    }
}

/// Whether `name` (lower case) cannot be an HTTP header name: RFC 9110 tokens.
fn http_header_name_is_invalid(name: &str) -> bool {
    name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The first model name in `expr` that is not defined.
fn first_unknown<'e>(expr: &TypeExpr<'e>, models: &BTreeSet<&str>) -> Option<&'e str> {
    match expr {
        TypeExpr::Builtin(_) => None,
        TypeExpr::Named(name) => (!models.contains(name)).then_some(*name),
        TypeExpr::Array(inner) | TypeExpr::Map(inner) => first_unknown(inner, models),
    }
}
