//! The doctor against real third-party CORS middlewares configured the classic wrong ways,
//! and the right way, all with credentials: Express + `cors` (an unanchored regex, `endsWith`,
//! `startsWith`, the `http://` twin listed, an exact list), Starlette (`.*` glued before the
//! domain, an exact list), flask-cors (a regex matched from the start only, an exact list),
//! nginx (`if ($http_origin ~ ...)` unanchored, an exact `=`), and tower-cors with a
//! `https://*.example.com` pattern. Each hole is found by the probe that betrays it, exact
//! lists give no finding, the exit status is 3 whenever a security finding is printed, and
//! each server counts the requests of one run: exactly what the doctor reports, at most 16.

#[path = "../../tests/nginx/server.rs"]
mod nginx;
mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::routing::any;
use support::{Run, Server, doctor, skip_or_fail};
use tower_cors::{Cors, CorsPolicy};

/// One endpoint, the page's origin, the finding codes the doctor must print (sorted) and
/// probes that must be granted (the holes).
struct Case {
    name: &'static str,
    url: String,
    page: &'static str,
    codes: &'static [&'static str],
    granted: &'static [&'static str],
}

const LOOKALIKE: &str = "trusts-lookalike-origin";
const INSECURE: &str = "trusts-insecure-origin";
const SUBDOMAIN: &str = "trusts-any-subdomain";

/// Runs the doctor on `case`, checking the findings, the exit status and the request count
/// (`count` reads the server's counter).
fn check(case: &Case, count: &dyn Fn() -> usize) -> Run {
    let before = count();
    let run = doctor(&case.url, case.page, &[]);
    let sent = count() - before;
    let name = case.name;
    assert_eq!(run.json["verdict"], "allowed", "{name}: {}", run.json);
    let mut codes = case.codes.to_vec();
    codes.sort_unstable();
    assert_eq!(run.codes(), codes, "{name}: {:#}", run.json["findings"]);
    let granted = run.granted();
    for kind in case.granted {
        assert!(
            granted.iter().any(|g| g == kind),
            "{name}: {kind} not in {granted:?}"
        );
    }
    let expected = if run.has_security() { 3 } else { 0 };
    assert_eq!(run.code, expected, "{name}: exit status");
    assert_eq!(
        run.json["requests"], sent,
        "{name}: requests reported vs counted"
    );
    assert!(sent <= 16, "{name}: {sent} requests");
    eprintln!(
        "measured | {name} | {} | exit {} | {sent} requests | granted {}",
        run.codes().join(", "),
        run.code,
        granted.join(", ")
    );
    run
}

#[test]
fn express_cors_regex_suffix_prefix_and_http_twin_mistakes_are_found_and_an_exact_list_is_clean() {
    if which("node").is_none() {
        return skip_or_fail(
            "express test",
            "node is not installed (`apt-get install nodejs`)",
        );
    }
    let modules = match support::node_modules() {
        Ok(m) => m,
        Err(why) => return skip_or_fail("express test", &why),
    };
    let server = Server::express(&modules);
    let page = "https://portal.acme.io";
    let case = |name, path, codes, granted| Case {
        name,
        url: server.url(path),
        page,
        codes,
        granted,
    };
    for case in [
        case(
            "express /portal\\.acme\\.io/",
            "/regex",
            &[LOOKALIKE, SUBDOMAIN, INSECURE][..],
            &["suffix-appended", "insecure-twin"][..],
        ),
        case(
            "express endsWith('acme.io')",
            "/ends-with",
            &[LOOKALIKE, SUBDOMAIN, INSECURE],
            &["domain-prefix-glued", "dot-replaced", "insecure-twin"],
        ),
        case(
            "express startsWith(page)",
            "/starts-with",
            &[LOOKALIKE],
            &["suffix-appended", "other-port"],
        ),
        case(
            "express [page, http twin]",
            "/http-twin",
            &[INSECURE],
            &["insecure-twin"],
        ),
        case("express [page]", "/exact", &[], &[]),
    ] {
        check(&case, &|| server.count());
    }
}

#[test]
fn starlette_regex_with_dot_star_glued_before_the_domain_trusts_a_foreign_domain() {
    let Some(python) = python("starlette test") else {
        return;
    };
    let regex = Server::python(&python, "starlette-regex");
    let exact = Server::python(&python, "starlette-exact");
    let page = "https://app.wharf.dev";
    let wrong = Case {
        name: "starlette allow_origin_regex https://.*wharf\\.dev",
        url: regex.url("/api"),
        page,
        codes: &[LOOKALIKE, SUBDOMAIN],
        granted: &["domain-prefix-glued", "dot-replaced"],
    };
    check(&wrong, &|| regex.count());
    let right = Case {
        name: "starlette allow_origins [page]",
        url: exact.url("/api"),
        page,
        codes: &[],
        granted: &[],
    };
    check(&right, &|| exact.count());
}

