//! The resolved model: every name decided, every type resolved, in a stable
//! order. Emitters read this and nothing else; they never derive a name.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::Diagnostic;
use crate::load::Loaded;
use crate::naming;
use crate::spec::{self, AppType, Builtin, EnvelopeKind, HttpMethod, Limits, TokenKind, TypeExpr};
use crate::yaml::Seg;

/// Everything the generator emits.
pub(crate) struct Ir {
    /// One entry per spec file, sorted by path.
    pub files: Vec<FileIr>,
}

/// What one spec file generates: one Rust module.
pub(crate) struct FileIr {
    /// The spec file, relative to the spec root.
    pub source: String,
    /// The module path below `api`, e.g. `["aily", "v1", "aily_session_run", "cancel"]`.
    pub module_path: Vec<String>,
    /// The endpoint, if the file describes one.
    pub endpoint: Option<EndpointIr>,
    /// The models defined in this file.
    pub models: Vec<ModelIr>,
    /// Models of other files this one uses, by name, sorted.
    pub imports: Vec<String>,
    /// Prelude names a local or imported model shadows in this module.
    pub shadowed: BTreeSet<&'static str>,
    /// The common error codes, when this file lists them: the enum
    /// [`COMMON_ERROR`] is generated here.
    pub common_errors: Vec<ErrorIr>,
}

/// The name of the enum of the common error codes.
pub(crate) const COMMON_ERROR: &str = "CommonError";

/// Where endpoint error enums find the common error codes.
pub(crate) struct CommonRef {
    /// The namespace module path of the enum, e.g. `["common", "v1"]`.
    pub namespace: Vec<String>,
    /// The endpoint enum's variant that holds one.
    pub variant: String,
}

impl FileIr {
    /// The public types this file defines, in definition order.
    pub fn exports(&self) -> Vec<&str> {
        let endpoint = self.endpoint.iter().flat_map(|endpoint| {
            [
                endpoint.request.as_str(),
                endpoint.response.as_str(),
                endpoint.error.as_str(),
            ]
        });
        let common = (!self.common_errors.is_empty()).then_some(COMMON_ERROR);
        endpoint
            .chain(self.models.iter().map(|model| model.name.as_str()))
            .chain(common)
            .collect()
    }

    /// The namespace module path: `["aily", "v1"]`.
    pub fn namespace(&self) -> &[String] {
        &self.module_path[..self.module_path.len().min(2)]
    }
}

/// One endpoint.
pub(crate) struct EndpointIr {
    pub summary: String,
    pub summary_en: Option<String>,
    pub description: Option<String>,
    pub notes: Vec<String>,
    pub doc_url: String,
    pub method: HttpMethod,
    pub path_template: String,
    pub tokens: Vec<TokenKind>,
    pub app_types: Vec<AppType>,
    pub scopes: Vec<(String, Option<String>)>,
    pub rate_limit: Option<String>,
    /// The request type's name, e.g. `CancelAilySessionRunRequest`.
    pub request: String,
    /// The response type's name.
    pub response: String,
    /// The error enum's name.
    pub error: String,
    /// The path template, split into literal text and parameters.
    pub path: Vec<PathPiece>,
    /// The path parameters, in declaration order.
    pub path_params: Vec<FieldIr>,
    /// The query parameters, in declaration order.
    pub query_params: Vec<FieldIr>,
    /// The request headers, in declaration order; `wire` is the header name.
    pub headers: Vec<FieldIr>,
    /// The JSON body's fields; `None` when the endpoint sends no body.
    pub body: Option<Vec<FieldIr>>,
    /// How the endpoint pages, if it is a list.
    pub pagination: Option<PaginationIr>,
    pub envelope: EnvelopeKind,
    pub response_fields: Vec<FieldIr>,
    pub errors: Vec<ErrorIr>,
    /// The error enum's variant for undocumented codes.
    pub error_fallback: String,
    /// The error enum's variant for the common codes, when the spec set has them.
    pub common: Option<CommonRef>,
    pub examples: Vec<ExampleIr>,
}

