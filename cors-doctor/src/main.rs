//! The `cors-doctor` command. Exit status: 0 a browser would allow the request and nothing
//! insecure was found, 1 a browser would block it, 2 a usage or network error, 3 a security
//! finding (whatever the verdict). With `--urls`, the worst of the URLs' (3 worst, then 2, 1).

use std::process::ExitCode;

use cors_doctor::{Options, args, batch, html};

fn main() -> ExitCode {
    let options = match Options::parse(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("cors-doctor: {message}\n{}", args::USAGE);
            return ExitCode::from(2);
        }
    };
    let urls = match &options.urls_file {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => args::url_lines(&text),
            Err(e) => {
                eprintln!("cors-doctor: {}: {e}", path.display());
                return ExitCode::from(2);
            }
        },
        None => vec![options.url.clone()],
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("cors-doctor: {e}");
            return ExitCode::from(2);
        }
    };
    let checked = runtime.block_on(batch::check_all(&options, &urls));
    if let Some(path) = &options.html {
        if let Err(e) = std::fs::write(path, html::page(&checked)) {
            eprintln!("cors-doctor: {}: {e}", path.display());
            return ExitCode::from(2);
        }
    }
    match (&options.urls_file, checked.first()) {
        (None, Some((_, Err(message)))) => {
            eprintln!("cors-doctor: {message}");
            return ExitCode::from(2);
        }
        (None, Some((_, Ok(report)))) if options.json => {
            println!("{}", cors_doctor::report::json(report));
        }
        (None, Some((_, Ok(report)))) => print!("{}", cors_doctor::report::text(report)),
        _ if options.json => println!("{}", batch::json(&checked)),
        _ => print!("{}", batch::text(&checked)),
    }
    ExitCode::from(batch::exit_code(&checked))
}
