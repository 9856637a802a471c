//! The command line: `cors-doctor URL --origin ORIGIN [--method M] [--header NAME]...
//! [--credentials] [--also-path PATH]... [--json] [--timeout SECS] [--cacert PEM]`.

use std::path::PathBuf;
use std::time::Duration;

/// What to check.
#[derive(Debug, Clone)]
pub struct Options {
    /// The URL the page fetches.
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
    /// One JSON object instead of text.
    pub json: bool,
    /// The time limit of each request.
    pub timeout: Duration,
    /// Extra certificates (PEM) to trust for https, besides Mozilla's roots.
    pub ca_file: Option<PathBuf>,
}

/// The usage text.
pub const USAGE: &str = "usage: cors-doctor URL --origin ORIGIN [--method M] [--header NAME]... \
[--credentials] [--also-path PATH]... [--json] [--timeout SECS] [--cacert PEM]";

impl Options {
    /// Parses the arguments after the program name.
    ///
    /// # Errors
    /// What is wrong with them.
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Self, String> {
        let mut args = args.into_iter();
        let mut url = None;
        let mut options = Self {
            url: String::new(),
            origin: String::new(),
            method: "GET".to_owned(),
            headers: Vec::new(),
            credentials: false,
            also_paths: Vec::new(),
            json: false,
            timeout: Duration::from_secs(10),
            ca_file: None,
        };
        while let Some(arg) = args.next() {
            let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
            match arg.as_str() {
                "--origin" => options.origin = value("--origin")?,
                "--method" => options.method = value("--method")?,
                "--header" => options.headers.push(value("--header")?),
                "--also-path" => options.also_paths.push(value("--also-path")?),
                "--cacert" => options.ca_file = Some(PathBuf::from(value("--cacert")?)),
                "--credentials" => options.credentials = true,
                "--json" => options.json = true,
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
        options.url = url.ok_or("a URL is needed")?;
        if options.origin.is_empty() {
            return Err("--origin is needed: the origin of the page that fetches".to_owned());
        }
        Ok(options)
    }
}
