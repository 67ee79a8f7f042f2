//! `payrun sandbox`. PLACEHOLDER: its issue fills this in.

use crate::cli::SandboxArgs;
use crate::error::Error;

pub fn run(_args: SandboxArgs) -> Result<i32, Error> {
    Err(Error::Usage("sandbox is not implemented yet".to_string()))
}
