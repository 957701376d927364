//! Access tokens as types, so that the compiler checks which kind an endpoint
//! accepts.

use std::fmt;

use crate::endpoint::{Endpoint, TokenKind};
use crate::secret::Secret;

mod sealed {
    pub trait Sealed {}
}

/// A credential a request can be sent with: one of the platform's three
/// access token kinds, or [`NoToken`] for the endpoints that take none.
///
/// Sealed: the platform has exactly these kinds.
pub trait AccessToken: sealed::Sealed + Clone + fmt::Debug + Send + Sync + 'static {
    /// The kind, or `None` for [`NoToken`].
    const KIND: Option<TokenKind>;

    /// The token to send as `Authorization: Bearer <token>`, if any.
    fn bearer(&self) -> Option<&Secret>;
}

/// Marks the token kinds an endpoint accepts.
///
/// The generator implements `Accepts<T>` for exactly the kinds an endpoint's
/// spec lists, and everything that sends a request requires it, so sending a
/// request with any other kind of token does not compile.
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not accept `{T}`",
    label = "this endpoint is not called with `{T}`",
    note = "an endpoint's rustdoc and its `Endpoint::TOKEN_KINDS` list the token kinds it accepts"
)]
pub trait Accepts<T: AccessToken>: Endpoint {}

macro_rules! access_token {
    ($(#[$docs:meta])* $name:ident, $kind:ident) => {
        $(#[$docs])*
        ///
        /// `Debug` and `Display` mask the token.
        #[derive(Clone, PartialEq, Eq, Hash)]
        pub struct $name(Secret);

        impl $name {
            /// Wraps a token issued by the platform.
            pub fn new(token: impl Into<Secret>) -> Self {
                Self(token.into())
            }

            /// The token.
            pub fn secret(&self) -> &Secret {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({})"), self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl sealed::Sealed for $name {}

        impl AccessToken for $name {
            const KIND: Option<TokenKind> = Some(TokenKind::$kind);

            fn bearer(&self) -> Option<&Secret> {
                Some(&self.0)
            }
        }
    };
}

access_token!(
    /// A `tenant_access_token`: the app acting for a tenant (organisation).
    TenantAccessToken,
    Tenant
);
access_token!(
    /// A `user_access_token`: the app acting for a signed-in user.
    UserAccessToken,
    User
);
access_token!(
    /// An `app_access_token`: the app acting as itself.
    AppAccessToken,
    App
);

/// No token: for the endpoints that are called without one, such as the
/// token endpoints themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct NoToken;

impl sealed::Sealed for NoToken {}

impl AccessToken for NoToken {
    const KIND: Option<TokenKind> = None;

    fn bearer(&self) -> Option<&Secret> {
        None
    }
}
