//! `payrun submit`. PLACEHOLDER: its issue fills this in.

use crate::cli::SubmitArgs;
use crate::error::Error;

pub fn run(_args: SubmitArgs) -> Result<i32, Error> {
    Err(Error::Usage("submit is not implemented yet".to_string()))
}