/// A list endpoint's paging fields, as indexes.
pub(crate) struct PaginationIr {
    /// Into [`EndpointIr::query_params`]: the page token the request sends.
    pub request_token: usize,
    /// Into [`EndpointIr::response_fields`]: the items, an array.
    pub items: usize,
    /// Into [`EndpointIr::response_fields`]: the next page's token.
    pub response_token: usize,
    /// Into [`EndpointIr::response_fields`]: whether more pages follow.
    pub has_more: usize,
}

/// A piece of a path template.
pub(crate) enum PathPiece {
    Literal(String),
    /// An index into [`EndpointIr::path_params`].
    Param(usize),
}

/// A field of a struct, or a parameter.
pub(crate) struct FieldIr {
    /// The name on the wire.
    pub wire: String,
    /// The Rust identifier, escaped (`r#type`, `self_`).
    pub ident: String,
    pub ty: TypeIr,
    pub required: bool,
    pub description: Option<String>,
    /// The example value, as the docs print it.
    pub example: Option<String>,
    pub limits: Limits,
}

/// A resolved type.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum TypeIr {
    Builtin(Builtin),
    /// A model, by its (unique in the namespace) name.
    Model(String),
    Array(Box<TypeIr>),
    Map(Box<TypeIr>),
}

/// A named model.
pub(crate) struct ModelIr {
    pub name: String,
    pub description: Option<String>,
    pub kind: ModelKind,
}

pub(crate) enum ModelKind {
    Object(Vec<FieldIr>),
    Enum {
        variants: Vec<VariantIr>,
        /// The variant that keeps unknown values.
        fallback: String,
        /// The name of the generated test that decodes an unknown value.
        test_name: String,
    },
}

/// A documented enum value.
pub(crate) struct VariantIr {
    pub ident: String,
    pub wire: String,
    pub description: Option<String>,
}

/// A documented error code.
pub(crate) struct ErrorIr {
    pub variant: String,
    pub code: i64,
    /// The documented HTTP status; the common table gives none.
    pub http_status: Option<u16>,
    pub message: String,
    pub advice: Option<String>,
}

/// A documented example, as the tests it generates.
pub(crate) struct ExampleIr {
    /// A snake_case prefix for its tests' names.
    pub test_name: String,
    /// A value for every path parameter, in [`EndpointIr::path_params`] order.
    pub path_args: Vec<ExampleArg>,
    /// The path (and query) of the docs' URL for these values.
    pub url_path: Option<String>,
    /// A value for each query parameter the example sets, in
    /// [`EndpointIr::query_params`] order.
    pub query_args: Vec<(usize, serde_json::Value)>,
    /// A value for each header the example sets, in
    /// [`EndpointIr::headers`] order.
    pub header_args: Vec<(usize, serde_json::Value)>,
    /// The documented request body: a value for each body field it sets,
    /// as JSON, in [`EndpointIr::body`] order, and the body as JSON text.
    pub request_body: Option<(Vec<(usize, serde_json::Value)>, String)>,
    /// The response body, as JSON text.
    pub response_body: Option<String>,
}

/// An example's value for a path parameter, typed like the parameter.
pub(crate) enum ExampleArg {
    Str(String),
    Int(i64),
}

/// Where a name was given, resolved to a location only when it is reported.
struct Site<'a> {
    file: &'a Loaded<'a>,
    path: Vec<Seg<'a>>,
}

/// Rust names taken in one scope, and who took them.
struct Scope<'a> {
    what: &'static str,
    taken: BTreeMap<String, (String, Site<'a>)>,
    /// Whether a name given twice is reported here; for lists whose
    /// duplicates validate reports already, it is not.
    report_duplicates: bool,
}

impl<'a> Scope<'a> {
    fn new(what: &'static str) -> Self {
        Self {
            what,
            taken: BTreeMap::new(),
            report_duplicates: false,
        }
    }

    /// A scope that also reports a name given twice.
    fn reporting_duplicates(what: &'static str) -> Self {
        Self {
            report_duplicates: true,
            ..Self::new(what)
        }
    }

