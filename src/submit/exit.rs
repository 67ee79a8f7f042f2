//! What a `submit` run's exit code says (documented in docs/operations.md).

use crate::engine::Halt;
use crate::exit;
use crate::ledger::State;
use std::collections::HashMap;

/// 3 on a systemic stop; 1 if anything of this run is not paid or
/// processing (or conflicts), or if rows of the sheet were `skipped`
/// (invalid or refused, recorded instead of paid: exit 0 means every row of
/// the sheet the user asked to pay is paid or processing); 0 otherwise.
pub fn exit_code(
    halt: Option<&Halt>,
    states: &HashMap<i64, State>,
    conflicts: u64,
    skipped: usize,
) -> i32 {
    match halt {
        Some(Halt::Systemic(_)) => return exit::SYSTEMIC,
        Some(_) => return exit::INCOMPLETE,
        None => {}
    }
    let unfinished = states
        .values()
        .any(|s| !matches!(s, State::Paid | State::Processing | State::Superseded));
    if unfinished || conflicts > 0 || skipped > 0 {
        exit::INCOMPLETE
    } else {
        exit::OK
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_systemic_stop_is_3_anything_unfinished_1_else_0() {
        let paid: HashMap<i64, State> = [(1, State::Paid), (2, State::Processing)].into();
        assert_eq!(exit_code(None, &paid, 0, 0), exit::OK);
        assert_eq!(exit_code(None, &paid, 1, 0), exit::INCOMPLETE, "a conflict");
        let open: HashMap<i64, State> = [(1, State::Paid), (2, State::Unknown)].into();
        assert_eq!(exit_code(None, &open, 0, 0), exit::INCOMPLETE);
        let systemic = Halt::Systemic("1002".to_string());
        assert_eq!(exit_code(Some(&systemic), &paid, 0, 0), exit::SYSTEMIC);
        assert_eq!(
            exit_code(Some(&Halt::Interrupted), &paid, 0, 0),
            exit::INCOMPLETE
        );
        assert_eq!(
            exit_code(None, &paid, 0, 1),
            exit::INCOMPLETE,
            "a row skipped as invalid"
        );
        assert_eq!(
            exit_code(Some(&systemic), &paid, 0, 1),
            exit::SYSTEMIC,
            "a systemic stop says more than a skipped row"
        );
    }
}
