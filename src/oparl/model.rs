//! The OParl 1.1 endpoint as data: every object under its path, the external lists, the PDFs
//! and attached files.
//!
//! Paths are relative to the base URL (`paper/2023-0031`); an object's `id` is always
//! `base/path`. Lists keep a stable order (by id) and each entry's `created`/`modified`
//! for the filters. Built once (`build.rs`), then only read (`server.rs`, the static export).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde_json::{Value, json};
use time::OffsetDateTime;

/// The OParl version every object claims.
pub const SCHEMA: &str = "https://schema.oparl.org/1.1/";

/// The `type` URL of an object kind (`Paper` → `https://schema.oparl.org/1.1/Paper`).
pub fn type_url(kind: &str) -> String {
    format!("{SCHEMA}{kind}")
}

/// One entry of an external list, with the times the filters compare.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The object as served inside the list.
    pub value: Value,
    /// Its `created`.
    pub created: OffsetDateTime,
    /// Its `modified`.
    pub modified: OffsetDateTime,
}

/// Everything the endpoint serves.
#[derive(Debug, Default)]
pub struct Endpoint {
    /// Base URL without a trailing slash.
    pub base: String,
    /// Objects by path.
    pub objects: BTreeMap<String, Value>,
    /// External lists by path, entries sorted by id.
    pub lists: BTreeMap<String, Vec<Entry>>,
    /// PDFs by path: the archived file on disk.
    pub pdfs: BTreeMap<String, FiledPdf>,
    /// Attached files (Anlagen) by path (`anlage/2023/x.anlage-1.png`): the archived file.
    pub anlagen: BTreeMap<String, FiledAnlage>,
    /// Paths of the PDFs and attached files of withdrawn papers: gone (the server answers
    /// 410, the static export removes them).
    pub withdrawn: BTreeSet<String>,
    /// The latest archiving of anything published (HTTP Last-Modified); `None` before built.
    pub modified: Option<OffsetDateTime>,
}

/// An archived PDF as the index records it; served only while it still is that file
/// (`archive::read_filed`).
#[derive(Debug, Clone)]
pub struct FiledPdf {
    /// The archive folder.
    pub folder: PathBuf,
    /// The PDF, relative to it.
    pub rel: String,
    /// Its SHA-256 from the index.
    pub sha256: String,
}

/// An archived attachment: the filed file (read only as filed) and its media type.
#[derive(Debug, Clone)]
pub struct FiledAnlage {
    /// The file as the index records it.
    pub filed: FiledPdf,
    /// Its media type (`image/png`).
    pub media_type: String,
}

impl FiledPdf {
    /// The PDF's bytes, if it is still exactly the filed file.
    pub fn read(&self) -> Result<Vec<u8>, crate::error::Error> {
        crate::archive::read_filed(&self.folder, &self.rel, &self.sha256)
    }
}

impl Endpoint {
    /// The absolute URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}/{path}", self.base)
    }

    /// The System's URL: where a client starts.
    pub fn system_url(&self) -> String {
        self.url("system")
    }

    /// The path part of the base URL (`/oparl` for `https://h/oparl`, empty for `http://h:1`):
    /// where the server finds an object's path in a request.
    pub fn prefix(&self) -> &str {
        url_path(&self.base)
    }
}

/// `scheme://host[:port]` of an absolute URL.
pub fn url_origin(url: &str) -> &str {
    let start = url.find("://").map_or(0, |i| i + 3);
    url[start..].find('/').map_or(url, |i| &url[..start + i])
}

/// The path of an absolute URL without a trailing slash: everything after its origin.
pub fn url_path(url: &str) -> &str {
    url[url_origin(url).len()..].trim_end_matches('/')
}

/// The filters and page size a client may ask for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// `created_since`
    pub created_since: Option<OffsetDateTime>,
    /// `created_until`
    pub created_until: Option<OffsetDateTime>,
    /// `modified_since`
    pub modified_since: Option<OffsetDateTime>,
    /// `modified_until`
    pub modified_until: Option<OffsetDateTime>,
    /// `limit`: entries per page.
    pub limit: Option<usize>,
    /// `page`, from 1.
    pub page: usize,
    /// The filter parameters as given, kept in every link.
    pub kept: Vec<(String, String)>,
}

/// Entries per page when the client sets no `limit`.
pub const PAGE_SIZE: usize = 20;
/// The largest page the server hands out.
pub const MAX_PAGE_SIZE: usize = 100;

impl Filter {
    fn admits(&self, entry: &Entry) -> bool {
        self.created_since.is_none_or(|t| entry.created >= t)
            && self.created_until.is_none_or(|t| entry.created <= t)
            && self.modified_since.is_none_or(|t| entry.modified >= t)
            && self.modified_until.is_none_or(|t| entry.modified <= t)
    }
}

