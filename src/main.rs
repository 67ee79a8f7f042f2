//! The `payrun` binary: parse the command line, hand off to the library, and
//! turn its result into an exit code. Everything else lives in the library so
//! that tests can drive it directly.

use clap::Parser;

fn main() {
    let cli = payrun::cli::Cli::parse();
    let code = match payrun::cmd::run(cli) {
        Ok(code) => code,
        Err(err) => {
            let code = err.exit_code();
            // `anyhow` renders the whole cause chain on one screen.
            eprintln!("error: {:#}", anyhow::Error::new(err));
            code
        }
    };
    std::process::exit(code);
}
