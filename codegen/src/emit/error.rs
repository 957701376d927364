//! Error enums: one variant per documented code, and a fallback.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{Ctx, Docs, ident};
use crate::ir::EndpointIr;

pub(super) fn error(endpoint: &EndpointIr, ctx: &Ctx<'_>) -> TokenStream {
    let name = ident(&endpoint.error);
    let mut docs = Docs::default();
    docs.raw(format!(
        "The documented error codes of [`{}`].",
        endpoint.request
    ));
    docs.raw(format!(
        "Decided on the body's `code`, whatever the HTTP status; [`crate::ApiError`] carries the status, \
         message and log id. Codes the docs do not list are kept in [`{}::{}`].",
        endpoint.error, endpoint.error_fallback
    ));
    let docs = docs.outer();
    let string = ctx.std("String");
    let fallback = ident(&endpoint.error_fallback);
    let variants: Vec<_> = endpoint
        .errors
        .iter()
        .map(|error| ident(&error.variant))
        .collect();
    let codes: Vec<_> = endpoint
        .errors
        .iter()
        .map(|error| Literal::i64_unsuffixed(error.code))
        .collect();
    let variant_docs = endpoint.errors.iter().map(|error| {
        let mut docs = Docs::default();
        docs.raw(format!(
            "`{}` (HTTP {}): {}",
            error.code,
            error.http_status,
            super::docs::sanitize(&error.message)
        ));
        docs.text(error.advice.as_deref());
        docs.outer()
    });
    let messages = endpoint.errors.iter().map(|error| &error.message);
    let keep = quote!(Self::#fallback { code, msg: msg.into() });
    let from_code = if variants.is_empty() {
        keep
    } else {
        quote! {
            match code {
                #( #codes => Self::#variants, )*
                _ => #keep,
            }
        }
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A code these docs do not list.
            #fallback {
                /// The body's `code`.
                code: i64,
                /// The body's `msg`.
                msg: #string,
            },
        }

        impl crate::EndpointError for #name {
            fn from_code(code: i64, msg: &str) -> Self {
                #from_code
            }

            fn code(&self) -> i64 {
                match self {
                    #( Self::#variants => #codes, )*
                    Self::#fallback { code, .. } => *code,
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    #( Self::#variants => f.write_str(#messages), )*
                    Self::#fallback { code, msg } => write!(f, "{msg} (code {code})"),
                }
            }
        }

        impl std::error::Error for #name {}
    }
}
