//! CORS misconfiguration scanners from PyPI against the demo API and every example whose policy
//! allows credentials, on 127.0.0.1: none may report a finding, and no server may grant an
//! origin its policy does not list. A vulnerable control (any `Origin`, `null` included,
//! reflected with credentials) must be flagged by each scanner in the same run.
//!
//! The scanners are pinned and installed into `target/scanners-venv` when missing; outside CI a
//! failed installation skips the test with a message, with `CI=true` it fails. Only 127.0.0.1 is
//! a target: the scanners' proxy variables name a local listener that refuses everything, and
//! tldextract's public-suffix download is off.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::IntoResponse;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[path = "../examples/axum_app.rs"]
mod axum_app;
#[cfg(feature = "serde")]
#[path = "../examples/config_file.rs"]
mod config_file;
#[path = "../examples/demo.rs"]
mod demo;
#[cfg(feature = "reload")]
#[path = "../examples/tenants.rs"]
mod tenants;

/// The scanners, and the dependency whose `TLDEXTRACT_*` variables keep them off the network.
const PACKAGES: &str =
    "cors==1.0.1 corsair_scan==0.2.0 overreacher==1.0.2 sorx==0.4.0 tldextract==5.4.0";
/// The demo page's origin, as in `cargo run --example demo`.
const DEMO_PAGE: &str = "http://127.0.0.1:8080";
const APP: &str = "https://app.example.com";
/// What a logged-in page sends (so that no route answers 401); no spaces, for every CLI.
const COOKIE: &str = "Cookie:demo_session=s3cr3t";
const BEARER: &str = "Authorization:Bearer-t";
const CONTROL: &str = "vulnerable control";

/// One server under scan: the origins its policy lists (the page's first), the credential a
/// logged-in page sends, and the method and URL of each request the page makes.
struct Server {
    name: &'static str,
    trusts: &'static [&'static str],
    credential: &'static str,
    urls: Vec<(String, String)>,
}

/// What a scanner reported, as (URL, finding) pairs.
type Findings = Vec<(String, String)>;
/// Every request a server answered: its URL and the `Access-Control-Allow-Origin` it granted.
type Log = Arc<Mutex<Vec<(String, Option<String>)>>>;
/// The server's name, the origins its policy lists (the page's first), and the credential.
type About = (&'static str, &'static [&'static str], &'static str);

/// Serves `app` on an ephemeral 127.0.0.1 port, logging what it grants to each request; the
/// page's requests are `paths`: `METHOD /path, METHOD /path`.
async fn start(log: &Log, (name, trusts, credential): About, app: Router, paths: &str) -> Server {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let log = log.clone();
    let app = app.layer(middleware::from_fn(move |req: Request, next: Next| {
        let (log, url) = (log.clone(), format!("http://{addr}{}", req.uri().path()));
        async move {
            let response = next.run(req).await;
            let acao = response.headers().get(header::ACCESS_CONTROL_ALLOW_ORIGIN);
            let acao = acao.map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
            log.lock().unwrap().push((url, acao));
            response
        }
    }));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let urls = paths.split(", ").filter_map(|p| p.split_once(' '));
    let urls = urls.map(|(m, p)| (m.to_owned(), format!("http://{addr}{p}")));
    Server {
        name,
        trusts,
        credential,
        urls: urls.collect(),
    }
}

/// A proxy that refuses every request, recording its head: the scanners' only way out.
async fn blackhole(refused: Arc<Mutex<Vec<String>>>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut head = [0; 512]; // HTTP clients speak first
            let n = stream.read(&mut head).await.unwrap_or(0);
            let head = String::from_utf8_lossy(&head[..n]).into_owned();
            refused.lock().unwrap().push(head);
            let _ = stream.write_all(b"HTTP/1.1 403 Forbidden\r\n\r\n").await;
        }
    });
    format!("http://{addr}")
}

