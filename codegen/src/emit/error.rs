//! Error enums: one variant per documented code, the common codes, and a
//! fallback.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{Ctx, Docs, ident};
use crate::ir::{COMMON_ERROR, EndpointIr, ErrorIr};

/// The doc comment of one documented code's variant.
fn variant_docs(error: &ErrorIr) -> TokenStream {
    let mut docs = Docs::default();
    let message = super::docs::sanitize(&error.message);
    docs.raw(match error.http_status {
        Some(status) => format!("`{}` (HTTP {status}): {message}", error.code),
        None => format!("`{}`: {message}", error.code),
    });
    docs.text(error.advice.as_deref());
    docs.outer()
}

pub(super) fn error(endpoint: &EndpointIr, ctx: &Ctx<'_>) -> TokenStream {
    let name = ident(&endpoint.error);
    let mut docs = Docs::default();
    docs.raw(format!(
        "The documented error codes of [`{}`].",
        endpoint.request
    ));
    let fallback_docs = match &endpoint.common {
        Some(common) => format!(
            "[`{}::{}`] holds the platform's common codes; other codes are kept in [`{}::{}`].",
            endpoint.error, common.variant, endpoint.error, endpoint.error_fallback
        ),
        None => format!(
            "Codes the docs do not list are kept in [`{}::{}`].",
            endpoint.error, endpoint.error_fallback
        ),
    };
    docs.raw(format!(
        "Decided on the body's `code`, whatever the HTTP status; [`crate::ApiError`] carries the status, \
         message and log id. {fallback_docs}"
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
    let variant_docs = endpoint.errors.iter().map(variant_docs);
    let messages = endpoint.errors.iter().map(|error| &error.message);
    let keep = quote!(Self::#fallback { code, msg: msg.into() });

    // The common codes, between the documented ones and the fallback.
    let common = endpoint.common.as_ref().map(|common| {
        let variant = ident(&common.variant);
        let namespace = common.namespace.iter().map(|part| ident(part));
        let enum_name = ident(COMMON_ERROR);
        (variant, quote!(crate::api:: #(#namespace ::)* #enum_name))
    });
    let common_variant = common.as_ref().map(|(variant, path)| {
        quote! {
            /// One of the platform's common error codes.
            #variant(#path),
        }
    });
    let otherwise = match &common {
        Some((variant, path)) => {
            let option = ctx.std("Option");
            quote! {
                match #path::from_code(code) {
                    #option::Some(common) => Self::#variant(common),
                    #option::None => #keep,
                }
            }
        }
        None => keep,
    };
    let from_code = if variants.is_empty() {
        otherwise
    } else {
        quote! {
            match code {
                #( #codes => Self::#variants, )*
                _ => #otherwise,
            }
        }
    };
    let common_code = common
        .as_ref()
        .map(|(variant, _)| quote!(Self::#variant(common) => common.code(),));
    let common_display = common
        .as_ref()
        .map(|(variant, _)| quote!(Self::#variant(common) => std::fmt::Display::fmt(common, f),));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variants, )*
            #common_variant
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
                    #common_code
                    Self::#fallback { code, .. } => *code,
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    #( Self::#variants => f.write_str(#messages), )*
                    #common_display
                    Self::#fallback { code, msg } => write!(f, "{msg} (code {code})"),
                }
            }
        }

        impl std::error::Error for #name {}
    }
}

/// `CommonError`: one variant per common code, looked up by number.
pub(super) fn common_error(errors: &[ErrorIr], ctx: &Ctx<'_>) -> TokenStream {
    let name = ident(COMMON_ERROR);
    let option = ctx.std("Option");
    let variants: Vec<_> = errors.iter().map(|error| ident(&error.variant)).collect();
    let codes: Vec<_> = errors
        .iter()
        .map(|error| Literal::i64_unsuffixed(error.code))
        .collect();
    let variant_docs = errors.iter().map(variant_docs);
    let messages = errors.iter().map(|error| &error.message);
    quote! {
        /// The platform's common server error codes (通用错误码): what any
        /// endpoint may answer, besides the codes its own docs list.
        ///
        /// Every endpoint's error enum holds one of these for a code it does not
        /// document itself; the same number may mean something else on an
        /// endpoint that documents it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variants, )*
        }

        impl #name {
            /// The common error with this code, if there is one.
            pub fn from_code(code: i64) -> #option<Self> {
                match code {
                    #( #codes => #option::Some(Self::#variants), )*
                    _ => #option::None,
                }
            }

            /// The code.
            pub fn code(self) -> i64 {
                match self {
                    #( Self::#variants => #codes, )*
                }
            }

            /// The message the docs give for it.
            pub fn message(self) -> &'static str {
                match self {
                    #( Self::#variants => #messages, )*
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{} (code {})", self.message(), self.code())
            }
        }

        impl std::error::Error for #name {}
    }
}
