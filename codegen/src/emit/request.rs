//! Requests and their response types.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::code;
use super::model::{field_docs, field_type, object, serde_attrs};
use super::{Ctx, Docs, ident};
use crate::ir::{EndpointIr, FieldIr, PaginationIr, PathPiece, TypeIr};
use crate::spec::{AppType, Builtin, EnvelopeKind, HttpMethod, TokenKind};

fn method_name(method: HttpMethod) -> &'static str {
    match method {
        HttpMethod::Get => "GET",
        HttpMethod::Post => "POST",
        HttpMethod::Put => "PUT",
        HttpMethod::Patch => "PATCH",
        HttpMethod::Delete => "DELETE",
    }
}

fn token_name(token: TokenKind) -> &'static str {
    match token {
        TokenKind::TenantAccessToken => "tenant_access_token",
        TokenKind::UserAccessToken => "user_access_token",
        TokenKind::AppAccessToken => "app_access_token",
    }
}

/// The request type's rustdoc: the page's text, then the endpoint's facts.
fn request_docs(endpoint: &EndpointIr) -> Docs {
    let mut docs = Docs::default();
    docs.text(Some(&endpoint.summary));
    if let Some(english) = &endpoint.summary_en {
        docs.text(Some(english));
    }
    docs.text(endpoint.description.as_deref());
    for note in &endpoint.notes {
        docs.text(Some(note));
    }
    let list = |items: Vec<String>| items.join(", ");
    let mut facts = vec![
        format!("- Method: `{}`", method_name(endpoint.method)),
        format!("- Path: {}", code(&endpoint.path_template)),
        if endpoint.tokens.is_empty() {
            "- Token kinds: none; the endpoint is called without a token".to_owned()
        } else {
            format!(
                "- Token kinds: {}",
                list(
                    endpoint
                        .tokens
                        .iter()
                        .map(|token| code(token_name(*token)))
                        .collect()
                )
            )
        },
        format!(
            "- App types: {}",
            list(
                endpoint
                    .app_types
                    .iter()
                    .map(|app| code(match app {
                        AppType::Custom => "custom",
                        AppType::Isv => "isv",
                    }))
                    .collect()
            )
        ),
    ];
    if !endpoint.scopes.is_empty() {
        let scopes = endpoint
            .scopes
            .iter()
            .map(|(name, description)| match description {
                Some(description) => {
                    format!("{} ({})", code(name), super::docs::sanitize(description))
                }
                None => code(name),
            });
        facts.push(format!("- Scopes (any one): {}", list(scopes.collect())));
    }
    if let Some(rate_limit) = &endpoint.rate_limit {
        facts.push(format!(
            "- Rate limit: {}",
            super::docs::sanitize(rate_limit)
        ));
    }
    facts.push(format!("- Response: [`{}`]", endpoint.response));
    let errors = endpoint
        .errors
        .iter()
        .map(|error| format!("`{}`", error.code))
        .collect::<Vec<_>>();
    facts.push(if errors.is_empty() {
        format!("- Errors: [`{}`]", endpoint.error)
    } else {
        format!("- Errors: [`{}`] ({})", endpoint.error, errors.join(", "))
    });
    facts.push(format!("- Docs: <{}>", endpoint.doc_url));
    docs.raw(facts.join("\n"));
    docs
}

/// Where a request field goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Path,
    Query,
    Header,
    Body,
}