    /// Takes `rust` for the name `given` at `site`, or reports whom it collides with.
    fn claim(
        &mut self,
        rust: &str,
        given: &str,
        site: Site<'a>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        if let Some((first, first_site)) = self.taken.get(rust) {
            if first == given && !self.report_duplicates {
                return;
            }
            let what = self.what;
            let message = if first == given {
                format!("{what} `{given}` is defined twice")
            } else {
                format!("{what} names `{first}` and `{given}` both become `{rust}` in Rust")
            };
            diagnostics.push(
                site.file
                    .error(&site.path, message, format!("`{given}` becomes `{rust}`"))
                    .with_related(
                        first_site.file.location(&first_site.path),
                        format!("`{first}` becomes `{rust}` here first"),
                    )
                    .with_help("rename one of them, or give one a `rust_name`"),
            );
        } else {
            self.taken.insert(rust.to_owned(), (given.to_owned(), site));
        }
    }
}

/// Builds the IR. Input that [`crate::validate`] rejects is skipped or
/// replaced by a placeholder here: its diagnostics come from there, and the
/// IR of a run with diagnostics is never emitted.
pub(crate) fn build<'a>(files: &'a [Loaded<'a>]) -> (Ir, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();

    // Type names, per namespace: models first, then endpoint types.
    let mut types: BTreeMap<String, Scope<'a>> = BTreeMap::new();
    let mut model_home: BTreeMap<(String, &str), usize> = BTreeMap::new();
    for (index, file) in files.iter().enumerate() {
        let scope = types
            .entry(file.namespace())
            .or_insert_with(|| Scope::reporting_duplicates("type"));
        for (m, model) in file.spec.models.iter().enumerate() {
            let site = Site {
                file,
                path: vec![Seg::Key("models"), Seg::Index(m), Seg::Key("name")],
            };
            scope.claim(&model.name, &model.name, site, &mut diagnostics);
            model_home
                .entry((file.namespace(), model.name.as_str()))
                .or_insert(index);
        }
    }

    // The common error codes: the first file that lists them (validate
    // reports any other).
    let common_home = files
        .iter()
        .find(|file| !file.spec.common_errors.is_empty());
    if let Some(file) = common_home {
        let scope = types
            .get_mut(&file.namespace())
            .expect("every namespace was registered above");
        let site = Site {
            file,
            path: vec![Seg::KeyName("common_errors")],
        };
        scope.claim(COMMON_ERROR, COMMON_ERROR, site, &mut diagnostics);
    }
    let common_namespace: Option<Vec<String>> =
        common_home.map(|file| file.namespace().split('/').map(str::to_owned).collect());

    let mut out = Vec::new();
    for (index, file) in files.iter().enumerate() {
        let namespace = file.namespace();
        let resolve = |expr: &TypeExpr<'_>| resolve(expr, &namespace, &model_home);
        let module_path: Vec<String> = file.module_path().iter().map(|s| (*s).to_owned()).collect();

        let endpoint = file.spec.endpoint.as_ref().map(|endpoint| {
            let scope = types
                .get_mut(&namespace)
                .expect("every namespace was registered above");
            build_endpoint(
                file,
                endpoint,
                &module_path,
                scope,
                &resolve,
                common_namespace.as_deref(),
                &mut diagnostics,
            )
        });
        let common_errors = if common_home.is_some_and(|home| std::ptr::eq(home, file)) {
            build_common_errors(file, &mut diagnostics)
        } else {
            Vec::new()
        };

        let models = file
            .spec
            .models
            .iter()
            .enumerate()
            .map(|(m, model)| build_model(file, m, model, &resolve, &mut diagnostics))
            .collect::<Vec<_>>();

        let mut used = BTreeSet::new();
        let fields = endpoint
            .iter()
            .flat_map(|e: &EndpointIr| {
                e.path_params
                    .iter()
                    .chain(&e.query_params)
                    .chain(&e.headers)
                    .chain(e.body.iter().flatten())
                    .chain(&e.response_fields)
            })
            .chain(models.iter().flat_map(|model| match &model.kind {
                ModelKind::Object(fields) => fields.as_slice(),
                ModelKind::Enum { .. } => &[],
            }));
        for field in fields {
            collect_models(&field.ty, &mut used);
        }
        let imports: Vec<String> = used
            .into_iter()
            .filter(|name| model_home.get(&(namespace.clone(), name.as_str())) != Some(&index))
            .collect();
        let shadowed = naming::PRELUDE
            .iter()
            .map(|(name, _)| *name)
            .filter(|name| {
                imports.iter().any(|import| import == name)
                    || models.iter().any(|model| model.name == *name)
            })
            .collect();

        out.push(FileIr {
            source: file.file.to_owned(),
            module_path,
            endpoint,
            models,
            imports,
            shadowed,
            common_errors,
        });
    }
    (Ir { files: out }, diagnostics)
}

