//! Requests and their response types.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::code;
use super::model::{field_docs, object};
use super::{Ctx, Docs, ident};
use crate::ir::{EndpointIr, PathPiece, TypeIr};
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
        format!(
            "- Token kinds: {}",
            list(
                endpoint
                    .tokens
                    .iter()
                    .map(|token| code(token_name(*token)))
                    .collect()
            )
        ),
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

pub(super) fn request(endpoint: &EndpointIr, ctx: &Ctx<'_>) -> TokenStream {
    let name = ident(&endpoint.request);
    let docs = request_docs(endpoint).outer();
    let string = ctx.std("String");
    let result = ctx.std("Result");

    let params = &endpoint.path_params;
    let param_idents: Vec<_> = params.iter().map(|param| ident(&param.ident)).collect();
    let stored_types: Vec<_> = params
        .iter()
        .map(|param| match &param.ty {
            TypeIr::Builtin(Builtin::String) => string.clone(),
            other => ctx.ty(other),
        })
        .collect();
    let arg_types = params
        .iter()
        .zip(&stored_types)
        .map(|(param, stored)| match &param.ty {
            TypeIr::Builtin(Builtin::String) => quote!(impl Into<#string>),
            _ => stored.clone(),
        });
    let inits = params
        .iter()
        .zip(&param_idents)
        .map(|(param, ident)| match &param.ty {
            TypeIr::Builtin(Builtin::String) => quote!(#ident: #ident.into()),
            _ => quote!(#ident),
        });
    let field_docs = params.iter().map(|param| field_docs(param).outer());
    let mut new_docs = Docs::default();
    new_docs.raw(format!(
        "A request to {} with its path parameters.",
        code(&endpoint.path_template)
    ));
    let new_docs = new_docs.outer();

    // Non-string parameters are formatted first, so every segment borrows a `&str`.
    let formatted = params
        .iter()
        .zip(&param_idents)
        .filter(|(param, _)| !matches!(param.ty, TypeIr::Builtin(Builtin::String)))
        .map(|(_, ident)| quote!(let #ident = self.#ident.to_string();));
    let segments = endpoint.path.iter().map(|piece| match piece {
        PathPiece::Literal(text) => quote!(crate::PathSegment::Literal(#text)),
        PathPiece::Param(index) => {
            let wire = &params[*index].wire;
            let ident = &param_idents[*index];
            if matches!(params[*index].ty, TypeIr::Builtin(Builtin::String)) {
                quote!(crate::PathSegment::Param(#wire, &self.#ident))
            } else {
                quote!(crate::PathSegment::Param(#wire, &#ident))
            }
        }
    });

    let method = ident(method_name(endpoint.method));
    let template = &endpoint.path_template;
    let tokens = endpoint.tokens.iter().map(|token| {
        ident(match token {
            TokenKind::TenantAccessToken => "Tenant",
            TokenKind::UserAccessToken => "User",
            TokenKind::AppAccessToken => "App",
        })
    });
    let scopes = endpoint.scopes.iter().map(|(name, _)| name);
    let envelope = ident(match endpoint.envelope {
        EnvelopeKind::Data => "Data",
        EnvelopeKind::Flat => "Flat",
    });
    let (response, error) = (ident(&endpoint.response), ident(&endpoint.error));

    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[must_use]
        pub struct #name {
            #( #field_docs #param_idents: #stored_types, )*
        }

        impl #name {
            #new_docs
            pub fn new(#( #param_idents: #arg_types ),*) -> Self {
                Self { #( #inits ),* }
            }
        }

        impl crate::Endpoint for #name {
            const METHOD: http::Method = http::Method::#method;
            const PATH_TEMPLATE: &'static str = #template;
            const TOKEN_KINDS: &'static [crate::TokenKind] = &[#( crate::TokenKind::#tokens ),*];
            const SCOPES: &'static [&'static str] = &[#( #scopes ),*];
            const ENVELOPE: crate::Envelope = crate::Envelope::#envelope;

            type Output = #response;
            type Error = #error;

            fn path(&self) -> #result<#string, crate::InvalidRequest> {
                #(#formatted)*
                crate::render_path(&[#( #segments ),*])
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