#[test]
fn flask_cors_regex_matched_from_the_start_only_trusts_an_appended_domain() {
    let Some(python) = python("flask-cors test") else {
        return;
    };
    let regex = Server::python(&python, "flask-regex");
    let exact = Server::python(&python, "flask-exact");
    let page = "https://app.bank.co.uk";
    let wrong = Case {
        name: "flask-cors origins [https://.*\\.bank\\.co\\.uk]",
        url: regex.url("/api"),
        page,
        codes: &[LOOKALIKE, SUBDOMAIN],
        granted: &["suffix-appended", "other-port"],
    };
    check(&wrong, &|| regex.count());
    let right = Case {
        name: "flask-cors origins [page, another]",
        url: exact.url("/api"),
        page,
        codes: &[],
        granted: &[],
    };
    check(&right, &|| exact.count());
    // With one literal origin flask-cors sends no `Vary: Origin`: a true warning, no hole.
    let single = Server::python(&python, "flask-single");
    let one = Case {
        name: "flask-cors origins [page]",
        url: single.url("/api"),
        page,
        codes: &["missing-vary-origin"],
        granted: &[],
    };
    assert_eq!(check(&one, &|| single.count()).code, 0);
}

const NGINX: &str = r#"    server {
        listen 127.0.0.1:{port};
        access_log {dir}/access.log;
        location /unanchored {
            set $cors "";
            if ($http_origin ~ "files\.example\.net") { set $cors $http_origin; }
            add_header Access-Control-Allow-Origin $cors always;
            add_header Access-Control-Allow-Credentials true always;
            add_header Vary Origin always;
            return 200 "secret";
        }
        location /exact {
            set $cors "";
            if ($http_origin = "https://files.example.net") { set $cors $http_origin; }
            add_header Access-Control-Allow-Origin $cors always;
            add_header Access-Control-Allow-Credentials true always;
            add_header Vary Origin always;
            return 200 "secret";
        }
    }
"#;

#[test]
fn nginx_if_with_an_unanchored_regex_is_found_and_an_exact_comparison_is_clean() {
    let Some(bin) = nginx::binary("nginx look-alike test") else {
        return;
    };
    let nginx = nginx::start(&bin, "doctor-lookalikes", NGINX);
    let log = std::env::temp_dir()
        .join(format!(
            "doctor-lookalikes-nginx-{}-{}",
            std::process::id(),
            nginx.port
        ))
        .join("access.log");
    let count = || {
        std::fs::read_to_string(&log)
            .map(|l| l.lines().count())
            .unwrap_or(0)
    };
    let url = |path: &str| format!("http://127.0.0.1:{}{path}", nginx.port);
    let page = "https://files.example.net";
    let wrong = Case {
        name: "nginx if ($http_origin ~ \"files\\.example\\.net\")",
        url: url("/unanchored"),
        page,
        codes: &[LOOKALIKE, SUBDOMAIN, INSECURE],
        granted: &["suffix-appended", "insecure-twin"],
    };
    check(&wrong, &count);
    let right = Case {
        name: "nginx if ($http_origin = page)",
        url: url("/exact"),
        page,
        codes: &[],
        granted: &[],
    };
    check(&right, &count);
}

#[test]
fn tower_cors_with_a_subdomain_pattern_yields_only_trusts_any_subdomain() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let policy = CorsPolicy::builder()
        .allow_origin("https://*.example.com")
        .allow_credentials(true)
        .build()
        .unwrap();
    let app = Router::new()
        .route("/api", any(|| async { "secret" }))
        .layer(Cors::new(policy))
        .layer(axum::middleware::from_fn(
            move |req: axum::extract::Request, next: axum::middleware::Next| {
                counter.fetch_add(1, Ordering::SeqCst);
                next.run(req)
            },
        ));
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    runtime.spawn(async move { axum::serve(listener, app).await.unwrap() });
    let case = Case {
        name: "tower-cors allow_origin(\"https://*.example.com\")",
        url: format!("http://{addr}/api"),
        page: "https://app.example.com",
        codes: &[SUBDOMAIN],
        granted: &["sibling-subdomain", "prefix-glued"],
    };
    let run = check(&case, &|| hits.load(Ordering::SeqCst));
    let fix = run.json["findings"][0]["fix"].as_str().unwrap();
    assert!(
        fix.contains(".allow_origins(") && fix.contains("allow_origins"),
        "{fix}"
    );
    assert_eq!(run.code, 0, "a warning");
}

fn which(program: &str) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

/// The venv's python, or `None` after skipping (outside CI).
fn python(test: &str) -> Option<std::path::PathBuf> {
    if which("python3").is_none() {
        skip_or_fail(
            test,
            "python3 is not installed (`apt-get install python3-venv`)",
        );
        return None;
    }
    support::venv_python()
        .map_err(|why| skip_or_fail(test, &why))
        .ok()
}