fn resolve(
    expr: &TypeExpr<'_>,
    namespace: &str,
    models: &BTreeMap<(String, &str), usize>,
) -> TypeIr {
    match expr {
        TypeExpr::Builtin(builtin) => TypeIr::Builtin(*builtin),
        TypeExpr::Named(name) if models.contains_key(&(namespace.to_owned(), *name)) => {
            TypeIr::Model((*name).to_owned())
        }
        // Unresolved: validate reports it; any placeholder will do.
        TypeExpr::Named(_) => TypeIr::Builtin(Builtin::Json),
        TypeExpr::Array(inner) => TypeIr::Array(Box::new(resolve(inner, namespace, models))),
        TypeExpr::Map(inner) => TypeIr::Map(Box::new(resolve(inner, namespace, models))),
    }
}

fn collect_models(ty: &TypeIr, into: &mut BTreeSet<String>) {
    match ty {
        TypeIr::Builtin(_) => {}
        TypeIr::Model(name) => {
            into.insert(name.clone());
        }
        TypeIr::Array(inner) | TypeIr::Map(inner) => collect_models(inner, into),
    }
}

fn build_endpoint<'a>(
    file: &'a Loaded<'a>,
    endpoint: &'a spec::Endpoint,
    module_path: &[String],
    types: &mut Scope<'a>,
    resolve: &dyn Fn(&TypeExpr<'_>) -> TypeIr,
    common_namespace: Option<&[String]>,
    diagnostics: &mut Vec<Diagnostic>,
) -> EndpointIr {
    // `aily/v1/aily_session_run/cancel` → `CancelAilySessionRun`.
    let stem = module_path.last().map_or("", String::as_str);
    let resource = if module_path.len() > 3 {
        module_path[module_path.len() - 2].as_str()
    } else {
        ""
    };
    let base =
        naming::pascal(&format!("{stem}_{resource}")).unwrap_or_else(|| "Endpoint".to_owned());
    let [request, response, error] =
        ["Request", "Response", "Error"].map(|suffix| format!("{base}{suffix}"));
    for name in [&request, &response, &error] {
        let site = Site {
            file,
            path: vec![Seg::KeyName("endpoint")],
        };
        types.claim(name, name, site, diagnostics);
    }

    let at = |list: &'static str| {
        move |i: usize| vec![Seg::Key("endpoint"), Seg::Key(list), Seg::Index(i)]
    };
    // Path parameters and body fields are fields of one struct, and optional
    // body fields name setters beside the constructor `new`.
    let mut request_scope = Scope::new("request field");
    let path_params: Vec<FieldIr> = endpoint
        .path_params
        .iter()
        .enumerate()
        .map(|(i, field)| FieldIr {
            // Whatever the spec says: a path has every segment.
            required: true,
            ..build_field(
                file,
                at("path_params")(i),
                field,
                &mut request_scope,
                resolve,
                diagnostics,
            )
        })
        .collect();
    // Query parameters, headers and body fields are request fields too;
    // optional ones name setters beside the constructor `new`.
    let mut setting = |key: &'static str, list: Option<&'static str>, fields: &'a [spec::Field]| {
        fields
            .iter()
            .enumerate()
            .map(|(i, field)| {
                let mut site = vec![Seg::Key("endpoint"), Seg::Key(key)];
                site.extend(list.map(Seg::Key));
                site.push(Seg::Index(i));
                let built = build_field(
                    file,
                    site.clone(),
                    field,
                    &mut request_scope,
                    resolve,
                    diagnostics,
                );
                if !built.required && naming::unraw(&built.ident) == "new" {
                    let name = if field.rust_name.is_some() { "rust_name" } else { "name" };
                    diagnostics.push(
                        file.error(
                            &[site, vec![Seg::Key(name)]].concat(),
                            "an optional request field cannot be named `new`: its setter would clash with the constructor",
                            "becomes the setter `new`",
                        )
                        .with_help("give it another `rust_name`"),
                    );
                }
                built
            })
            .collect::<Vec<_>>()
    };
    let query_params = setting("query_params", None, &endpoint.query_params);
    let headers = setting("headers", None, &endpoint.headers);
    let body = endpoint
        .body
        .as_ref()
        .map(|body| setting("body", Some("fields"), &body.fields));

    let mut path = Vec::new();
    let mut rest = endpoint.path.as_str();
    while let Some(colon) = rest.find(':') {
        path.push(PathPiece::Literal(rest[..colon].to_owned()));
        let after = &rest[colon + 1..];
        let end = after.find('/').unwrap_or(after.len());
        let name = &after[..end];
        match endpoint
            .path_params
            .iter()
            .position(|param| param.name == name)
        {
            Some(index) => path.push(PathPiece::Param(index)),
            // Undeclared: validate reports it.
            None => path.push(PathPiece::Literal(format!(":{name}"))),
        }
        rest = &after[end..];
    }
    path.push(PathPiece::Literal(rest.to_owned()));
    path.retain(|piece| !matches!(piece, PathPiece::Literal(text) if text.is_empty()));

    let mut response_scope = Scope::new("field");
    let response_fields = endpoint
        .response
        .fields
        .iter()
        .enumerate()
        .map(|(i, field)| {
            let site = vec![
                Seg::Key("endpoint"),
                Seg::Key("response"),
                Seg::Key("fields"),
                Seg::Index(i),
            ];
            build_field(file, site, field, &mut response_scope, resolve, diagnostics)
        })
        .collect();

    // Unresolvable names: validate reports them.
    let pagination = endpoint.pagination.as_ref().and_then(|pagination| {
        let response = |name: &str| {
            endpoint
                .response
                .fields
                .iter()
                .position(|field| field.name == name)
        };
        Some(PaginationIr {
            request_token: endpoint
                .query_params
                .iter()
                .position(|param| param.name == pagination.request_token)?,
            items: response(&pagination.items)?,
            response_token: response(&pagination.response_token)?,
            has_more: response(&pagination.has_more)?,
        })
    });

    let mut variant_scope = Scope::reporting_duplicates("error");
    let errors: Vec<ErrorIr> = endpoint
        .errors
        .iter()
        .enumerate()
        .map(|(i, error)| {
            let site = Site {
                file,
                path: [at("errors")(i), vec![Seg::Key("name")]].concat(),
            };
            let variant =
                naming::pascal(&error.name).unwrap_or_else(|| format!("Code{}", error.code));
            variant_scope.claim(&variant, &error.name, site, diagnostics);
            ErrorIr {
                variant,
                code: error.code,
                http_status: Some(error.http_status),
                message: error.message.clone(),
                advice: error.advice.clone(),
            }
        })
        .collect();
    let documented = || errors.iter().map(|error| error.variant.as_str());
    let common = common_namespace.map(|namespace| CommonRef {
        namespace: namespace.to_vec(),
        variant: ["Common", "CommonCode", "Platform"]
            .into_iter()
            .map(str::to_owned)
            .chain((2..).map(|n| format!("Common{n}")))
            .find(|candidate| !documented().any(|taken| taken == candidate))
            .expect("an unbounded sequence of distinct names has one not in a finite set"),
    });
    let error_fallback =
        fallback_name(documented().chain(common.as_ref().map(|common| common.variant.as_str())));

    let mut example_scope = Scope::reporting_duplicates("example");
    let examples = endpoint
        .examples
        .iter()
        .enumerate()
        .map(|(i, example)| {
            let site = Site {
                file,
                path: [at("examples")(i), vec![Seg::Key("name")]].concat(),
            };
            let test_name = naming::snake(&example.name).unwrap_or_else(|| format!("example_{i}"));
            let test_name = naming::unraw(&test_name).trim_end_matches('_').to_owned();
            example_scope.claim(&test_name, &example.name, site, diagnostics);
            ExampleIr {
                test_name,
                path_args: endpoint
                    .path_params
                    .iter()
                    .map(|param| {
                        let value = example
                            .path_params
                            .get(&param.name)
                            .cloned()
                            .unwrap_or_default();
                        match param.ty.as_str() {
                            // Not an integer: validate reports it.
                            "int32" | "int64" => {
                                ExampleArg::Int(value.trim().parse().unwrap_or_default())
                            }
                            _ => ExampleArg::Str(value),
                        }
                    })
                    .collect(),
                url_path: example.url.as_deref().map(url_path),
                header_args: endpoint
                    .headers
                    .iter()
                    .enumerate()
                    .filter_map(|(i, header)| {
                        let value = example.headers.get(&header.name)?;
                        Some((i, serde_json::Value::String(value.clone())))
                    })
                    .collect(),
                query_args: endpoint
                    .query_params
                    .iter()
                    .enumerate()
                    .filter_map(|(i, param)| {
                        Some((i, example.query_params.get(&param.name)?.clone()))
                    })
                    .collect(),
                request_body: example.request_body.as_ref().and_then(|text| {
                    // Not a JSON object: validate reports it.
                    let serde_json::Value::Object(object) = serde_json::from_str(text).ok()? else {
                        return None;
                    };
                    let fields = endpoint.body.as_ref().map_or(&[][..], |body| &body.fields);
                    let values = fields
                        .iter()
                        .enumerate()
                        .filter_map(|(i, field)| Some((i, object.get(&field.name)?.clone())))
                        .collect();
                    Some((values, text.clone()))
                }),
                response_body: example.response_body.clone(),
            }
        })
        .collect();

    EndpointIr {
        summary: endpoint.summary.clone(),
        summary_en: endpoint.summary_en.clone(),
        description: endpoint.description.clone(),
        notes: endpoint.notes.clone(),
        doc_url: endpoint.doc_url.clone(),
        method: endpoint.method,
        path_template: endpoint.path.clone(),
        tokens: endpoint.tokens.clone(),
        app_types: endpoint.app_types.clone(),
        scopes: endpoint
            .scopes
            .iter()
            .map(|s| (s.name.clone(), s.description.clone()))
            .collect(),
        rate_limit: endpoint.rate_limit.clone(),
        request,
        response,
        error,
        path,
        path_params,
        query_params,
        headers,
        body,
        pagination,
        envelope: endpoint.response.envelope,
        response_fields,
        errors,
        error_fallback,
        common,
        examples,
    }
}

