//! The command line: `cors-doctor URL --origin ORIGIN [--method M] [--header NAME]...
//! [--credentials] [--also-path PATH]... [--no-probes] [--max-requests N] [--json]
//! [--html FILE] [--timeout SECS] [--cacert PEM]`, or `--urls FILE` instead of `URL`.

use std::path::PathBuf;
use std::time::Duration;

use tower_cors::diagnostics::AddressSpace;

/// The most requests one check sends unless told otherwise: the browser's, then the probes.
pub const DEFAULT_MAX_REQUESTS: usize = 16;

/// What to check.
#[derive(Debug, Clone)]
pub struct Options {
    /// The URL the page fetches (empty with `--urls`).
    pub url: String,
    /// The page's origin.
    pub origin: String,
    /// The method of the fetch.
    pub method: String,
    /// Header names the page's script sets (each with a placeholder value).
    pub headers: Vec<String>,
    /// `credentials: 'include'`.
    pub credentials: bool,
    /// Other paths of the same server to check for undecorated error responses.
    pub also_paths: Vec<String>,
    /// One JSON object (an array with `--urls`) instead of text.
    pub json: bool,
    /// The time limit of each request.
    pub timeout: Duration,
    /// Extra certificates (PEM) to trust for https, besides Mozilla's roots.
    pub ca_file: Option<PathBuf>,
    /// Send only what a browser would: no foreign, `null` or look-alike origin.
    pub no_probes: bool,
    /// The most requests sent for one URL (the browser's first, then the probes).
    pub max_requests: usize,
    /// A file of URLs to check (one a line, `#` comments), each with these options.
    pub urls_file: Option<PathBuf>,
    /// Where to write the self-contained HTML page of the diagnosis.
    pub html: Option<PathBuf>,
    /// The address space the server is in, for Local Network Access: `None` reads it from the
    /// URL's host (loopback for `127.0.0.1` and `localhost`, local for private addresses,
    /// public otherwise); `--target-space public` says a server tested on loopback stands for
    /// a public one.
    pub target_space: Option<AddressSpace>,
}

/// The usage text.
pub const USAGE: &str = "usage: cors-doctor (URL | --urls FILE) --origin ORIGIN [--method M] \
[--header NAME]... [--credentials] [--also-path PATH]... [--no-probes] [--max-requests N] \
[--json] [--html FILE] [--timeout SECS] [--cacert PEM] [--target-space loopback|local|public]";

impl Options {
    /// The options of a `GET` without credentials from `origin` to `url`, with the defaults.
    #[must_use]
    pub fn new(url: &str, origin: &str) -> Self {
        Self {
            url: url.to_owned(),
            origin: origin.to_owned(),
            method: "GET".to_owned(),
            headers: Vec::new(),
            credentials: false,
            also_paths: Vec::new(),
            json: false,
            timeout: Duration::from_secs(10),
            ca_file: None,
            no_probes: false,
            max_requests: DEFAULT_MAX_REQUESTS,
            urls_file: None,
            html: None,
            target_space: None,
        }
    }

    /// Parses the arguments after the program name.
    ///
    /// # Errors
    /// What is wrong with them.
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Self, String> {
        let mut args = args.into_iter();
        let mut url = None;
        let mut options = Self::new("", "");
        while let Some(arg) = args.next() {
            let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
            match arg.as_str() {
                "--origin" => options.origin = value("--origin")?,
                "--method" => options.method = value("--method")?,
                "--header" => options.headers.push(value("--header")?),
                "--also-path" => options.also_paths.push(value("--also-path")?),
                "--cacert" => options.ca_file = Some(PathBuf::from(value("--cacert")?)),
                "--urls" => options.urls_file = Some(PathBuf::from(value("--urls")?)),
                "--html" => options.html = Some(PathBuf::from(value("--html")?)),
                "--target-space" => {
                    options.target_space = Some(match value("--target-space")?.as_str() {
                        "loopback" => AddressSpace::Loopback,
                        "local" => AddressSpace::Local,
                        "public" => AddressSpace::Public,
                        other => {
                            return Err(format!(
                                "--target-space takes loopback, local or public, not {other:?}"
                            ));
                        }
                    });
                }
                "--credentials" => options.credentials = true,
                "--json" => options.json = true,
                "--no-probes" => options.no_probes = true,
                "--max-requests" => {
                    let n: usize = value("--max-requests")?
                        .parse()
                        .map_err(|_| "--max-requests takes a number".to_owned())?;
                    if !(2..=1000).contains(&n) {
                        return Err("--max-requests takes 2 to 1000".to_owned());
                    }
                    options.max_requests = n;
                }
                "--timeout" => {
                    let secs: f64 = value("--timeout")?
                        .parse()
                        .map_err(|_| "--timeout takes a number of seconds".to_owned())?;
                    if !(secs > 0.0 && secs <= 300.0) {
                        return Err("--timeout takes 0 to 300 seconds".to_owned());
                    }
                    options.timeout = Duration::from_secs_f64(secs);
                }
                "-h" | "--help" => return Err(USAGE.to_owned()),
                flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
                _ if url.is_none() => url = Some(arg),
                _ => return Err(format!("unexpected argument {arg:?}")),
            }
        }
        match (url, &options.urls_file) {
            (Some(_), Some(_)) => return Err("give a URL or --urls FILE, not both".to_owned()),
            (None, None) => return Err("a URL (or --urls FILE) is needed".to_owned()),
            (Some(url), None) => options.url = url,
            (None, Some(_)) => {}
        }
        if options.origin.is_empty() {
            return Err("--origin is needed: the origin of the page that fetches".to_owned());
        }
        Ok(options)
    }

    /// These options for another URL (one line of `--urls`).
    #[must_use]
    pub fn for_url(&self, url: &str) -> Self {
        let mut options = self.clone();
        url.clone_into(&mut options.url);
        options.urls_file = None;
        options
    }
}

/// The URLs of a `--urls` file: one a line, blank lines and `#` comments skipped.
#[must_use]
pub fn url_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split_once('#').map_or(l, |(before, _)| before).trim())
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}
