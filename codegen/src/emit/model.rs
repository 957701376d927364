//! Models: serde structs for objects, string enums that keep unknown values.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::code;
use super::{Ctx, Docs, ident};
use crate::ir::{FieldIr, ModelIr, ModelKind, TypeIr};
use crate::naming;
use crate::spec::{Builtin, Limits};

pub(super) fn model(model: &ModelIr, ctx: &Ctx<'_>) -> TokenStream {
    let mut docs = Docs::default();
    docs.text(model.description.as_deref().or(Some(&model.name)));
    match &model.kind {
        ModelKind::Object(fields) => object(&model.name, &docs, fields, ctx),
        ModelKind::Enum {
            variants, fallback, ..
        } => {
            let name = ident(&model.name);
            let string = ctx.std("String");
            let fallback = ident(fallback);
            let docs = docs.outer();
            let variant_docs = variants.iter().map(|variant| {
                let mut docs = Docs::default();
                docs.raw(code(&variant.wire))
                    .text(variant.description.as_deref());
                docs.outer()
            });
            let idents: Vec<_> = variants
                .iter()
                .map(|variant| ident(&variant.ident))
                .collect();
            let wires = variants.iter().map(|variant| &variant.wire);
            let wires2 = wires.clone();
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, Eq, Hash)]
                #[non_exhaustive]
                pub enum #name {
                    #( #variant_docs #idents, )*
                    /// A value this version of the SDK does not know, kept as it came.
                    #fallback(#string),
                }

                impl #name {
                    /// The value on the wire.
                    pub fn as_str(&self) -> &str {
                        match self {
                            #( Self::#idents => #wires, )*
                            Self::#fallback(value) => value,
                        }
                    }
                }

                impl crate::wire::StrEnum for #name {
                    fn from_wire(value: &str) -> Self {
                        match value {
                            #( #wires2 => Self::#idents, )*
                            other => Self::#fallback(other.into()),
                        }
                    }
                }

                impl std::fmt::Display for #name {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }

                impl serde::Serialize for #name {
                    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
                        serializer.serialize_str(self.as_str())
                    }
                }

                impl<'de> serde::Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
                        crate::wire::deserialize_str_enum(deserializer)
                    }
                }
            }
        }
    }
}

/// A serde struct; also used for response types.
pub(super) fn object(name: &str, docs: &Docs, fields: &[FieldIr], ctx: &Ctx<'_>) -> TokenStream {
    let name = ident(name);
    let docs = docs.outer();
    let fields = fields.iter().map(|field| {
        let docs = field_docs(field).outer();
        let ident = ident(&field.ident);
        let ty = field_type(field, ctx);
        let attrs = serde_attrs(field, ctx);
        quote!(#docs #attrs pub #ident: #ty,)
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
    }
}

/// Whether absence and emptiness mean the same for `ty`: lists and maps are
/// never wrapped in `Option`.
fn is_collection(ty: &TypeIr) -> bool {
    matches!(ty, TypeIr::Array(_) | TypeIr::Map(_))
}

pub(super) fn field_type(field: &FieldIr, ctx: &Ctx<'_>) -> TokenStream {
    let ty = ctx.ty(&field.ty);
    if field.required || is_collection(&field.ty) {
        ty
    } else {
        let option = ctx.std("Option");
        quote!(#option<#ty>)
    }
}

pub(super) fn serde_attrs(field: &FieldIr, ctx: &Ctx<'_>) -> TokenStream {
    let mut parts = Vec::new();
    if naming::unraw(&field.ident) != field.wire {
        let wire = &field.wire;
        parts.push(quote!(rename = #wire));
    }
    let lenient = matches!(field.ty, TypeIr::Builtin(Builtin::Int64));
    if is_collection(&field.ty) {
        let is_empty = format!(
            "{}::is_empty",
            if matches!(field.ty, TypeIr::Array(_)) {
                ctx.std_str("Vec")
            } else {
                "std::collections::BTreeMap"
            }
        );
        parts.push(quote!(default, skip_serializing_if = #is_empty));
    } else if !field.required {
        let is_none = format!("{}::is_none", ctx.std_str("Option"));
        parts.push(quote!(default, skip_serializing_if = #is_none));
        if lenient {
            parts.push(quote!(with = "crate::wire::lenient_i64_option"));
        }
    } else if lenient {
        parts.push(quote!(with = "crate::wire::lenient_i64"));
    }
    if parts.is_empty() {
        quote!()
    } else {
        quote!(#[serde(#(#parts),*)])
    }
}

/// A field's or parameter's rustdoc: its description, example and limits.
pub(super) fn field_docs(field: &FieldIr) -> Docs {
    let mut docs = Docs::default();
    docs.text(field.description.as_deref().or(Some(&field.wire)));
    if let Some(example) = &field.example {
        docs.raw(format!("Example: {}", code(example)));
    }
    if let Some(limits) = describe_limits(&field.limits) {
        docs.raw(limits);
    }
    docs
}

fn describe_limits(limits: &Limits) -> Option<String> {
    let mut parts = Vec::new();
    match (limits.min_length, limits.max_length) {
        (Some(min), Some(max)) => parts.push(format!("length {min} to {max} characters")),
        (Some(min), None) => parts.push(format!("at least {min} characters")),
        (None, Some(max)) => parts.push(format!("at most {max} characters")),
        (None, None) => {}
    }
    if let Some(pattern) = &limits.pattern {
        parts.push(format!("matches {}", code(pattern)));
    }
    match (limits.minimum, limits.maximum) {
        (Some(min), Some(max)) => parts.push(format!("from {min} to {max}")),
        (Some(min), None) => parts.push(format!("at least {min}")),
        (None, Some(max)) => parts.push(format!("at most {max}")),
        (None, None) => {}
    }
    match (limits.min_items, limits.max_items) {
        (Some(min), Some(max)) => parts.push(format!("{min} to {max} items")),
        (Some(min), None) => parts.push(format!("at least {min} items")),
        (None, Some(max)) => parts.push(format!("at most {max} items")),
        (None, None) => {}
    }
    (!parts.is_empty()).then(|| format!("Limits: {}.", parts.join("; ")))
}
