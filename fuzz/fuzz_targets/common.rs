//! Structured fuzz inputs shared by the targets: requests built from origins near the fixed
//! policies (look-alikes, mutations) and from raw bytes, and a few fixed policies.
#![allow(dead_code)]

use arbitrary::Arbitrary;

use crate::reference;

/// Origins near the fixed policies, and classic attack strings (look-alike hosts and suffixes).
pub const ORIGINS: &[&str] = &[
    "https://example.com",
    "https://a.example.com",
    "https://a.b.example.com",
    "https://evil-example.com",
    "https://evilexample.com",
    "https://example.com.evil.test",
    "https://example.community",
    "http://example.com",
    "https://example.com:8443",
    "https://example.com:443",
    "https://example.com/",
    "https://EXAMPLE.com",
    "https://example.com.",
    "https://user@example.com",
    "https://.example.com",
    "https://*.example.com",
    "null",
    "NULL",
    "http://localhost",
    "http://localhost:3000",
    "http://localhost:80",
    "http://a.localhost:1",
    "http://[::1]:8080",
    "http://[0:0:0:0:0:0:0:1]:8080",
    "https://127.0.0.1:8443",
    "https://foo.com",
    "https://bar.com",
    "https://barfoo.com",
    "https://x.foo.com:8443",
    "https://foo.com:8443",
    "https://app.example.com",
    "https://a.example.org",
    "https://a.example.org:9000",
    "https://example.org",
    "https://1.2.3.4",
    "chrome-extension://abcdef",
];

/// Method names (request methods and `Access-Control-Request-Method` values).
pub const METHODS: &[&str] = &[
    "GET", "HEAD", "POST", "PUT", "put", "PATCH", "patch", "DELETE", "OPTIONS", "CONNECT", "TRACE",
    "*", "NEW", "x-custom",
];

/// Header names for `Access-Control-Request-Headers`.
pub const NAMES: &[&str] = &[
    "content-type",
    "Content-Type",
    "authorization",
    "AUTHORIZATION",
    "x-request-id",
    "x-total-count",
    "x-foo",
    "accept",
    "cookie",
    "*",
    "",
];

#[derive(Arbitrary, Debug, Clone)]
pub enum Pick {
    Known(u8),
    Raw(Vec<u8>),
}

impl Pick {
    fn bytes(&self, table: &[&str]) -> Vec<u8> {
        match self {
            Self::Known(i) => table[*i as usize % table.len()].as_bytes().to_vec(),
            Self::Raw(b) => b.clone(),
        }
    }
}

#[derive(Arbitrary, Debug, Clone)]
pub enum Edit {
    None,
    Upper(u8),
    Insert(u8, u8),
    Delete(u8),
    Append(Vec<u8>),
    Prepend(Vec<u8>),
}

#[derive(Arbitrary, Debug, Clone)]
pub struct OriginPick {
    pub base: Pick,
    pub edit: Edit,
}

impl OriginPick {
    pub fn bytes(&self) -> Vec<u8> {
        let mut b = self.base.bytes(ORIGINS);
        let at = |i: u8, len: usize| if len == 0 { 0 } else { i as usize % len };
        match &self.edit {
            Edit::None => {}
            Edit::Upper(i) => {
                let i = at(*i, b.len());
                if let Some(c) = b.get_mut(i) {
                    *c = c.to_ascii_uppercase();
                }
            }
            Edit::Insert(i, c) => {
                let i = at(*i, b.len() + 1);
                b.insert(i, *c);
            }
            Edit::Delete(i) => {
                let i = at(*i, b.len());
                if i < b.len() {
                    b.remove(i);
                }
            }
            Edit::Append(s) => b.extend_from_slice(s),
            Edit::Prepend(s) => {
                let mut p = s.clone();
                p.extend_from_slice(&b);
                b = p;
            }
        }
        b
    }
}

#[derive(Arbitrary, Debug, Clone)]
pub enum AcrhLine {
    Names { names: Vec<u8>, sep: u8 },
    Raw(Vec<u8>),
}

impl AcrhLine {
    fn bytes(&self) -> Vec<u8> {
        match self {
            Self::Raw(b) => b.clone(),
            Self::Names { names, sep } => {
                let sep: &[u8] = match sep % 4 {
                    0 => b",",
                    1 => b", ",
                    2 => b" , ",
                    _ => b",\t",
                };
                let mut out = Vec::new();
                for (i, n) in names.iter().enumerate() {
                    if i > 0 {
                        out.extend_from_slice(sep);
                    }
                    out.extend_from_slice(NAMES[*n as usize % NAMES.len()].as_bytes());
                }
                out
            }
        }
    }
}

