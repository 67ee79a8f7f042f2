//! `payrun check`. PLACEHOLDER: issue #2 fills this in.

use crate::cli::CheckArgs;
use crate::error::Error;

pub fn run(args: CheckArgs) -> Result<i32, Error> {
    Err(Error::Usage(format!(
        "{}: check is not implemented yet",
        args.sheet.display()
    )))
}
