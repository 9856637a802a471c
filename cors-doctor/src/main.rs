//! The `cors-doctor` command. Exit status: 0 a browser would allow the request and nothing
//! insecure was found, 1 a browser would block it, 2 a usage or network error, 3 allowed but a
//! security finding.

use std::process::ExitCode;

use cors_doctor::{Options, diagnose, report};

fn main() -> ExitCode {
    let options = match Options::parse(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("cors-doctor: {message}\n{}", cors_doctor::args::USAGE);
            return ExitCode::from(2);
        }
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
    match runtime.block_on(diagnose(&options)) {
        Ok(report) => {
            if options.json {
                println!("{}", report::json(&report));
            } else {
                print!("{}", report::text(&report));
            }
            ExitCode::from(report.exit_code())
        }
        Err(message) => {
            eprintln!("cors-doctor: {message}");
            ExitCode::from(2)
        }
    }
}