#[derive(Arbitrary, Debug, Clone)]
pub struct FuzzRequest {
    pub method: Pick,
    pub origins: Vec<OriginPick>,
    pub acrm: Vec<Pick>,
    pub acrh: Vec<AcrhLine>,
    pub private_network: Option<Pick>,
}

impl FuzzRequest {
    pub fn to_model(&self) -> reference::Request {
        let mut headers = Vec::new();
        for o in &self.origins {
            headers.push(("origin".to_owned(), o.bytes()));
        }
        for m in &self.acrm {
            headers.push(("access-control-request-method".to_owned(), m.bytes(METHODS)));
        }
        for line in &self.acrh {
            headers.push(("access-control-request-headers".to_owned(), line.bytes()));
        }
        if let Some(p) = &self.private_network {
            let v = match p {
                Pick::Known(i) if i % 2 == 0 => b"true".to_vec(),
                Pick::Known(_) => b"false".to_vec(),
                Pick::Raw(b) => b.clone(),
            };
            headers.push(("access-control-request-private-network".to_owned(), v));
        }
        reference::Request {
            method: self
                .method
                .bytes(&["OPTIONS", "GET", "POST", "PUT", "options", "PATCH"]),
            headers,
        }
    }
}

/// Headers an inner service may set: CORS headers of its own, `Vary` lines, anything else.
#[derive(Arbitrary, Debug, Clone)]
pub struct InnerHeader {
    pub name: u8,
    pub value: Pick,
}

const INNER_NAMES: &[&str] = &[
    "access-control-allow-origin",
    "access-control-allow-credentials",
    "access-control-allow-methods",
    "access-control-expose-headers",
    "access-control-max-age",
    "vary",
    "vary",
    "content-type",
    "x-request-id",
];

const INNER_VALUES: &[&str] = &[
    "*",
    "https://evil.test",
    "true",
    "Origin",
    "accept-encoding",
    "Accept-Encoding, ORIGIN",
    "accept, origin, origin",
    "*",
    "cookie",
];

pub fn inner_headers(list: &[InnerHeader]) -> Vec<(String, Vec<u8>)> {
    list.iter()
        .map(|h| {
            (
                INNER_NAMES[h.name as usize % INNER_NAMES.len()].to_owned(),
                h.value.bytes(INNER_VALUES),
            )
        })
        .collect()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// A few fixed policies covering every compiled shape: exact origins, subdomain and port
/// patterns, any origin, credentials with and without echoing, private network, status codes.
pub fn policies() -> Vec<reference::Policy> {
    vec![
        reference::Policy {
            origins: strings(&[
                "https://example.com",
                "https://*.example.com",
                "http://localhost:*",
            ]),
            methods: strings(&["PUT", "patch", "delete"]),
            headers: strings(&["content-type", "Authorization", "x-request-id"]),
            exposed: strings(&["x-total-count", "content-type"]),
            credentials: true,
            max_age: Some(600),
            ..Default::default()
        },
        reference::Policy {
            origins: strings(&["*"]),
            methods: strings(&["*"]),
            headers: strings(&["*", "authorization"]),
            exposed: strings(&["*"]),
            ..Default::default()
        },
        reference::Policy {
            origins: strings(&[
                "https://foo.com",
                "https://bar.com",
                "https://*.foo.com:8443",
                "http://[::1]:*",
                "https://127.0.0.1:*",
                "chrome-extension://abcdef",
            ]),
            methods: strings(&["*"]),
            headers: strings(&["*"]),
            private_network: true,
            preflight_status: 200,
            refusal_status: 401,
            ..Default::default()
        },
        reference::Policy {
            origins: strings(&["https://app.example.com", "https://*.example.org:*"]),
            methods: strings(&["*"]),
            headers: strings(&["*"]),
            exposed: strings(&["x-a", "X-B"]),
            credentials: true,
            private_network: true,
            max_age: Some(0),
            ..Default::default()
        },
        reference::Policy {
            origins: strings(&["*"]),
            headers: strings(&["x-foo"]),
            ..Default::default()
        },
    ]
}

/// The fixed policies, each with its reference model, built once per fuzzing process.
pub type Fixed = Vec<(crate::reference::Policy, tower_cors::CorsPolicy)>;

/// [`policies`] compiled by the crate (shared by the `decision` and `service` targets).
pub fn fixed() -> &'static Fixed {
    static POLICIES: std::sync::OnceLock<Fixed> = std::sync::OnceLock::new();
    POLICIES.get_or_init(|| {
        policies()
            .into_iter()
            .map(|m| {
                let p = crate::check::build(&m).expect("fixed policy builds");
                (m, p)
            })
            .collect()
    })
}