/// The common error codes of `file`, with their variant names.
fn build_common_errors<'a>(
    file: &'a Loaded<'a>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<ErrorIr> {
    let mut scope = Scope::reporting_duplicates("common error");
    file.spec
        .common_errors
        .iter()
        .enumerate()
        .map(|(i, error)| {
            let site = Site {
                file,
                path: vec![Seg::Key("common_errors"), Seg::Index(i), Seg::Key("name")],
            };
            let variant =
                naming::pascal(&error.name).unwrap_or_else(|| format!("Code{}", error.code));
            scope.claim(&variant, &error.name, site, diagnostics);
            ErrorIr {
                variant,
                code: error.code,
                http_status: None,
                message: error.message.clone(),
                advice: error.advice.clone(),
            }
        })
        .collect()
}

/// The path and query of a URL: `https://host/a/b?c` → `/a/b?c`.
fn url_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(slash) => after_scheme[slash..].to_owned(),
        None => "/".to_owned(),
    }
}

/// `Unknown`, unless a documented variant has that name already.
fn fallback_name<'v>(variants: impl Iterator<Item = &'v str>) -> String {
    let taken: BTreeSet<&str> = variants.collect();
    ["Unknown", "UnknownValue", "Unrecognized"]
        .into_iter()
        .map(str::to_owned)
        .chain((2..).map(|n| format!("Unknown{n}")))
        .find(|candidate| !taken.contains(candidate.as_str()))
        .expect("an unbounded sequence of distinct names has one not in a finite set")
}

