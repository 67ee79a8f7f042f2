//! Identical refusals no code table maps, in a row. Such a refusal may
//! have placed an order for all payrun knows, so each payout is asked
//! about and, "not found" past the grace period, sent again with the same
//! tradeNo. When the refusal is the merchant's ("3005 Insufficient
//! merchant balance"), every row would be sent `max_attempts` times and
//! refused each time: so, as a systemic refusal does, the same unmapped
//! code [`UNMAPPED_IN_A_ROW`] times in a row on payout requests stops the
//! run (probe11 finding 3). A row-specific code halts a run needlessly
//! only when it refuses that many answers in a row; nothing is lost, and
//! the message names the setting that maps the code.

use crate::codes::RejectClass;
use crate::gateway::Outcome;

/// Payout requests in a row refused with the same unmapped outer code
/// before the run stops.
pub const UNMAPPED_IN_A_ROW: u32 = 3;

/// The latest unmapped refusal and how many answers in a row were it.
#[derive(Debug, Default)]
pub struct Streak {
    code: String,
    msg: String,
    count: u32,
}

impl Streak {
    /// Counts a payout request's answer in: any other answer ends the
    /// streak. The halt's reason once it reaches [`UNMAPPED_IN_A_ROW`].
    pub fn heard(&mut self, outcome: &Outcome) -> Option<String> {
        let Outcome::Rejected {
            class: RejectClass::Unknown,
            code,
            msg,
        } = outcome
        else {
            self.count = 0;
            return None;
        };
        if self.count > 0 && self.code == *code {
            self.count += 1;
        } else {
            *self = Streak {
                code: code.clone(),
                msg: msg.clone(),
                count: 1,
            };
        }
        (self.count >= UNMAPPED_IN_A_ROW).then(|| {
            format!(
                "the gateway refused {n} payout requests in a row with outer code {code} ({msg}), \
                 which no code table maps: a refusal of the merchant (a short balance, its set-up) \
                 would refuse every row, so payrun stops rather than send each row again. If the \
                 gateway documents {code}, map it under [code_classes] in payrun.toml \
                 (\"{code}\" = \"systemic\" for a refusal of the merchant, \"invalid_row\" for one \
                 of the row's data)",
                n = self.count,
                code = self.code,
                msg = self.msg
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(code: &str) -> Outcome {
        Outcome::Rejected {
            class: RejectClass::Unknown,
            code: code.to_string(),
            msg: "m".to_string(),
        }
    }

    #[test]
    fn only_the_same_unmapped_code_in_a_row_stops() {
        let mut s = Streak::default();
        assert_eq!(s.heard(&refused("3005")), None);
        assert_eq!(s.heard(&refused("3005")), None);
        assert!(
            s.heard(&refused("3005"))
                .is_some_and(|w| w.contains("3005"))
        );
        let mut s = Streak::default();
        let other = Outcome::Unknown {
            reason: "timeout".to_string(),
            throttled: false,
        };
        for o in [
            refused("3005"),
            refused("3005"),
            other,
            refused("3005"),
            refused("3006"),
        ] {
            assert_eq!(s.heard(&o), None);
        }
        let mapped = Outcome::Rejected {
            class: RejectClass::Duplicate,
            code: "3005".to_string(),
            msg: "m".to_string(),
        };
        for _ in 0..5 {
            assert_eq!(s.heard(&mapped), None);
        }
    }
}
