//! HAL pagination: a list call's pages, then each `_links.next`, as a [`Stream`] of pages
//! or of their embedded items, through the same auth, origin check, retries and errors.

use std::collections::HashSet;
use std::future::Future;
use std::pin::Pin;

use futures::Stream;
use futures::stream::{self, StreamExt};
use progenitor_client::ResponseValue;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::context::CallContext;
use crate::error::{Error, Result};
use crate::generated;

mod impls {
    include!(concat!(env!("OUT_DIR"), "/dwolla_pages.rs"));
}

/// A HAL list page: `_links.next` to the next page, and its items in one `_embedded`
/// array. The build implements it for every generated type of that shape.
pub trait Page: Serialize + DeserializeOwned + Send + 'static {
    /// The type of the embedded items.
    type Item: DeserializeOwned + Send + 'static;
    /// The `_embedded` member holding the items (`customers`, `funding-sources`, ...).
    const EMBEDDED: &'static str;
}

/// A boxed stream of pages or items.
pub type PageStream<'a, T> = Pin<Box<dyn Stream<Item = Result<T>> + Send + 'a>>;

enum State<F> {
    First(F),
    Next {
        url: String,
        seen: HashSet<String>,
    },
    /// The pages so far were yielded; this error comes next, then the end.
    Failed(Error),
    Done,
}

/// A page's JSON: its `next` and `self` links, and its items.
struct Parts {
    next: Option<String>,
    this: Option<String>,
    items: Vec<serde_json::Value>,
}

fn parts<P: Page>(page: &P) -> Result<Parts> {
    let v = serde_json::to_value(page)
        .map_err(|e| Error::decode(None, format!("the page does not re-encode: {e}")))?;
    let href = |rel: &str| {
        v.pointer(&format!("/_links/{rel}/href"))
            .and_then(|h| h.as_str())
            .map(str::to_string)
    };
    let items = v
        .get("_embedded")
        .and_then(|e| e.get(P::EMBEDDED))
        .and_then(|a| a.as_array())
        .cloned()
        .unwrap_or_default();
    Ok(Parts {
        next: href("next"),
        this: href("self"),
        items,
    })
}

impl Client {
    /// The pages of a list: `f` makes the first page's generated call (like
    /// [`call`](Self::call)); every later page is a `GET` of `_links.next.href`, decoded as
    /// the same type. The stream ends after a page without `next`; a `next` off the API
    /// origin, or one already visited, ends it with an error. Pages already yielded stay
    /// yielded when a later one fails.
    ///
    /// ```no_run
    /// # #[cfg(dwolla_op = "list_and_search_customers")]
    /// # async fn run(client: dwolla_api::Client) -> Result<(), dwolla_api::Error> {
    /// use futures::TryStreamExt;
    /// let mut customers = client.items(|api| async move { api.list_and_search_customers().send().await });
    /// while let Some(customer) = customers.try_next().await? {
    ///     println!("{customer:?}");
    /// }
    /// # Ok(()) }
    /// ```
    pub fn pages<'a, P, E, F, Fut>(&'a self, f: F) -> PageStream<'a, P>
    where
        P: Page,
        F: Fn(generated::Client) -> Fut + Send + Sync + 'a,
        Fut: Future<Output = std::result::Result<ResponseValue<P>, progenitor_client::Error<E>>>
            + Send
            + 'a,
        E: Send + 'a,
    {
        let pages = stream::unfold(State::First(f), move |state| async move {
            let (page, mut seen) = match state {
                State::Done => return None,
                State::Failed(e) => return Some((Err(e), State::Done)),
                State::First(f) => match self.call(f).await {
                    Ok(r) => (r.into_inner(), HashSet::new()),
                    Err(e) => return Some((Err(e), State::Done)),
                },
                State::Next { url, mut seen } => {
                    seen.insert(url.clone());
                    match self.get_page::<P>(&url).await {
                        Ok(p) => (p, seen),
                        Err(e) => return Some((Err(e), State::Done)),
                    }
                }
            };
            let next = match parts(&page) {
                Ok(Parts { next, this, .. }) => {
                    seen.extend(this);
                    next
                }
                Err(e) => return Some((Err(e), State::Done)),
            };
            let state = match next {
                None => State::Done,
                Some(url) if seen.contains(&url) => {
                    let looped = Error::decode(
                        None,
                        format!("the `next` link {url} was already visited: the pages loop"),
                    );
                    return Some((Ok(page), State::Failed(looped)));
                }
                Some(url) => State::Next { url, seen },
            };
            Some((Ok(page), state))
        });
        Box::pin(pages)
    }

    /// The embedded items of every page of a list (see [`pages`](Self::pages)), decoded as
    /// the page's item type.
    pub fn items<'a, P, E, F, Fut>(&'a self, f: F) -> PageStream<'a, P::Item>
    where
        P: Page,
        F: Fn(generated::Client) -> Fut + Send + Sync + 'a,
        Fut: Future<Output = std::result::Result<ResponseValue<P>, progenitor_client::Error<E>>>
            + Send
            + 'a,
        E: Send + 'a,
    {
        let items = self.pages(f).flat_map(|page| {
            let decoded: Vec<Result<P::Item>> = match page.and_then(|p| parts(&p)) {
                Err(e) => vec![Err(e)],
                Ok(parts) => parts
                    .items
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| {
                        serde_path_to_error::deserialize(v).map_err(|e| {
                            let what = crate::redact::serde_message(&e.inner().to_string());
                            Error::decode(
                                None,
                                format!(
                                    "item {i} of `_embedded.{}` at `{}`: {what}",
                                    P::EMBEDDED,
                                    e.path()
                                ),
                            )
                        })
                    })
                    .collect(),
            };
            stream::iter(decoded)
        });
        Box::pin(items)
    }

    /// One later page: the `next` URL, on the API origin, decoded as `P`.
    async fn get_page<P: Page>(&self, url: &str) -> Result<P> {
        let state = &self.api.inner.state;
        let url = state
            .base
            .join(url)
            .map_err(|e| Error::decode(None, format!("the `next` link is not a URL: {e}")))?;
        let request = state.http.get(url).build().map_err(Error::transport)?;
        let ctx = CallContext::new(None);
        let (status, _, bytes) = state.send_raw(request, "get_page", &ctx).await?;
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let what = crate::redact::serde_message(&e.inner().to_string());
            Error::decode(
                Some(status),
                format!("the next page at `{}`: {what}", e.path()),
            )
        })
    }
}
