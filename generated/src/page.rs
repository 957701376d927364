//! Paging through list endpoints.

use crate::endpoint::Endpoint;

/// A list endpoint: its request can ask for a given page, and its response
/// holds one page of items. The client's `pages` and `items` streams walk
/// every page with it.
pub trait Paginated: Endpoint + Clone {
    /// What the list holds.
    type Item;

    /// Asks for the page `token` points to.
    fn set_page_token(&mut self, token: String);

    /// The items and paging state of a response.
    fn into_page(output: Self::Output) -> Page<Self::Item>;
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The page's items.
    pub items: Vec<T>,
    /// The token of the next page, as the server sent it.
    pub page_token: Option<String>,
    /// Whether the server says more pages follow.
    pub has_more: Option<bool>,
}

impl<T> Page<T> {
    /// A page; generated code builds it from a response.
    pub fn new(items: Vec<T>, page_token: Option<String>, has_more: Option<bool>) -> Self {
        Self {
            items,
            page_token,
            has_more,
        }
    }

    /// The token to ask for the next page with, or `None` when this is the
    /// last: `has_more` is false, or no (or an empty) token came back.
    pub fn next_token(&self) -> Option<&str> {
        if self.has_more == Some(false) {
            return None;
        }
        self.page_token.as_deref().filter(|token| !token.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_page_is_told_by_has_more_or_a_missing_token() {
        let page = |token: Option<&str>, more| Page::new(vec![1], token.map(str::to_owned), more);
        assert_eq!(page(Some("t"), Some(true)).next_token(), Some("t"));
        assert_eq!(page(Some("t"), None).next_token(), Some("t"));
        assert_eq!(page(Some("t"), Some(false)).next_token(), None);
        assert_eq!(page(None, Some(true)).next_token(), None);
        assert_eq!(page(Some(""), Some(true)).next_token(), None);
    }
}
