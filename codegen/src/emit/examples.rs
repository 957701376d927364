//! Tests generated from the docs' own examples.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Ctx;
use crate::ir::{EndpointIr, ExampleArg, ExampleIr, FileIr, ModelKind, TypeIr};
use crate::spec::Builtin;

/// A `#[cfg(test)]` module: each documented URL is what the request renders,
/// each documented response decodes (and re-encodes to equivalent JSON), and each
/// enum keeps a value it does not know.
pub(super) fn tests(file: &FileIr, ctx: &Ctx<'_>) -> TokenStream {
    let mut tests = Vec::new();
    if let Some(endpoint) = &file.endpoint {
        let request = super::ident(&endpoint.request);
        for example in &endpoint.examples {
            let construct = construct(endpoint, example, ctx);
            if let Some(url_path) = &example.url_path {
                let test = format_ident!("{}_renders_the_documented_path", example.test_name);
                tests.push(quote! {
                    #[test]
                    fn #test() {
                        let request = #construct;
                        let path = crate::Endpoint::path_and_query(&request).unwrap();
                        assert_eq!(path, #url_path);
                    }
                });
            }
            if let Some((_, text)) = &example.request_body {
                let test =
                    format_ident!("{}_request_body_is_the_documented_one", example.test_name);
                let text = raw_string(text);
                tests.push(quote! {
                    #[test]
                    fn #test() {
                        let request = #construct;
                        let body = crate::Endpoint::body(&request).unwrap().unwrap();
                        let encoded: serde_json::Value = serde_json::from_slice(&body).unwrap();
                        let documented: serde_json::Value = serde_json::from_str(#text).unwrap();
                        crate::testing::assert_json_equivalent(&encoded, &documented);
                    }
                });
            }
            if let Some(body) = &example.response_body {
                let test = format_ident!("{}_response_decodes", example.test_name);
                let body_literal = raw_string(body);
                let expected = match endpoint.envelope {
                    crate::spec::EnvelopeKind::Data => quote!(documented["data"].clone()),
                    crate::spec::EnvelopeKind::Flat => quote!({
                        let mut flat = documented.clone();
                        let object = flat.as_object_mut().unwrap();
                        object.remove("code");
                        object.remove("msg");
                        flat
                    }),
                };
                tests.push(quote! {
                    #[test]
                    fn #test() {
                        let body = #body_literal;
                        let output = crate::decode_response::<#request>(
                            http::StatusCode::OK,
                            &http::HeaderMap::new(),
                            body.as_bytes(),
                        )
                        .unwrap();
                        let documented: serde_json::Value = serde_json::from_str(body).unwrap();
                        let expected = #expected;
                        let encoded = serde_json::to_value(&output).unwrap();
                        crate::testing::assert_json_equivalent(&encoded, &expected);
                    }
                });
            }
        }
    }
    for model in &file.models {
        if let ModelKind::Enum {
            variants,
            fallback,
            test_name,
        } = &model.kind
        {
            let name = super::ident(&model.name);
            let fallback = super::ident(fallback);
            let test = super::ident(test_name);
            let known = variants.iter().map(|variant| {
                let (wire, ident) = (&variant.wire, super::ident(&variant.ident));
                let json = serde_json::Value::from(variant.wire.as_str()).to_string();
                quote! {
                    let known: #name = serde_json::from_str(#json).unwrap();
                    assert_eq!(known, #name::#ident);
                    assert_eq!(known.as_str(), #wire);
                }
            });
            let string = ctx.std("String");
            tests.push(quote! {
                #[test]
                fn #test() {
                    #(#known)*
                    let unknown: #name = serde_json::from_str("\"A_VALUE_FROM_THE_FUTURE\"").unwrap();
                    let kept = #name::#fallback(#string::from("A_VALUE_FROM_THE_FUTURE"));
                    assert_eq!(unknown, kept);
                    let encoded = serde_json::to_string(&unknown).unwrap();
                    assert_eq!(encoded, "\"A_VALUE_FROM_THE_FUTURE\"");
                }
            });
        }
    }
    if tests.is_empty() {
        return quote!();
    }
    quote! {
        #[cfg(test)]
        mod tests {
            use super::*;

            #(#tests)*
        }
    }
}

/// The request of `example`: its path parameters and the required query
/// parameters and body fields it gives as the constructor's arguments, then a
/// setter call for each optional one it sets.
fn construct(endpoint: &EndpointIr, example: &ExampleIr, ctx: &Ctx<'_>) -> TokenStream {
    let request = super::ident(&endpoint.request);
    let mut args: Vec<TokenStream> = example
        .path_args
        .iter()
        .map(|arg| match arg {
            ExampleArg::Str(text) => quote!(#text),
            ExampleArg::Int(number) => {
                let number = proc_macro2::Literal::i64_unsuffixed(*number);
                quote!(#number)
            }
        })
        .collect();
    let body_fields = endpoint.body.as_deref().unwrap_or_default();
    let body_values = example
        .request_body
        .as_ref()
        .map_or(&[][..], |(values, _)| values.as_slice());
    let mut setters = Vec::new();
    // The constructor's order: path, query, header and body values.
    let given = [
        (
            endpoint.query_params.as_slice(),
            example.query_args.as_slice(),
        ),
        (endpoint.headers.as_slice(), example.header_args.as_slice()),
        (body_fields, body_values),
    ];
    for (fields, values) in given {
        for (index, value) in values {
            let field = &fields[*index];
            let value = literal(value, &field.ty, ctx);
            if field.required {
                args.push(value);
            } else {
                let setter = super::ident(&field.ident);
                setters.push(quote!(.#setter(#value)));
            }
        }
    }
    quote!(#request::new(#(#args),*) #(#setters)*)
}

/// A Rust expression of type `ty` for the documented JSON `value`.
fn literal(value: &serde_json::Value, ty: &TypeIr, ctx: &Ctx<'_>) -> TokenStream {
    match (value, ty) {
        // Every string-like type converts from a `&str`.
        (
            serde_json::Value::String(text),
            TypeIr::Builtin(Builtin::String | Builtin::Secret | Builtin::JsonString),
        ) => quote!(#text),
        // Setters take `impl Into<_>`, so integers carry their type.
        (serde_json::Value::String(text), TypeIr::Builtin(Builtin::Int64))
            if text.trim().parse::<i64>().is_ok() =>
        {
            let number = text.trim().parse::<i64>().unwrap_or_default();
            let number = proc_macro2::Literal::i64_suffixed(number);
            quote!(#number)
        }
        (serde_json::Value::Bool(flag), TypeIr::Builtin(Builtin::Boolean)) => quote!(#flag),
        (value, ty) => {
            let ty = ctx.ty(ty);
            let json = raw_string(&value.to_string());
            quote!(serde_json::from_str::<#ty>(#json).unwrap())
        }
    }
}

/// `text` as a raw string literal, with as many `#` as it needs.
fn raw_string(text: &str) -> proc_macro2::Literal {
    let hashes = (0..)
        .map(|n| "#".repeat(n))
        .find(|hashes| !text.contains(&format!("\"{hashes}")))
        .expect("some number of hashes does not occur in a finite text");
    format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        .expect("a raw string literal with enough hashes is a valid literal")
}
