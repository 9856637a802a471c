//! CORS misconfiguration scanners from PyPI, run over real HTTP on 127.0.0.1 against the demo
//! API and every example whose policy allows credentials: none may report a finding. In the same
//! run a deliberately vulnerable server (any `Origin`, `null` included, reflected with
//! credentials) must be flagged by each scanner, so a scanner that sees nothing cannot pass.
//!
//! The scanners are pinned and installed with pip into `target/scanners-venv` when missing.
//! Outside CI a failed installation skips the test with a message; with `CI=true` it fails.
//! Only 127.0.0.1 is ever a target: the scanners' proxy variables name a local listener that
//! refuses everything (any attempt through it fails the test), and tldextract's download of the
//! public-suffix list is turned off (it falls back to its bundled copy).

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::IntoResponse;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::util::MapRequestLayer;

#[allow(dead_code)]
#[path = "../examples/demo.rs"]
mod demo;

#[allow(dead_code)]
#[path = "../examples/axum_app.rs"]
mod axum_app;

#[cfg(feature = "serde")]
#[allow(dead_code)]
#[path = "../examples/config_file.rs"]
mod config_file;

#[cfg(feature = "reload")]
#[allow(dead_code)]
#[path = "../examples/tenants.rs"]
mod tenants;

/// The scanners and the one dependency whose behaviour matters (its `TLDEXTRACT_*` variables).
const PACKAGES: [&str; 6] = [
    "cors==1.0.1",
    "corsair_scan==0.2.0",
    "overreacher==1.0.2",
    "sorx==0.4.0",
    "headerpulse==0.1.0",
    "tldextract==5.4.0",
];
/// The demo page's origin, as in `cargo run --example demo`.
const DEMO_PAGE: &str = "http://127.0.0.1:8080";
const APP: &str = "https://app.example.com";
/// The message of axum_app's deliberate panic (a 500 the page reads), kept out of the output.
const CRASH: &str = "a bug in a handler";

/// One server under scan: the origin its policy trusts, the credential a logged-in page sends
/// (so no route answers 401), and the method and URL of each request the page makes.
struct Server {
    name: &'static str,
    page: &'static str,
    credential: &'static str,
    urls: Vec<(&'static str, String)>,
}

/// Per URL, what a scanner reported (an empty list: nothing).
type Findings = BTreeMap<String, Vec<String>>;
type Hits = Arc<Mutex<BTreeSet<String>>>;

/// Serves `app` on an ephemeral 127.0.0.1 port, recording every URL it is asked for in `hits`.
async fn serve(app: Router, hits: &Hits) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let hits = hits.clone();
    let app = app.layer(MapRequestLayer::new(move |req: Request| {
        let url = format!("http://{addr}{}", req.uri().path());
        hits.lock().unwrap().insert(url);
        req
    }));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

/// The hole every scanner must find: any `Origin` (`null` too) reflected, with credentials.
fn vulnerable() -> Router {
    Router::new().fallback(|headers: HeaderMap| async move {
        let mut response = "secret".into_response();
        if let Some(origin) = headers.get(header::ORIGIN) {
            let out = response.headers_mut();
            out.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
            let yes = HeaderValue::from_static("true");
            out.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, yes);
        }
        response
    })
}

/// A proxy that refuses every request, recording its first line: the scanners' only way out.
async fn blackhole(log: Arc<Mutex<Vec<String>>>) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let log = log.clone();
            tokio::spawn(async move {
                let mut buf = [0; 512];
                let read = tokio::time::timeout(Duration::from_secs(2), stream.read(&mut buf));
                let n = read.await.ok().and_then(Result::ok).unwrap_or(0);
                let line = String::from_utf8_lossy(&buf[..n]);
                log.lock()
                    .unwrap()
                    .push(line.lines().next().unwrap_or("").to_owned());
                let refusal = b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n";
                let _ = stream.write_all(refusal).await;
            });
        }
    });
    addr
}