/// Runs `program` under coreutils `timeout`, which kills its whole process group after 300 s
/// (and `kill_on_drop` kills `timeout` if this test ends first); its stdout.
async fn run(program: &Path, args: &[&str], env: &[(String, String)]) -> Result<String, String> {
    let (mut command, shown) = (tokio::process::Command::new("timeout"), program.display());
    command.args(["-k", "5", "300"]).arg(program).args(args);
    command.envs(env.to_vec()).stdin(Stdio::null());
    let out = command.kill_on_drop(true).output().await;
    let out = out.map_err(|e| format!("cannot run `timeout {shown}`: {e}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr).trim().to_owned();
    match out.status.code() {
        Some(0) => Ok(String::from_utf8_lossy(&out.stdout).into_owned()),
        Some(124 | 137) => Err(format!("{shown} still ran after 300 s: killed")),
        _ => Err(format!("{shown} failed ({}): {stderr}", out.status)),
    }
}

/// Creates the virtual environment and installs [`PACKAGES`], unless a previous run did.
async fn install(venv: &Path) -> Result<(), String> {
    let marker = venv.join("tower-cors-scanners.txt");
    if std::fs::read_to_string(&marker).is_ok_and(|m| m == PACKAGES) {
        return Ok(());
    }
    let dir = venv.display().to_string();
    run("python3".as_ref(), &["-m", "venv", "--clear", &dir], &[]).await?;
    let mut args = vec!["install", "--disable-pip-version-check", "-q"];
    args.extend(PACKAGES.split(' '));
    run(&venv.join("bin/pip"), &args, &[]).await?;
    std::fs::write(&marker, PACKAGES).map_err(|e| format!("{}: {e}", marker.display()))
}

/// Where the scanners run: their `bin`, a scratch folder, the environment keeping them local.
struct Ctx {
    bin: PathBuf,
    dir: PathBuf,
    env: Vec<(String, String)>,
}

impl Ctx {
    async fn run(&self, scanner: &str, args: &[&str]) -> Result<String, String> {
        run(&self.bin.join(scanner), args, &self.env).await
    }

    fn path(&self, name: &str) -> String {
        self.dir.join(name).display().to_string()
    }

    fn write(&self, name: &str, text: String) -> String {
        std::fs::write(self.path(name), text).unwrap();
        self.path(name)
    }

    fn json(&self, name: &str) -> Result<Value, String> {
        let text = std::fs::read_to_string(self.path(name)).map_err(|e| format!("{name}: {e}"))?;
        serde_json::from_str(&text).map_err(|e| format!("{name}: {e}: {text}"))
    }
}

fn all_urls(servers: &[Server]) -> impl Iterator<Item = (&str, &String, &Server)> {
    servers
        .iter()
        .flat_map(|s| s.urls.iter().map(move |(m, u)| (m.as_str(), u, s)))
}

/// The URLs of `servers`, joined by `separator`.
fn joined(servers: &[Server], separator: &str) -> String {
    let urls: Vec<_> = all_urls(servers).map(|(_, u, _)| u.as_str()).collect();
    urls.join(separator)
}

/// CORScanner (`cors -i FILE -o OUT`): 36 origins per URL, GET only, stopping at the first
/// hit. OUT is a JSON array with one object per flagged URL: `{"url", "type": "reflect_origin",
/// "credentials": "true", "origin": "http://evil.com", "status_code"}`; `[]` when clean.
async fn corscanner(ctx: &Ctx, servers: &[Server]) -> Result<Findings, String> {
    let input = ctx.write("cors.txt", joined(servers, "\n"));
    let out = ctx.path("cors.json");
    let mut args = vec!["-i", &input, "-o", &out, "-T", "5"];
    args.extend(["-d", COOKIE, BEARER]);
    ctx.run("cors", &args).await?;
    let mut findings = Vec::new();
    for h in ctx.json("cors.json")?.as_array().ok_or("not an array")? {
        findings.push((h["url"].as_str().unwrap_or("?").into(), h.to_string()));
    }
    Ok(findings)
}

/// corsair_scan (`corsair FILE -r OUT`): per request (URL, verb, headers with the trusted
/// `Origin`) the origins `https://scarymonster.com`, `scheme://scarymonster.` + host, origin +
/// `.scarymonster.com` and `SUB.scarymonsterDOMAIN`. OUT: `{"summary": {"misconfigured": [..],
/// "error": [..the 401s..]}, "report": [{"url", "verb", "fake_origin": {"Origin",
/// "Access-Control-Allow-Origin", "credentials", "misconfigured"}, "sub-domain": ..}]}`.
async fn corsair(ctx: &Ctx, servers: &[Server]) -> Result<Findings, String> {
    let requests = all_urls(servers).map(|(verb, url, s)| {
        let (name, value) = s.credential.split_once(':').unwrap();
        let headers = json!({"Origin": s.trusts[0], name: value});
        json!({"url": url, "verb": verb, "headers": headers})
    });
    let input = ctx.write("corsair.in", Value::from_iter(requests).to_string());
    let out = ctx.path("corsair.json");
    ctx.run("corsair", &[&input, "-r", &out]).await?;
    let report = ctx.json("corsair.json")?;
    let errors = report["summary"]["error"].as_array();
    if errors.is_none_or(|e| !e.is_empty()) {
        return Err(format!("corsair saw 401s: {}", report["summary"]));
    }
    let mut findings = Vec::new();
    for entry in report["report"].as_array().ok_or("no report")? {
        let url = entry["url"].as_str().unwrap_or("?");
        for test in ["fake_origin", "sub-domain", "pre-domain", "post-domain"] {
            if entry[test]["misconfigured"] == true {
                findings.push((url.into(), format!("{test}: {}", entry[test])));
            }
        }
    }
    Ok(findings)
}

/// OverReacher (`overreacher -u URL,URL -m GET,POST,PUT -A -o OUT`): 11 attacks per URL and
/// method (null, arbitrary data, example.com, prefix, suffix, unescaped dot); `-A` reports
/// reflections without credentials too. OUT: `{"scan_info": .., "scan_res": {URL:
/// [{"http_method", "attack_name", "used_payload", "allow_origin", "allow_creds"}]}}`.
async fn overreacher(ctx: &Ctx, servers: &[Server]) -> Result<Findings, String> {
    let (urls, out) = (joined(servers, ","), ctx.path("overreacher.json"));
    let mut args = vec!["-u", &urls, "-o", &out, "-m", "GET,POST,PUT"];
    args.extend(["-A", "-H", COOKIE, "-H", BEARER]);
    ctx.run("overreacher", &args).await?;
    let mut findings = Vec::new();
    let report = ctx.json("overreacher.json")?;
    for (url, hits) in report["scan_res"].as_object().ok_or("no scan_res")? {
        for h in hits.as_array().into_iter().flatten() {
            findings.push((url.clone(), h.to_string()));
        }
    }
    Ok(findings)
}

/// sorx (`sorx -l FILE -m deep --trust ORIGIN -H CREDENTIAL -j OUT`), one run per server (its
/// page's origin differs): 29 origins built around it (GET) and 5 preflights per URL. OUT:
/// `{URL: [{"id": "CORS-101", "name": "Attacker origin reflected with credentials",
/// "severity"}]}`; request errors are only on stdout (`Errors          : N`), read there.
async fn sorx(ctx: &Ctx, servers: &[Server]) -> Result<Findings, String> {
    let mut findings = Vec::new();
    for (i, s) in servers.iter().enumerate() {
        let list = joined(std::slice::from_ref(s), "\n");
        let input = ctx.write(&format!("sorx-{i}.txt"), list);
        let out = ctx.path(&format!("sorx-{i}.json"));
        let mut args = vec!["-l", &input, "-j", &out, "-m", "deep"];
        args.extend(["--trust", s.trusts[0], "-H", s.credential]);
        let stdout = ctx.run("sorx", &args).await?;
        let errors = stdout.lines().find_map(|l| l.strip_prefix("Errors"));
        if errors.is_none_or(|e| e.trim_start_matches([' ', ':']) != "0") {
            return Err(format!("sorx had request errors on {}: {stdout}", s.name));
        }
        let report = ctx.json(&format!("sorx-{i}.json"))?;
        for (url, hits) in report.as_object().ok_or("not an object")? {
            for h in hits.as_array().into_iter().flatten() {
                findings.push((url.clone(), h.to_string()));
            }
        }
    }
    Ok(findings)
}

/// Starts the demo API, the examples whose policy allows credentials and the vulnerable
/// control, each with the requests its page makes.
async fn servers(log: &Log) -> Vec<Server> {
    let demo = ("demo API", &[DEMO_PAGE][..], COOKIE);
    let paths = "GET /hello, POST /items, POST /login, GET /me, GET /report, GET /trace/1";
    let mut servers = vec![start(log, demo, demo::api(DEMO_PAGE).unwrap(), paths).await];
    let app = ("axum_app", &[axum_app::APP_ORIGIN][..], BEARER);
    let paths = "GET /api/me, POST /api/transfer, GET /api/crash";
    servers.push(start(log, app, axum_app::app().unwrap(), paths).await);
    #[cfg(feature = "serde")]
    {
        // examples/cors.toml lists the page and the admin page, both with credentials.
        let trusts = &[APP, "https://admin.example.com"][..];
        let app = ("config_file", trusts, COOKIE);
        let text = std::fs::read_to_string(config_file::DEFAULT_FILE).unwrap();
        let router = config_file::app(&text, "CORS", [("X", "")]).unwrap();
        servers.push(start(log, app, router, "GET /api/items").await);
    }
    #[cfg(feature = "reload")]
    {
        let app = ("tenants", &[tenants::APP_ORIGIN][..], COOKIE);
        let router = tenants::app(tenants::Tenants::open(":memory:").unwrap());
        servers.push(start(log, app, router, "GET /api/orders, PUT /api/orders").await);
    }
    // The hole every scanner must find: any `Origin` (`null` too) reflected, with credentials.
    let vulnerable = Router::new().fallback(|headers: HeaderMap| async move {
        let mut response = "secret".into_response();
        if let Some(origin) = headers.get(header::ORIGIN) {
            let out = response.headers_mut();
            out.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
            let yes = HeaderValue::from_static("true");
            out.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, yes);
        }
        response
    });
    let control = (CONTROL, &[APP][..], COOKIE);
    servers.push(start(log, control, vulnerable, "GET /api/me").await);
    servers
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pypi_cors_scanners_find_nothing_in_the_demo_and_credentialed_examples() {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let venv = tmp.parent().unwrap().join("scanners-venv");
    if let Err(why) = install(&venv).await {
        let venv = venv.display();
        let message = format!(
            "SKIPPED scanners: {why}. To run it: python3 -m venv {venv} && {venv}/bin/pip \
             install {PACKAGES} && cargo test --all-features --test scanners"
        );
        assert!(!std::env::var("CI").is_ok_and(|v| v == "true"), "{message}");
        eprintln!("{message}");
        return;
    }
    // axum_app's `/api/crash` panics on purpose (CatchPanicLayer makes it a 500): not news.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if info.payload().downcast_ref::<&str>() != Some(&"a bug in a handler") {
            default_hook(info);
        }
    }));
    let log = Log::default();
    let servers = servers(&log).await;
    let refused = Arc::new(Mutex::new(Vec::new()));
    let proxy = blackhole(refused.clone()).await;
    let cache = venv.join("tldextract-cache").display().to_string();
    let vars = format!(
        "HTTP_PROXY={proxy}\nHTTPS_PROXY={proxy}\nALL_PROXY={proxy}\nhttp_proxy={proxy}\n\
         https_proxy={proxy}\nNO_PROXY=127.0.0.1\nno_proxy=127.0.0.1\nNO_COLOR=1\n\
         TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS=\nTLDEXTRACT_CACHE={cache}"
    );
    let vars = vars.lines().filter_map(|kv| kv.split_once('='));
    let env: Vec<_> = vars.map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
    let dir = tmp.join(format!("scanners-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bin = venv.join("bin");
    let ctx = Ctx { bin, dir, env };

    let mut problems = Vec::new();
    for name in ["cors", "corsair_scan", "overreacher", "sorx"] {
        let result = match name {
            "cors" => corscanner(&ctx, &servers).await,
            "corsair_scan" => corsair(&ctx, &servers).await,
            "overreacher" => overreacher(&ctx, &servers).await,
            _ => sorx(&ctx, &servers).await,
        };
        let answered = std::mem::take(&mut *log.lock().unwrap());
        let findings = result.unwrap_or_else(|e| {
            problems.push(format!("{name}: {e}"));
            Vec::new()
        });
        let mut line = format!("scanner {name}:");
        for (_, url, s) in all_urls(&servers) {
            let granted: Vec<_> = answered.iter().filter(|(u, _)| u == url).collect();
            if granted.is_empty() {
                problems.push(format!("{name} never reached {} {url}", s.name));
            }
            let unlisted = granted.iter().filter_map(|(_, acao)| acao.as_ref());
            for acao in unlisted.filter(|a| s.name != CONTROL && !s.trusts.contains(&a.as_str())) {
                problems.push(format!("{} granted unlisted {acao} at {url}", s.name));
            }
            let found: Vec<_> = findings.iter().filter(|f| f.0 == *url).collect();
            match (s.name == CONTROL, found.first()) {
                (true, None) => problems.push(format!("{name} missed the {CONTROL} {url}")),
                (true, Some((_, first))) => line += &format!(" {CONTROL}: {first};"),
                (false, Some(_)) => problems.push(format!("{name}: {} {url}: {found:?}", s.name)),
                (false, None) => {}
            }
        }
        eprintln!("{line}");
    }
    for head in refused.lock().unwrap().iter() {
        problems.push(format!("a scanner tried to leave 127.0.0.1: {head}"));
    }
    let _ = std::fs::remove_dir_all(&ctx.dir);
    problems.sort_unstable();
    problems.dedup();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
