//! `payrun config show` and `payrun config init`.

use crate::cli::{ConfigAction, ConfigArgs};
use crate::config::{self, Config};
use crate::error::Error;
use crate::exit;

pub(super) fn run(
    args: ConfigArgs,
    load: impl FnOnce() -> Result<Config, Error>,
) -> Result<i32, Error> {
    match args.action {
        ConfigAction::Show => {
            let cfg = load()?;
            let secret_env = config::env::value(config::secret::SECRET_ENV);
            print!("{}", config::render(&cfg, secret_env));
            Ok(exit::OK)
        }
        ConfigAction::Init { out } => {
            config::starter::write(&out).map_err(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    Error::Usage(format!(
                        "{}: already exists; payrun never overwrites a config file. Edit it, or pass --out NEW_PATH",
                        out.display()
                    ))
                } else {
                    super::helpers::unwritable(&out, "config file", &e)
                }
            })?;
            println!(
                "Wrote {}. Edit it, then check with: payrun --config {} config show",
                out.display(),
                out.display()
            );
            Ok(exit::OK)
        }
    }
}
