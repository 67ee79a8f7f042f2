//! The migrations that shipped, pinned to their bytes.

use super::MIGRATIONS;
use sha2::{Digest, Sha256};

/// SHA-256 of each migration's text as it shipped, in order. A ledger that
/// is already past a step never runs it again, so an edit there would make
/// a new ledger differ from an upgraded one without either noticing: a
/// change of the schema is a new migration, appended (and its digest here).
const SHIPPED: &[&str] = &[
    "06d1ac21d97032e71e2567460a78468942f9a084a91b411ff736d9c3e2136288", // 1 V1
    "d867b7e89544800a052e93b6fbb00aba93c038d1757dfd2390c64efcacc399e8", // 2 V2
    "9d6e6cf0d7f8d5844dbbda5f0f1cef38a5174096b4e333efeda3b6eb383bbe51", // 3 V3
    "817633a88a08cc437dd26ce15e91c661f9a9fc529f4ae15187590e94fae72ce5", // 4 STATEMENT_MATCHING
    "a0fc4de73dd665bd247526a430166d7c2916c028ea93f0a642327399c526204f", // 5 REFUSED_EVIDENCE
    "fdf756ec79a402d69ae074210593e5097285624de09430d8e8dda1ed378f60b3", // 6 SIGNED_APPROVALS
    "43e1a82f9eb49b763c0c56023f2fb37fa78ac3838a4df47885acbabf2d448407", // 7 REPEATS_ACROSS_LABELS
    "e8ef5c40e9f9e492ef1c0f4f0820832c56cc887d4617423e9c67834ab5e577df", // 8 FINAL_IS_FINAL
    "4372e6a4dedc8f988014f43eb7a0f6be0f8bc3d29183a5a9d2cdc6cb62710793", // 9 APPROVAL_VERDICTS
    "55de23076726fb301f599240d8e80ab8dcb7aae50a3e950854187432a55febaa", // 10 CALLBACK_COPIES
    "6215e4a977d40e1312f3afaccd995d98f185e5d3d5a9cc06d86d10ede044bd13", // 11 CONFLICT_REVIEWS
    "46dff3593fbbc00ff84e7c760078146742a211ebd99d4489aee887b809c301c0", // 12 STATEMENT_WITHDRAWALS
    "d3feba638cbd567fe4c436b27c2f2f5a7605b1eadf69b6ed471304b471d245d5", // 13 APPROVAL_SIGNER_LINES
    "7981938de48659d96ce379d09b05e75c3190518380a8e34cafa242903039b10c", // 14 CONFLICT_REVIEW_ACCOUNTS
    "9eb7bf5d1daf2f9af4d87acab732363f84f8397d5adf503157f07619a0b9cac4", // 15 MISSING_RUNS
    "32d1e74af076ee7e9cc1c361ff6d7391400a0c0637609a800a89742176011fbf", // 16 TRADE_NO_FORMS
];

#[test]
fn the_migrations_that_shipped_keep_their_bytes() {
    let now: Vec<String> = MIGRATIONS
        .iter()
        .map(|sql| crate::intake::hex(&Sha256::digest(sql.as_bytes())))
        .collect();
    for (i, (now, shipped)) in now.iter().zip(SHIPPED).enumerate() {
        assert_eq!(
            now,
            shipped,
            "migration {} changed after it shipped: append a new one instead",
            i + 1
        );
    }
    assert_eq!(
        now.len(),
        SHIPPED.len(),
        "a migration was added or removed: pin the new one's digest here ({now:#?})"
    );
}