pub(super) fn request(endpoint: &EndpointIr, ctx: &Ctx<'_>) -> TokenStream {
    let name = ident(&endpoint.request);
    let docs = request_docs(endpoint).outer();
    let string = ctx.std("String");
    let result = ctx.std("Result");
    let option = ctx.std("Option");
    let vec = ctx.std("Vec");
    let into = ctx.std("Into");

    let places = [
        (Place::Path, endpoint.path_params.as_slice()),
        (Place::Query, endpoint.query_params.as_slice()),
        (Place::Header, endpoint.headers.as_slice()),
        (Place::Body, endpoint.body.as_deref().unwrap_or_default()),
    ];
    let has_body = endpoint.body.is_some();
    let is_string = |ty: &TypeIr| matches!(ty, TypeIr::Builtin(Builtin::String));

    // Required fields are constructor arguments, in this order; optional ones
    // chained setters.
    let mut fields = Vec::new();
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    for (place, list) in places {
        for field in list {
            let docs = field_docs(field).outer();
            let field_ident = ident(&field.ident);
            let value = ctx.ty(&field.ty);
            if place == Place::Path {
                let skip = has_body.then(|| quote!(#[serde(skip)]));
                fields.push(quote!(#docs #skip #field_ident: #value,));
                if is_string(&field.ty) {
                    args.push(quote!(#field_ident: impl #into<#string>));
                    inits.push(quote!(#field_ident: #field_ident.into()));
                } else {
                    args.push(quote!(#field_ident: #value));
                    inits.push(quote!(#field_ident));
                }
                continue;
            }
            let ty = field_type(field, ctx);
            let attrs = if place == Place::Body {
                serde_attrs(field, ctx)
            } else {
                if has_body {
                    quote!(#[serde(skip)])
                } else {
                    quote!()
                }
            };
            fields.push(quote!(#docs #attrs #field_ident: #ty,));
            if field.required {
                args.push(quote!(#field_ident: impl #into<#value>));
                inits.push(quote!(#field_ident: #field_ident.into()));
            } else {
                let (init, set) = if is_collection(&field.ty) {
                    let default = ctx.std("Default");
                    (quote!(#default::default()), quote!(#field_ident.into()))
                } else {
                    (
                        quote!(#option::None),
                        quote!(#option::Some(#field_ident.into())),
                    )
                };
                inits.push(quote!(#field_ident: #init));
                setters.push(quote! {
                    #docs
                    pub fn #field_ident(mut self, #field_ident: impl #into<#value>) -> Self {
                        self.#field_ident = #set;
                        self
                    }
                });
            }
        }
    }
    let mut new_docs = Docs::default();
    new_docs.raw(format!(
        "A request to {} with its path parameters and required fields.",
        code(&endpoint.path_template)
    ));
    let new_docs = new_docs.outer();

    // Non-string parameters are formatted first, so every segment borrows a `&str`.
    let params = &endpoint.path_params;
    let param_idents: Vec<_> = params.iter().map(|param| ident(&param.ident)).collect();
    let formatted = params
        .iter()
        .zip(&param_idents)
        .filter(|(param, _)| !is_string(&param.ty))
        .map(|(_, ident)| quote!(let #ident = self.#ident.to_string();));
    let segments = endpoint.path.iter().map(|piece| match piece {
        PathPiece::Literal(text) => quote!(crate::PathSegment::Literal(#text)),
        PathPiece::Param(index) => {
            let wire = &params[*index].wire;
            let ident = &param_idents[*index];
            if is_string(&params[*index].ty) {
                quote!(crate::PathSegment::Param(#wire, &self.#ident))
            } else {
                quote!(crate::PathSegment::Param(#wire, &#ident))
            }
        }
    });

    let query_fn = (!endpoint.query_params.is_empty()).then(|| {
        let pushes = endpoint.query_params.iter().map(|param| {
            let (wire, field) = (&param.wire, ident(&param.ident));
            if is_collection(&param.ty) {
                quote!(for value in &self.#field { query.push(#wire, value); })
            } else if param.required {
                let copied = matches!(
                    param.ty,
                    TypeIr::Builtin(
                        Builtin::Boolean | Builtin::Int32 | Builtin::Int64 | Builtin::Float64
                    )
                );
                if copied {
                    quote!(query.push(#wire, self.#field);)
                } else {
                    quote!(query.push(#wire, &self.#field);)
                }
            } else {
                quote!(if let #option::Some(value) = &self.#field { query.push(#wire, value); })
            }
        });
        quote! {
            fn query(&self, query: &mut crate::QueryWriter) {
                #(#pushes)*
            }
        }
    });
    let headers_fn = (!endpoint.headers.is_empty()).then(|| {
        let inserts = endpoint.headers.iter().map(|header| {
            let (wire, field) = (header.wire.to_ascii_lowercase(), ident(&header.ident));
            if header.required {
                quote!(crate::insert_header(headers, #wire, &self.#field)?;)
            } else {
                quote! {
                    if let #option::Some(value) = &self.#field {
                        crate::insert_header(headers, #wire, value)?;
                    }
                }
            }
        });
        quote! {
            fn headers(&self, headers: &mut http::HeaderMap) -> #result<(), crate::InvalidRequest> {
                #(#inserts)*
                #result::Ok(())
            }
        }
    });
    let body_fn = has_body.then(|| {
        quote! {
            fn body(&self) -> #result<#option<#vec<u8>>, crate::InvalidRequest> {
                crate::json_body(self).map(#option::Some)
            }
        }
    });
    let checks: Vec<TokenStream> = places
        .iter()
        .flat_map(|(_, list)| list.iter())
        .filter_map(|field| limit_checks(field, ctx))
        .collect();
    let validate_fn = (!checks.is_empty()).then(|| {
        quote! {
            fn validate(&self) -> #result<(), crate::InvalidRequest> {
                #(#checks)*
                #result::Ok(())
            }
        }
    });

    let method = ident(method_name(endpoint.method));
    let template = &endpoint.path_template;
    let kinds = endpoint.tokens.iter().map(|token| {
        ident(match token {
            TokenKind::TenantAccessToken => "Tenant",
            TokenKind::UserAccessToken => "User",
            TokenKind::AppAccessToken => "App",
        })
    });
    let token_types: Vec<_> = if endpoint.tokens.is_empty() {
        vec![ident("NoToken")]
    } else {
        endpoint
            .tokens
            .iter()
            .map(|token| {
                ident(match token {
                    TokenKind::TenantAccessToken => "TenantAccessToken",
                    TokenKind::UserAccessToken => "UserAccessToken",
                    TokenKind::AppAccessToken => "AppAccessToken",
                })
            })
            .collect()
    };
    let scopes = endpoint.scopes.iter().map(|(name, _)| name);
    let envelope = ident(match endpoint.envelope {
        EnvelopeKind::Data => "Data",
        EnvelopeKind::Flat => "Flat",
    });
    let (response, error) = (ident(&endpoint.response), ident(&endpoint.error));
    let derive_serialize = has_body.then(|| quote!(, serde::Serialize));
    let secrets = endpoint
        .response_fields
        .iter()
        .any(|field| holds_secret(&field.ty))
        .then(|| {
            quote!(
                const RESPONSE_HAS_SECRETS: bool = true;
            )
        });
    let setters = (!setters.is_empty()).then(|| quote!(#(#setters)*));
    // A request with nothing required is also its own default.
    let default = args.is_empty().then(|| {
        let default = ctx.std("Default");
        quote! {
            impl #default for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    let paginated = endpoint
        .pagination
        .as_ref()
        .map(|pagination| paginated(endpoint, pagination, ctx));

    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq #derive_serialize)]
        #[must_use]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #new_docs
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }

            #setters
        }

        #default

        impl crate::Endpoint for #name {
            const METHOD: http::Method = http::Method::#method;
            const PATH_TEMPLATE: &'static str = #template;
            const TOKEN_KINDS: &'static [crate::TokenKind] = &[#( crate::TokenKind::#kinds ),*];
            const SCOPES: &'static [&'static str] = &[#( #scopes ),*];
            const ENVELOPE: crate::Envelope = crate::Envelope::#envelope;
            #secrets

            type Output = #response;
            type Error = #error;

            fn path(&self) -> #result<#string, crate::InvalidRequest> {
                #(#formatted)*
                crate::render_path(&[#( #segments ),*])
            }

            #query_fn
            #headers_fn
            #body_fn
            #validate_fn
        }

        #( impl crate::Accepts<crate::#token_types> for #name {} )*

        #paginated
    }
}

/// Whether a value of `ty` holds a `secret` (models are not followed).
fn holds_secret(ty: &TypeIr) -> bool {
    match ty {
        TypeIr::Builtin(builtin) => *builtin == Builtin::Secret,
        TypeIr::Model(_) => false,
        TypeIr::Array(inner) | TypeIr::Map(inner) => holds_secret(inner),
    }
}

/// Whether absence and emptiness mean the same for `ty`.
fn is_collection(ty: &TypeIr) -> bool {
    matches!(ty, TypeIr::Array(_) | TypeIr::Map(_))
}

/// The statements that check `field` against its limits before sending, or
/// `None` when it has none.
fn limit_checks(field: &FieldIr, ctx: &Ctx<'_>) -> Option<TokenStream> {
    let limits = &field.limits;
    let wire = &field.wire;
    let (some, none) = (ctx.std("Some"), ctx.std("None"));
    let bound_u = |value: Option<u64>| match value {
        Some(value) => quote!(#some(#value)),
        None => quote!(#none),
    };
    let bound_i = |value: Option<i64>| match value {
        Some(value) => quote!(#some(#value)),
        None => quote!(#none),
    };
    // Checks on one value (an element, for arrays), bound as `value: &T`.
    let element = match &field.ty {
        TypeIr::Array(inner) => inner.as_ref(),
        other => other,
    };
    let mut on_value = Vec::new();
    let text = match element {
        TypeIr::Builtin(Builtin::String) => Some(quote!(value.as_str())),
        TypeIr::Builtin(Builtin::JsonString) => Some(quote!(value.as_str())),
        TypeIr::Builtin(Builtin::Secret) => Some(quote!(value.expose())),
        _ => None,
    };
    if let Some(text) = &text {
        if limits.min_length.is_some() || limits.max_length.is_some() {
            let (min, max) = (bound_u(limits.min_length), bound_u(limits.max_length));
            on_value.push(quote!(crate::limits::length(#wire, #text, #min, #max)?;));
        }
        if let Some(pattern) = &limits.pattern {
            on_value.push(quote! {
                static PATTERN: crate::limits::Pattern = crate::limits::Pattern::new(#pattern);
                crate::limits::pattern(#wire, #text, &PATTERN)?;
            });
        }
    }
    if limits.minimum.is_some() || limits.maximum.is_some() {
        let (min, max) = (bound_i(limits.minimum), bound_i(limits.maximum));
        match element {
            TypeIr::Builtin(Builtin::Int32) => {
                on_value.push(quote!(crate::limits::range(#wire, i64::from(*value), #min, #max)?;))
            }
            TypeIr::Builtin(Builtin::Int64) => {
                on_value.push(quote!(crate::limits::range(#wire, *value, #min, #max)?;))
            }
            TypeIr::Builtin(Builtin::Float64) => {
                on_value.push(quote!(crate::limits::range_f64(#wire, *value, #min, #max)?;))
            }
            _ => {}
        }
    }
    let field_ident = ident(&field.ident);
    let option = ctx.std("Option");
    let mut checks = Vec::new();
    if matches!(field.ty, TypeIr::Array(_))
        && (limits.min_items.is_some() || limits.max_items.is_some())
    {
        let (min, max) = (bound_u(limits.min_items), bound_u(limits.max_items));
        checks.push(quote!(crate::limits::items(#wire, self.#field_ident.len(), #min, #max)?;));
    }
    if !on_value.is_empty() {
        checks.push(if is_collection(&field.ty) {
            quote!(for value in &self.#field_ident { #(#on_value)* })
        } else if field.required {
            quote!({ let value = &self.#field_ident; #(#on_value)* })
        } else {
            quote!(if let #option::Some(value) = &self.#field_ident { #(#on_value)* })
        });
    }
    (!checks.is_empty()).then(|| quote!(#(#checks)*))
}

/// `impl crate::Paginated`: how to ask for the next page, and where a
/// response keeps its items and paging state.
fn paginated(endpoint: &EndpointIr, pagination: &PaginationIr, ctx: &Ctx<'_>) -> TokenStream {
    let name = ident(&endpoint.request);
    let response = ident(&endpoint.response);
    let option = ctx.std("Option");
    let string = ctx.std("String");
    let token = ident(&endpoint.query_params[pagination.request_token].ident);
    let items_field = &endpoint.response_fields[pagination.items];
    let item = match &items_field.ty {
        TypeIr::Array(inner) => ctx.ty(inner),
        other => ctx.ty(other),
    };
    let items = ident(&items_field.ident);
    let next = &endpoint.response_fields[pagination.response_token];
    let next_ident = ident(&next.ident);
    let next_token = if next.required {
        quote!(#option::Some(output.#next_ident))
    } else {
        quote!(output.#next_ident)
    };
    let more = &endpoint.response_fields[pagination.has_more];
    let more_ident = ident(&more.ident);
    let has_more = if more.required {
        quote!(#option::Some(output.#more_ident))
    } else {
        quote!(output.#more_ident)
    };
    quote! {
        impl crate::Paginated for #name {
            type Item = #item;

            fn set_page_token(&mut self, token: #string) {
                self.#token = #option::Some(token);
            }

            fn into_page(output: #response) -> crate::Page<#item> {
                crate::Page::new(output.#items, #next_token, #has_more)
            }
        }
    }
}

pub(super) fn response(endpoint: &EndpointIr, ctx: &Ctx<'_>) -> TokenStream {
    let mut docs = Docs::default();
    docs.raw(match endpoint.envelope {
        EnvelopeKind::Data => format!("The `data` of a successful [`{}`].", endpoint.request),
        EnvelopeKind::Flat => format!(
            "The body of a successful [`{}`], less `code` and `msg`.",
            endpoint.request
        ),
    });
    if endpoint.response_fields.is_empty() {
        docs.raw("The endpoint returns nothing but success: `{}`.");
    }
    object(&endpoint.response, &docs, &endpoint.response_fields, ctx)
}
