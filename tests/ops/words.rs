//! One set of words for people (issue 14, item 8): the word the CLI shows
//! for a ledger state is the report's status for it, so `submit`, `status`,
//! the report and the docs never disagree. The ledger keeps its keys.

use payrun::testing::ledger::State;
use payrun::testing::report::from_ledger::status_of;

#[test]
fn every_ledger_state_reads_as_its_report_status() {
    for s in State::ALL {
        match status_of(s, false) {
            Some(status) => assert_eq!(s.word(), status.label(), "{}", s.key()),
            None => assert_eq!(s, State::Superseded),
        }
    }
    assert_eq!(State::Planned.word(), "not sent");
    assert_eq!(State::Sending.word(), "unknown");
    // The keys in the ledger stay as they are: auditors' queries use them.
    assert_eq!(State::Planned.key(), "planned");
    assert_eq!(State::Sending.key(), "sending");
}