fn build_field<'a>(
    file: &'a Loaded<'a>,
    path: Vec<Seg<'a>>,
    field: &'a spec::Field,
    scope: &mut Scope<'a>,
    resolve: &dyn Fn(&TypeExpr<'_>) -> TypeIr,
    diagnostics: &mut Vec<Diagnostic>,
) -> FieldIr {
    let (ident, key) = match &field.rust_name {
        Some(rust_name) => (rust_name.clone(), "rust_name"),
        // Not an identifier: validate asks for a `rust_name`.
        None => (
            naming::snake(&field.name).unwrap_or_else(|| "unnamed".to_owned()),
            "name",
        ),
    };
    scope.claim(
        naming::unraw(&ident),
        &field.name,
        Site {
            file,
            path: [path, vec![Seg::Key(key)]].concat(),
        },
        diagnostics,
    );
    FieldIr {
        wire: field.name.clone(),
        ident,
        ty: spec::parse_type(&field.ty)
            .map_or(TypeIr::Builtin(Builtin::Json), |expr| resolve(&expr)),
        required: field.required,
        description: field.description.clone(),
        example: field.example.as_ref().map(|value| match value {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        }),
        limits: field.limits.clone().unwrap_or_default(),
    }
}

fn build_model<'a>(
    file: &'a Loaded<'a>,
    index: usize,
    model: &'a spec::Model,
    resolve: &dyn Fn(&TypeExpr<'_>) -> TypeIr,
    diagnostics: &mut Vec<Diagnostic>,
) -> ModelIr {
    let at = |key: &'static str| vec![Seg::Key("models"), Seg::Index(index), Seg::Key(key)];
    let kind = if let Some(values) = &model.values {
        let mut scope = Scope::new("enum value");
        let variants: Vec<VariantIr> = values
            .iter()
            .enumerate()
            .map(|(v, value)| {
                let (ident, key) = match &value.rust_name {
                    Some(rust_name) => (rust_name.clone(), "rust_name"),
                    None => (
                        naming::pascal(&value.value).unwrap_or_else(|| format!("Value{v}")),
                        "value",
                    ),
                };
                let site = Site {
                    file,
                    path: [at("values"), vec![Seg::Index(v), Seg::Key(key)]].concat(),
                };
                scope.claim(&ident, &value.value, site, diagnostics);
                VariantIr {
                    ident,
                    wire: value.value.clone(),
                    description: value.description.clone(),
                }
            })
            .collect();
        let fallback = fallback_name(variants.iter().map(|variant| variant.ident.as_str()));
        let snake = naming::snake(&model.name).unwrap_or_default();
        let test_name = format!(
            "{}_keeps_unknown_values",
            naming::unraw(&snake).trim_end_matches('_')
        );
        ModelKind::Enum {
            variants,
            fallback,
            test_name,
        }
    } else {
        let mut scope = Scope::new("field");
        let fields = model
            .fields
            .iter()
            .flatten()
            .enumerate()
            .map(|(f, field)| {
                build_field(
                    file,
                    [at("fields"), vec![Seg::Index(f)]].concat(),
                    field,
                    &mut scope,
                    resolve,
                    diagnostics,
                )
            })
            .collect();
        ModelKind::Object(fields)
    };
    ModelIr {
        name: model.name.clone(),
        description: model.description.clone(),
        kind,
    }
}