/// What a query value keeps unencoded: RFC 3986's unreserved characters.
const UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes a query value (everything but unreserved characters).
fn encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, UNRESERVED).to_string()
}

/// One page of the list at `url`, or `None` when `filter.page` lies past the last page.
pub fn page(url: &str, entries: &[Entry], filter: &Filter) -> Option<Value> {
    let admitted: Vec<&Entry> = entries.iter().filter(|e| filter.admits(e)).collect();
    let per_page = filter.limit.unwrap_or(PAGE_SIZE).clamp(1, MAX_PAGE_SIZE);
    let total_pages = admitted.len().div_ceil(per_page).max(1);
    let current = filter.page.max(1);
    if current > total_pages {
        return None;
    }
    let link = |page: usize| {
        let mut query: Vec<String> = filter
            .kept
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect();
        if page > 1 {
            query.push(format!("page={page}"));
        }
        if query.is_empty() {
            url.to_owned()
        } else {
            format!("{url}?{}", query.join("&"))
        }
    };
    let data: Vec<&Value> = admitted
        .iter()
        .skip((current - 1) * per_page)
        .take(per_page)
        .map(|e| &e.value)
        .collect();
    let mut links = json!({
        "first": link(1),
        "self": link(current),
        "last": link(total_pages),
    });
    if current > 1 {
        links["prev"] = json!(link(current - 1));
    }
    if current < total_pages {
        links["next"] = json!(link(current + 1));
    }
    Some(json!({
        "data": data,
        "pagination": {
            "totalElements": admitted.len(),
            "elementsPerPage": per_page,
            "currentPage": current,
            "totalPages": total_pages,
        },
        "links": links,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn entries(n: usize) -> Vec<Entry> {
        (0..n)
            .map(|i| Entry {
                value: json!({ "id": format!("x/{i}") }),
                created: datetime!(2023-01-01 00:00 +1) + time::Duration::days(i as i64),
                modified: datetime!(2023-06-01 00:00 +2),
            })
            .collect()
    }

    #[test]
    fn a_base_url_splits_into_origin_and_path() {
        assert_eq!(url_path("https://ratsinfo.example.de/oparl"), "/oparl");
        assert_eq!(url_path("https://ratsinfo.example.de/oparl/"), "/oparl");
        assert_eq!(url_path("http://127.0.0.1:8035/a/b"), "/a/b");
        assert_eq!(url_path("http://127.0.0.1:8035"), "");
        assert_eq!(url_path("http://127.0.0.1:8035/"), "");
        assert_eq!(
            url_origin("https://ratsinfo.example.de/oparl"),
            "https://ratsinfo.example.de"
        );
        assert_eq!(
            url_origin("http://127.0.0.1:8035/oparl/"),
            "http://127.0.0.1:8035"
        );
        assert_eq!(url_origin("http://127.0.0.1:8035"), "http://127.0.0.1:8035");
        let endpoint = Endpoint {
            base: "http://127.0.0.1:8035/oparl".into(),
            ..Endpoint::default()
        };
        assert_eq!(endpoint.prefix(), "/oparl");
    }

    #[test]
    fn pages_link_to_their_neighbours_and_keep_the_filters() {
        let filter = Filter {
            limit: Some(2),
            page: 2,
            created_since: Some(datetime!(2023-01-01 00:00 +1)),
            kept: vec![
                ("created_since".into(), "2023-01-01T00:00:00+01:00".into()),
                ("limit".into(), "2".into()),
            ],
            ..Filter::default()
        };
        let page = page("http://h/papers", &entries(5), &filter).unwrap();
        assert_eq!(page["data"].as_array().unwrap().len(), 2);
        assert_eq!(page["pagination"]["totalPages"], 3);
        assert_eq!(
            page["links"]["next"],
            "http://h/papers?created_since=2023-01-01T00%3A00%3A00%2B01%3A00&limit=2&page=3"
        );
        assert_eq!(
            page["links"]["first"],
            "http://h/papers?created_since=2023-01-01T00%3A00%3A00%2B01%3A00&limit=2"
        );
    }

    #[test]
    fn filters_compare_times_and_empty_lists_have_one_page() {
        let filter = Filter {
            created_until: Some(datetime!(2023-01-02 00:00 +1)),
            ..Filter::default()
        };
        let page1 = page("u", &entries(5), &filter).unwrap();
        assert_eq!(page1["pagination"]["totalElements"], 2);
        assert!(page1["links"].get("next").is_none());
        let empty = page("u", &[], &Filter::default()).unwrap();
        assert_eq!(empty["data"], json!([]));
        assert!(
            page(
                "u",
                &[],
                &Filter {
                    page: 2,
                    ..Filter::default()
                }
            )
            .is_none()
        );
    }
}
