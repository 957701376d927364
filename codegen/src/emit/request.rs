//! Requests and their response types.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::code;
use super::model::{field_docs, field_type, object, serde_attrs};
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

pub(super) fn request(endpoint: &EndpointIr, ctx: &Ctx<'_>) -> TokenStream {
    let name = ident(&endpoint.request);
    let docs = request_docs(endpoint).outer();
    let string = ctx.std("String");
    let result = ctx.std("Result");
    let option = ctx.std("Option");
    let vec = ctx.std("Vec");
    let into = ctx.std("Into");

    // Path parameters: constructor arguments, never serialized.
    let params = &endpoint.path_params;
    let param_idents: Vec<_> = params.iter().map(|param| ident(&param.ident)).collect();
    let is_string = |ty: &TypeIr| matches!(ty, TypeIr::Builtin(Builtin::String));
    let skip = endpoint.body.is_some().then(|| quote!(#[serde(skip)]));
    let mut fields = Vec::new();
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for (param, ident) in params.iter().zip(&param_idents) {
        let docs = field_docs(param).outer();
        let ty = ctx.ty(&param.ty);
        fields.push(quote!(#docs #skip #ident: #ty,));
        if is_string(&param.ty) {
            args.push(quote!(#ident: impl #into<#string>));
            inits.push(quote!(#ident: #ident.into()));
        } else {
            args.push(quote!(#ident: #ty));
            inits.push(quote!(#ident));
        }
    }

    // Body fields: required ones are constructor arguments, optional ones
    // chained setters.
    let mut setters = Vec::new();
    for field in endpoint.body.iter().flatten() {
        let docs = field_docs(field).outer();
        let field_ident = ident(&field.ident);
        let ty = field_type(field, ctx);
        let attrs = serde_attrs(field, ctx);
        fields.push(quote!(#docs #attrs #field_ident: #ty,));
        let value = ctx.ty(&field.ty);
        if field.required {
            args.push(quote!(#field_ident: impl #into<#value>));
            inits.push(quote!(#field_ident: #field_ident.into()));
        } else {
            let (init, set) = if matches!(field.ty, TypeIr::Array(_) | TypeIr::Map(_)) {
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
    let mut new_docs = Docs::default();
    new_docs.raw(match &endpoint.body {
        Some(_) => format!(
            "A request to {} with its path parameters and required body fields.",
            code(&endpoint.path_template)
        ),
        None => format!(
            "A request to {} with its path parameters.",
            code(&endpoint.path_template)
        ),
    });
    let new_docs = new_docs.outer();

    // Non-string parameters are formatted first, so every segment borrows a `&str`.
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
    let (derive_serialize, body_fn) = match &endpoint.body {
        Some(_) => (
            quote!(, serde::Serialize),
            quote! {
                fn body(&self) -> #result<#option<#vec<u8>>, crate::InvalidRequest> {
                    crate::json_body(self).map(#option::Some)
                }
            },
        ),
        None => (quote!(), quote!()),
    };
    let setters = (!setters.is_empty()).then(|| quote!(#(#setters)*));

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

        impl crate::Endpoint for #name {
            const METHOD: http::Method = http::Method::#method;
            const PATH_TEMPLATE: &'static str = #template;
            const TOKEN_KINDS: &'static [crate::TokenKind] = &[#( crate::TokenKind::#kinds ),*];
            const SCOPES: &'static [&'static str] = &[#( #scopes ),*];
            const ENVELOPE: crate::Envelope = crate::Envelope::#envelope;

            type Output = #response;
            type Error = #error;

            fn path(&self) -> #result<#string, crate::InvalidRequest> {
                #(#formatted)*
                crate::render_path(&[#( #segments ),*])
            }

            #body_fn
        }

        #( impl crate::Accepts<crate::#token_types> for #name {} )*
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