/// Runs `program` under coreutils `timeout` (which kills its whole process group after `secs`),
/// and kills `timeout` itself from here if even that did not end in time.
async fn run(
    program: &Path,
    args: &[String],
    env: &[(&str, String)],
    secs: u64,
) -> Result<Output, String> {
    let mut command = tokio::process::Command::new("timeout");
    command
        .args(["-k", "5", &secs.to_string()])
        .arg(program)
        .args(args);
    command
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .kill_on_drop(true);
    let shown = program.display();
    match tokio::time::timeout(Duration::from_secs(secs + 15), command.output()).await {
        Err(_) => Err(format!("{shown} did not end within {secs} s: killed")),
        Ok(Err(e)) => Err(format!("cannot run {shown} under `timeout`: {e}")),
        Ok(Ok(out)) if matches!(out.status.code(), Some(124 | 137)) => {
            Err(format!("{shown} did not end within {secs} s: killed"))
        }
        Ok(Ok(out)) if !out.status.success() => Err(format!(
            "{shown} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        )),
        Ok(Ok(out)) => Ok(out),
    }
}

/// Creates the virtual environment and installs [`PACKAGES`], unless a previous run did.
async fn install(venv: &Path) -> Result<(), String> {
    let marker = venv.join("tower-cors-scanners.txt");
    let wanted = PACKAGES.join("\n");
    if std::fs::read_to_string(&marker).is_ok_and(|m| m == wanted) {
        return Ok(());
    }
    let args = ["-m", "venv", "--clear"].map(String::from);
    let args = [&args[..], &[venv.display().to_string()]].concat();
    run(Path::new("python3"), &args, &[], 120).await?;
    let mut args = ["install", "--disable-pip-version-check", "--no-input", "-q"]
        .map(String::from)
        .to_vec();
    args.extend(PACKAGES.map(String::from));
    run(&venv.join("bin/pip"), &args, &[], 300).await?;
    std::fs::write(&marker, wanted).map_err(|e| format!("{}: {e}", marker.display()))
}

/// Where the scanners run: their `bin`, a scratch folder, and the environment that keeps them
/// on 127.0.0.1.
struct Ctx {
    bin: PathBuf,
    dir: PathBuf,
    env: Vec<(&'static str, String)>,
}

impl Ctx {
    async fn run(&self, scanner: &str, args: Vec<String>) -> Result<String, String> {
        let out = run(&self.bin.join(scanner), &args, &self.env, 180).await?;
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    fn json(&self, file: &str) -> Result<Value, String> {
        let path = self.dir.join(file);
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}: {text}", path.display()))
    }

    fn file(&self, name: &str, text: &str) -> String {
        let path = self.dir.join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    }
}

fn all_urls(servers: &[Server]) -> impl Iterator<Item = (&'static str, &String, &Server)> {
    servers
        .iter()
        .flat_map(|s| s.urls.iter().map(move |(m, u)| (*m, u, s)))
}

/// Each URL of `servers` with no finding yet.
fn empty(servers: &[Server]) -> Findings {
    all_urls(servers)
        .map(|(_, url, _)| (url.clone(), vec![]))
        .collect()
}

/// CORScanner (`cors -i FILE -o OUT`): about 40 origins per URL, GET only, stopping at the first
/// hit. OUT is a JSON array with one object per flagged URL: `{"url", "type": "reflect_origin",
/// "credentials": "true", "origin": "http://evil.com", "status_code"}`; `[]` when clean.
async fn corscanner(ctx: &Ctx, servers: &[Server]) -> Result<Findings, String> {
    let list: Vec<_> = all_urls(servers).map(|(_, url, _)| url.as_str()).collect();
    let input = ctx.file("corscanner.txt", &list.join("\n"));
    let out = ctx.dir.join("corscanner.json").display().to_string();
    let args = [
        "-i",
        &input,
        "-o",
        &out,
        "-T",
        "5",
        "-d",
        "Cookie: demo_session=s3cr3t",
        "Authorization: Bearer t",
    ];
    ctx.run("cors", args.map(String::from).to_vec()).await?;
    let mut findings = empty(servers);
    for hit in ctx
        .json("corscanner.json")?
        .as_array()
        .ok_or("not an array")?
    {
        let what = format!(
            "{} (origin {}, credentials {})",
            hit["type"], hit["origin"], hit["credentials"]
        );
        findings
            .entry(hit["url"].as_str().unwrap_or("?").to_owned())
            .or_default()
            .push(what);
    }
    Ok(findings)
}

/// corsair_scan (`corsair FILE -r OUT`): per request (URL, verb, headers with the trusted
/// `Origin`) the origins `https://scarymonster.com`, `scarymonster.` + origin, origin +
/// `.scarymonster.com` and `SUB.scarymonsterDOMAIN`. OUT: `{"summary": {"misconfigured": [..],
/// "error": [..401s..]}, "report": [{"url", "verb", "fake_origin": {"Origin",
/// "Access-Control-Allow-Origin", "credentials", "misconfigured"}, "sub-domain": ..}]}`.
async fn corsair(ctx: &Ctx, servers: &[Server]) -> Result<Findings, String> {
    let requests: Vec<Value> = all_urls(servers)
        .map(|(verb, url, s)| {
            let (name, value) = s.credential.split_once(": ").unwrap();
            json!({"url": url, "verb": verb, "headers": {"Origin": s.page, name: value}})
        })
        .collect();
    let input = ctx.file("corsair-in.json", &Value::from(requests).to_string());
    let out = ctx.dir.join("corsair.json").display().to_string();
    ctx.run("corsair", vec![input, "-r".into(), out]).await?;
    let report = ctx.json("corsair.json")?;
    if report["summary"]["error"]
        .as_array()
        .is_none_or(|e| !e.is_empty())
    {
        return Err(format!(
            "corsair saw 401s or no summary: {}",
            report["summary"]
        ));
    }
    let mut findings = empty(servers);
    for entry in report["report"].as_array().ok_or("no report")? {
        let list = findings
            .entry(entry["url"].as_str().unwrap_or("?").to_owned())
            .or_default();
        for test in ["fake_origin", "sub-domain", "pre-domain", "post-domain"] {
            let t = &entry[test];
            if t["misconfigured"] == true {
                let acao = &t["Access-Control-Allow-Origin"];
                list.push(format!(
                    "{test}: {} -> {acao}, credentials {}",
                    t["Origin"], t["credentials"]
                ));
            }
        }
    }
    Ok(findings)
}

/// OverReacher (`overreacher -u URL,URL -m GET,POST,PUT -A -o OUT`): 11 attacks per URL and
/// method (null, arbitrary data, example.com, prefix/suffix/unescaped-dot tricks); `-A` reports
/// reflections without credentials too. OUT: `{"scan_info": .., "scan_res": {URL:
/// [{"http_method", "attack_name", "used_payload", "allow_origin", "allow_creds"}]}}`.
async fn overreacher(ctx: &Ctx, servers: &[Server]) -> Result<Findings, String> {
    let urls: Vec<_> = all_urls(servers).map(|(_, url, _)| url.as_str()).collect();
    let out = ctx.dir.join("overreacher.json").display().to_string();
    let args = [
        "-u",
        &urls.join(","),
        "-m",
        "GET,POST,PUT",
        "-A",
        "--no-color",
        "-o",
        &out,
    ];
    let mut args = args.map(String::from).to_vec();
    args.extend(
        [
            "-H",
            "Cookie: demo_session=s3cr3t",
            "-H",
            "Authorization: Bearer t",
        ]
        .map(String::from),
    );
    ctx.run("overreacher", args).await?;
    let mut findings = empty(servers);
    let report = ctx.json("overreacher.json")?;
    for (url, hits) in report["scan_res"].as_object().ok_or("no scan_res")? {
        for h in hits.as_array().into_iter().flatten() {
            let what = format!(
                "{} {}: {} -> {}, credentials {}",
                h["http_method"],
                h["attack_name"],
                h["used_payload"],
                h["allow_origin"],
                h["allow_creds"]
            );
            findings.entry(url.clone()).or_default().push(what);
        }
    }
    Ok(findings)
}

/// sorx (`sorx -l FILE -m deep --trust ORIGIN -H CREDENTIAL -j OUT`), one run per server: 29
/// origins built around the trusted one and 5 preflights per URL. OUT: `{URL: [{"id":
/// "CORS-101", "name": "Attacker origin reflected with credentials", "severity"}]}`; request
/// errors are only on stdout (`Errors          : N`), so they are read there.
async fn sorx(ctx: &Ctx, servers: &[Server]) -> Result<Findings, String> {
    let mut findings = empty(servers);
    for (i, s) in servers.iter().enumerate() {
        let list: Vec<_> = s.urls.iter().map(|(_, u)| u.as_str()).collect();
        let input = ctx.file(&format!("sorx-{i}.txt"), &list.join("\n"));
        let out = ctx.dir.join(format!("sorx-{i}.json")).display().to_string();
        let args = [
            "-l",
            &input,
            "-m",
            "deep",
            "--trust",
            s.page,
            "-H",
            s.credential,
            "-j",
            &out,
        ];
        let stdout = ctx.run("sorx", args.map(String::from).to_vec()).await?;
        if !stdout
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["Errors", ":", "0"])
        {
            return Err(format!("sorx had request errors on {}: {stdout}", s.name));
        }
        for (url, hits) in ctx
            .json(&format!("sorx-{i}.json"))?
            .as_object()
            .ok_or("not an object")?
        {
            for h in hits.as_array().into_iter().flatten() {
                let what = format!("{} {} ({})", h["id"], h["name"], h["severity"]);
                findings.entry(url.clone()).or_default().push(what);
            }
        }
    }
    Ok(findings)
}

/// HeaderPulse (`headerpulse URL --cors-origin ORIGIN -o OUT`), one URL and probe origin per
/// run (`https://evil-attacker.com` and `null` here), run concurrently. OUT: `{"cors":
/// {"probe_origin", "acao", "acac", "status": "PASS" | "INFO" | "WARN" | "FAIL" | "ERROR",
/// "risk_level", "description"}, ..}` besides a security-header grade that is not CORS.
async fn headerpulse(ctx: &Ctx, servers: &[Server]) -> Result<Findings, String> {
    let runs: Vec<_> = all_urls(servers)
        .flat_map(|(_, url, _)| ["https://evil-attacker.com", "null"].map(|o| (url.clone(), o)))
        .enumerate()
        .collect();
    let outputs = futures_util::future::join_all(runs.iter().map(|(i, (url, origin))| {
        let out = ctx
            .dir
            .join(format!("headerpulse-{i}.json"))
            .display()
            .to_string();
        let args = [url, "--timeout", "5", "--cors-origin", origin, "-o", &out];
        ctx.run("headerpulse", args.map(String::from).to_vec())
    }));
    let mut findings = empty(servers);
    for ((i, (url, _)), out) in runs.iter().zip(outputs.await) {
        out?;
        let cors = ctx.json(&format!("headerpulse-{i}.json"))?["cors"].clone();
        match cors["status"].as_str() {
            Some("PASS") => {}
            Some("ERROR") | None => return Err(format!("headerpulse on {url}: {cors}")),
            Some(status) => {
                let what = format!(
                    "{status} {}: {} -> {}, credentials {}",
                    cors["risk_level"], cors["probe_origin"], cors["acao"], cors["acac"]
                );
                findings.get_mut(url).unwrap().push(what);
            }
        }
    }
    Ok(findings)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pypi_cors_scanners_find_nothing_in_the_demo_and_credentialed_examples() {
    let started = Instant::now();
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap();
    let venv = target.join("scanners-venv");
    if let Err(why) = install(&venv).await {
        let venv = venv.display();
        let command = format!(
            "python3 -m venv {venv} && {venv}/bin/pip install {} && cargo test --all-features --test scanners",
            PACKAGES.join(" ")
        );
        let message = format!("SKIPPED scanners: {why}. To run it: {command}");
        assert!(std::env::var("CI").is_ok_and(|v| v == "true"), "{message}");
        eprintln!("{message}");
        return;
    }
    let installed = started.elapsed();
    // axum_app's `/api/crash` panics on purpose (CatchPanicLayer makes it a 500): not news.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if info.payload().downcast_ref::<&str>() != Some(&CRASH) {
            default_hook(info);
        }
    }));

    let hits = Hits::default();
    let url = |addr: SocketAddr, method: &'static str, path: &str| {
        (method, format!("http://{addr}{path}"))
    };
    let demo = serve(demo::api(DEMO_PAGE).unwrap(), &hits).await;
    let demo_urls = [
        ("GET", "/hello"),
        ("POST", "/items"),
        ("POST", "/login"),
        ("GET", "/me"),
        ("GET", "/report"),
        ("GET", "/trace/1"),
    ];
    let mut servers = vec![Server {
        name: "demo API",
        page: DEMO_PAGE,
        credential: "Cookie: demo_session=s3cr3t",
        urls: demo_urls.iter().map(|(m, p)| url(demo, m, p)).collect(),
    }];
    let app = serve(axum_app::app().unwrap(), &hits).await;
    let app_urls = [
        ("GET", "/api/me"),
        ("POST", "/api/transfer"),
        ("GET", "/api/crash"),
    ];
    servers.push(Server {
        name: "axum_app",
        page: axum_app::APP_ORIGIN,
        credential: "Authorization: Bearer t",
        urls: app_urls.iter().map(|(m, p)| url(app, m, p)).collect(),
    });
    #[cfg(feature = "serde")]
    {
        let text = std::fs::read_to_string(config_file::DEFAULT_FILE).unwrap();
        let no_vars = std::iter::empty::<(&str, &str)>();
        let addr = serve(config_file::app(&text, "CORS", no_vars).unwrap(), &hits).await;
        let urls = vec![url(addr, "GET", "/api/items")];
        servers.push(Server {
            name: "config_file",
            page: APP,
            credential: "Cookie: session=1",
            urls,
        });
    }
    #[cfg(feature = "reload")]
    {
        let app = tenants::app(tenants::Tenants::open(":memory:").unwrap());
        let addr = serve(app, &hits).await;
        let urls = vec![
            url(addr, "GET", "/api/orders"),
            url(addr, "PUT", "/api/orders"),
        ];
        servers.push(Server {
            name: "tenants",
            page: tenants::APP_ORIGIN,
            credential: "Cookie: session=1",
            urls,
        });
    }
    let control_addr = serve(vulnerable(), &hits).await;
    let control = url(control_addr, "GET", "/api/me").1;
    servers.push(Server {
        name: "vulnerable control",
        page: APP,
        credential: "Cookie: session=1",
        urls: vec![url(control_addr, "GET", "/api/me")],
    });

    let refused = Arc::new(Mutex::new(Vec::new()));
    let proxy = format!("http://{}", blackhole(refused.clone()).await);
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("scanners-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut env: Vec<(&str, String)> = [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ]
    .map(|k| (k, proxy.clone()))
    .to_vec();
    env.extend(
        [
            ("NO_PROXY", "127.0.0.1"),
            ("no_proxy", "127.0.0.1"),
            ("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", ""),
            ("NO_COLOR", "1"),
        ]
        .map(|(k, v)| (k, v.to_owned())),
    );
    env.push((
        "TLDEXTRACT_CACHE",
        venv.join("tldextract-cache").display().to_string(),
    ));
    let ctx = Ctx {
        bin: venv.join("bin"),
        dir,
        env,
    };

    let mut problems = Vec::new();
    let mut report = Vec::new();
    for name in ["cors", "corsair_scan", "overreacher", "sorx", "headerpulse"] {
        hits.lock().unwrap().clear();
        let t = Instant::now();
        let result = match name {
            "cors" => corscanner(&ctx, &servers).await,
            "corsair_scan" => corsair(&ctx, &servers).await,
            "overreacher" => overreacher(&ctx, &servers).await,
            "sorx" => sorx(&ctx, &servers).await,
            _ => headerpulse(&ctx, &servers).await,
        };
        let findings = match result {
            Ok(findings) => findings,
            Err(e) => {
                problems.push(format!("{name}: {e}"));
                continue;
            }
        };
        let seen = hits.lock().unwrap().clone();
        for (_, u, s) in all_urls(&servers).filter(|(_, u, _)| !seen.contains(*u)) {
            problems.push(format!(
                "{name} never reached {u} ({}): its verdict there means nothing",
                s.name
            ));
        }
        for (u, found) in &findings {
            let server = all_urls(&servers)
                .find(|(_, x, _)| x == &u)
                .map_or("?", |(_, _, s)| s.name);
            match (*u == control, found.is_empty()) {
                (true, true) => problems.push(format!("{name} missed the vulnerable control {u}")),
                (false, false) => problems.push(format!("{name} flagged {server} {u}: {found:?}")),
                _ => {}
            }
        }
        let flagged = findings
            .get(&control)
            .and_then(|f| f.first())
            .cloned()
            .unwrap_or_default();
        report.push(format!(
            "{name} ({:.1} s): control: {flagged}",
            t.elapsed().as_secs_f64()
        ));
    }
    let refused = refused.lock().unwrap().clone();
    if !refused.is_empty() {
        problems.push(format!(
            "a scanner tried to leave 127.0.0.1 (refused by the proxy): {refused:?}"
        ));
    }
    let _ = std::fs::remove_dir_all(&ctx.dir);
    eprintln!(
        "scanners (installed in {:.1} s, total {:.1} s):\n  {}",
        installed.as_secs_f64(),
        started.elapsed().as_secs_f64(),
        report.join("\n  ")
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
