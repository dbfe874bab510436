//! HAL pagination: a list call's pages, then each `_links.next`, as a [`Stream`] of pages
//! or of their embedded items, through the same auth, origin check, retries and errors.

use std::collections::HashSet;
use std::future::Future;
use std::pin::Pin;

use futures::Stream;
use futures::stream::{self, StreamExt};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::response::Response;
use crate::transport::ClientState;

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

/// The pages of a list: `first` is the list call's `send()`; every later page is a `GET`
/// of `_links.next.href`, decoded as the same type. The stream ends after a page without
/// `next`; a `next` off the API origin, or one already visited, ends it with an error.
/// Pages already yielded stay yielded when a later one fails. Every list builder has it as
/// `pages()` (and `items()`):
///
/// ```no_run
/// # #[cfg(dwolla_role = "list_and_search_customers.page")]
/// # async fn run(client: dwolla_api::Client) -> Result<(), dwolla_api::Error> {
/// use futures::TryStreamExt;
/// let mut customers = client.list_and_search_customers().items();
/// while let Some(customer) = customers.try_next().await? {
///     println!("{customer:?}");
/// }
/// # Ok(()) }
/// ```
pub(crate) fn pages<'a, P, F>(state: &'a ClientState, first: F) -> PageStream<'a, P>
where
    P: Page,
    F: Future<Output = Result<Response<P>>> + Send + 'a,
{
    let pages = stream::unfold(State::First(first), move |state_| async move {
        let (page, mut seen) = match state_ {
            State::Done => return None,
            State::Failed(e) => return Some((Err(e), State::Done)),
            State::First(first) => match first.await {
                Ok(r) => (r.into_inner(), HashSet::new()),
                Err(e) => return Some((Err(e), State::Done)),
            },
            State::Next { url, mut seen } => {
                seen.insert(url.clone());
                match get_page::<P>(state, &url).await {
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
        let state_ = match next {
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
        Some((Ok(page), state_))
    });
    Box::pin(pages)
}

/// The embedded items of every page of `pages`, decoded as the page's item type.
pub(crate) fn items<'a, P: Page>(pages: PageStream<'a, P>) -> PageStream<'a, P::Item> {
    let items = pages.flat_map(|page| {
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
async fn get_page<P: Page>(state: &ClientState, url: &str) -> Result<P> {
    let url = state
        .base
        .join(url)
        .map_err(|e| Error::decode(None, format!("the `next` link is not a URL: {e}")))?;
    let request = state.http.get(url).build().map_err(Error::transport)?;
    let read = state.execute_read(request, "get_page", None).await?;
    read.json("the next page ")
}
