//! Maker-checker: with `require_approval = true`, submit pays only a sheet
//! whose exact payouts were approved under that batch label; above
//! `approval_threshold_taka`, by two different people.

use super::*;
use payrun::testing::ledger::Ledger;

/// A folder whose payrun.toml requires approval; two approvers above Tk 1,000.
fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "payrun.toml",
        "require_approval = true\napproval_threshold_taka = 1000\n",
    );
    dir
}

fn submit(d: &Path, sheet: &Path, batch: &str) -> Output {
    submit_with(d, sheet, batch, &[])
}

/// `submit` with `extra` flags (`--provider`, `--pay-despite`).
fn submit_with(d: &Path, sheet: &Path, batch: &str, extra: &[&str]) -> Output {
    run(payrun(d)
        .arg("submit")
        .arg(sheet)
        .args(["--batch", batch, "--sandbox"])
        .args(extra))
}

fn approve(d: &Path, sheet: &Path, batch: &str, by: &str) -> Output {
    approve_with(d, sheet, batch, by, &[])
}

fn approve_with(d: &Path, sheet: &Path, batch: &str, by: &str, extra: &[&str]) -> Output {
    run(payrun(d)
        .arg("approve")
        .arg(sheet)
        .args(["--batch", batch, "--by", by, "--sandbox"])
        .args(extra))
}

fn digest_of(d: &Path, sheet: &Path) -> String {
    let out = run(payrun(d).arg("check").arg(sheet).arg("--json"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["payouts_digest"].as_str().unwrap().to_string()
}

#[test]
fn a_sheet_without_approval_is_refused_with_its_digest_and_the_command() {
    let dir = setup();
    let d = dir.path();
    let s = sheet(d, "pay.csv", 2, 300);
    let digest = digest_of(d, &s);
    let out = submit(d, &s, "nov");
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains(&digest), "{err}");
    assert!(
        err.contains("payrun approve ") && err.contains("pay.csv --batch nov --sandbox --by NAME"),
        "{err}"
    );
    assert!(err.contains("Nothing was sent"), "{err}");
    // A dry run still shows the plan, and says a real run would be refused.
    let out =
        run(payrun(d)
            .arg("submit")
            .arg(&s)
            .args(["--batch", "nov", "--sandbox", "--dry-run"]));
    assert_eq!(code(&out), 2);
    assert!(
        stdout(&out).contains("would send 2 payouts"),
        "{}",
        stdout(&out)
    );
    assert!(
        stderr(&out).contains("a real run would be refused"),
        "{}",
        stderr(&out)
    );
    // Nothing was recorded as sent.
    let ledger = d.join("payrun-sandbox/ledger.sqlite");
    if ledger.exists() {
        let l = Ledger::open(&ledger).unwrap();
        assert!(l.batch("nov").unwrap().is_none());
    }
}

#[test]
fn an_approved_sheet_is_paid_and_the_approval_is_in_the_ledger() {
    let dir = setup();
    let d = dir.path();
    let s = sheet(d, "pay.csv", 2, 300);
    let out = approve(d, &s, "nov", "rahim");
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).contains("approved for submit"),
        "{}",
        stdout(&out)
    );
    let out = submit(d, &s, "nov");
    assert_eq!(code(&out), 0);
    let l = Ledger::open(&d.join("payrun-sandbox/ledger.sqlite")).unwrap();
    let a = l.approvals("nov", None).unwrap();
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].approver, "rahim");
    assert_eq!(a[0].digest, digest_of(d, &s));
    assert_eq!(a[0].total.poisha(), 60_000);
    // The approval is for that label only.
    assert_eq!(code(&submit(d, &s, "dec")), 2);
    // The report's summary lists it.
    let v = sandbox_json_report(d, "nov");
    let approvals = v["summary"]["approvals"].as_array().unwrap();
    assert_eq!(approvals.len(), 1, "{v}");
    assert_eq!(approvals[0]["by"], "rahim");
    let note = approvals[0]["note"].as_str().unwrap();
    assert!(
        note.contains(&a[0].digest) && note.contains("the content submitted"),
        "{note}"
    );
    let out = run(payrun(d).args([
        "report",
        "--batch",
        "nov",
        "--out",
        "nov.csv",
        "--ledger",
        "payrun-sandbox/ledger.sqlite",
    ]));
    assert_eq!(code(&out), 0);
    let summary = std::fs::read_to_string(d.join("nov.summary.csv")).unwrap();
    assert!(summary.contains("rahim (unsigned)"), "{summary}");
    let approvals = std::fs::read_to_string(d.join("nov.approvals.csv")).unwrap();
    assert!(approvals.contains("approve,rahim,unsigned"), "{approvals}");
    let out = run(payrun(d).args([
        "status",
        "--batch",
        "nov",
        "--ledger",
        "payrun-sandbox/ledger.sqlite",
    ]));
    assert!(
        stdout(&out).contains("approved by rahim (unsigned)"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn changing_one_cell_voids_the_approval() {
    let dir = setup();
    let d = dir.path();
    let s = sheet(d, "pay.csv", 2, 300);
    assert_eq!(code(&approve(d, &s, "nov", "rahim")), 0);
    let text = std::fs::read_to_string(&s).unwrap();
    std::fs::write(&s, text.replacen(",300\n", ",301\n", 1)).unwrap();
    let out = submit(d, &s, "nov");
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("different content"), "{err}");
    assert!(err.contains("rahim"), "{err}");
    // Reordering rows is not a change of content.
    let lines: Vec<&str> = text.lines().collect();
    std::fs::write(&s, format!("{}\n{}\n{}\n", lines[0], lines[2], lines[1])).unwrap();
    assert_eq!(code(&submit(d, &s, "nov")), 0);
}

#[test]
fn above_the_threshold_two_different_people_must_approve() {
    let dir = setup();
    let d = dir.path();
    let s = sheet(d, "big.csv", 3, 500); // Tk 1,500 > Tk 1,000
    assert_eq!(code(&approve(d, &s, "nov", "Rahim")), 0);
    let out = submit(d, &s, "nov");
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("2 approvals by different people"),
        "{}",
        stderr(&out)
    );
    // The same person again (however typed) does not count twice.
    let out = approve(d, &s, "nov", " rahim ");
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).contains("Already recorded"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("1 of 2"), "{}", stdout(&out));
    assert_eq!(code(&submit(d, &s, "nov")), 2);
    assert_eq!(code(&approve(d, &s, "nov", "karim")), 0);
    assert_eq!(code(&submit(d, &s, "nov")), 0);
    // Under the threshold one approver is enough. (Other payees: the same
    // ones paid under 'nov' minutes ago would be held as repeats.)
    let small = write(
        d,
        "small.csv",
        "reference,name,provider,wallet,amount\nD-1,A,bkash,01800000143,500\nD-2,B,bkash,01800000243,500\n",
    ); // Tk 1,000, not above
    assert_eq!(code(&approve(d, &small, "dec", "rahim")), 0);
    assert_eq!(code(&submit(d, &small, "dec")), 0);
}

/// One person's name typed again with other spacing, a no-break space, an
/// invisible character or fullwidth letters (each looks the same on screen)
/// is still one approver: a careless re-approval, or a dishonest one, must
/// not make two people.
#[test]
fn one_name_typed_differently_is_still_one_approver() {
    let dir = setup();
    let d = dir.path();
    let s = sheet(d, "big.csv", 3, 500); // Tk 1,500 > Tk 1,000: two approvers
    assert_eq!(code(&approve(d, &s, "nov", "Rahim Uddin")), 0);
    for same in [
        "rahim  uddin",
        "Rahim\u{a0}Uddin",
        "Rahim Uddin\u{200b}",
        "Rahim\u{2060}Uddin",
        "\u{ff32}ahim Uddin",
    ] {
        assert_eq!(code(&approve(d, &s, "nov", same)), 0, "{same:?}");
        let out = submit(d, &s, "nov");
        assert_eq!(code(&out), 2, "{same:?} counted as a second approver");
        assert!(
            stderr(&out).contains("needs 2 approvals"),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(code(&approve(d, &s, "nov", "Karim")), 0);
    assert_eq!(code(&submit(d, &s, "nov")), 0);
}

#[test]
fn approve_refuses_an_invalid_sheet_and_an_empty_name() {
    let dir = setup();
    let d = dir.path();
    let s = write(d, "bad.csv", "provider,wallet,amount\nbkash,0171234,500\n");
    let out = approve(d, &s, "nov", "rahim");
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("Nothing was approved"),
        "{}",
        stderr(&out)
    );
    let good = sheet(d, "pay.csv", 1, 100);
    assert_eq!(code(&approve(d, &good, "nov", "  ")), 2);
}

/// `--provider` is part of what is approved: an approval of the sheet read
/// without it does not cover a submit with it (nor the reverse), and
/// `approve` and `submit` both take it.
#[test]
fn an_approval_without_provider_does_not_cover_a_submit_with_it() {
    let dir = setup();
    let d = dir.path();
    // The header names the provider, so the sheet reads with or without
    // the flag, to the same payouts.
    let s = write(
        d,
        "bk.csv",
        "reference,name,bKash Number,amount\nEMP-1,A,01712345642,300\nEMP-2,B,01812345642,400\n",
    );
    const PROVIDER: &[&str] = &["--provider", "bkash"];
    let digest = |flag: bool| {
        let mut c = payrun(d);
        c.arg("check").arg(&s).arg("--json");
        if flag {
            c.args(PROVIDER);
        }
        let v: serde_json::Value = serde_json::from_slice(&run(&mut c).stdout).unwrap();
        v["payouts_digest"].as_str().unwrap().to_string()
    };
    assert_ne!(digest(false), digest(true), "--provider is in the digest");
    assert_eq!(code(&approve(d, &s, "nov", "rahim")), 0);
    let out = submit_with(d, &s, "nov", PROVIDER);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("different content"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("bk.csv --provider bkash --batch nov --sandbox --by NAME"),
        "the command to run says --provider: {}",
        stderr(&out)
    );
    // Approved with the flag, submitted with the flag: paid.
    assert_eq!(code(&approve_with(d, &s, "nov", "rahim", PROVIDER)), 0);
    assert_eq!(code(&submit_with(d, &s, "nov", PROVIDER)), 0);
}

/// A row the sheet marks `Cancelled` is refused by `approve` as by `check`;
/// `--pay-despite` is part of what is approved: the commands payrun suggests
/// give it, a submit without it refuses the row, and one with it is paid.
#[test]
fn a_row_marked_not_to_pay_needs_pay_despite_on_approve_and_submit_alike() {
    const DESPITE: &[&str] = &["--pay-despite", "Status"];
    let dir = setup();
    let d = dir.path();
    let s = write(
        d,
        "st.csv",
        "Reference,Wallet,Provider,Amount,Status\nE-1,01712300142,bKash,400,Active\nE-2,01712300242,bKash,500,Cancelled\n",
    );
    let out = approve(d, &s, "nov", "rahim");
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("row 3, column \"Status\": \"Cancelled\""),
        "{}",
        stderr(&out)
    );
    // Not approved yet: the command to run gives the flag.
    let out = submit_with(d, &s, "nov", DESPITE);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("st.csv --pay-despite Status --batch nov --sandbox --by NAME"),
        "{}",
        stderr(&out)
    );
    assert_eq!(code(&approve_with(d, &s, "nov", "rahim", DESPITE)), 0);
    // Without the flag the Cancelled row is refused, whatever was approved.
    let out = submit(d, &s, "nov");
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("\"Cancelled\""), "{}", stderr(&out));
    assert_eq!(code(&submit_with(d, &s, "nov", DESPITE)), 0);
}

/// The words of a command as a POSIX shell splits them (single quotes and
/// `'\''` only: what payrun's suggestions use).
fn shell_split(line: &str) -> Vec<String> {
    let (mut words, mut word, mut quoted, mut any) = (Vec::new(), String::new(), false, false);
    for c in line.chars() {
        match c {
            '\'' => (quoted, any) = (!quoted, true),
            ' ' if !quoted => {
                if any {
                    words.push(std::mem::take(&mut word));
                }
                any = false;
            }
            c => (word, any) = (word + &c.to_string(), true),
        }
    }
    if any {
        words.push(word);
    }
    words
}

#[test]
fn the_approve_command_submit_suggests_reads_the_sheet_as_submit_did() {
    // Every flag that changes which payouts a sheet holds: a column chosen
    // by --map, the row count expected, invalid rows skipped.
    let flags = [
        "--map",
        "amount=Net Pay",
        "--expect-rows",
        "3",
        "--skip-invalid",
    ];
    let dir = setup();
    let d = dir.path();
    let s = write(
        d,
        "map.csv",
        "Reference,Wallet,Provider,Amount,Net Pay\nE-1,01712300142,bKash,400,300\nE-2,01712300242,bKash,500,450\nE-3,0171230,bKash,500,450\n",
    );
    let out = submit_with(d, &s, "nov", &flags);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let said = stderr(&out);
    let line = said
        .lines()
        .find(|l| l.trim_start().starts_with("payrun approve"))
        .unwrap_or_else(|| panic!("no approve command in:\n{said}"));
    let words = shell_split(&line.replace("NAME", "rahim"));
    let approved = run(payrun(d).args(&words[1..]));
    assert_eq!(code(&approved), 0, "{line}\n{}", stderr(&approved));
    let out = submit_with(d, &s, "nov", &flags);
    // 1: row 4 (a short wallet) is skipped as invalid; the rest is paid.
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stdout(&out).contains("Tk 750.00"), "{}", stdout(&out));
}

/// An approval given after the content was sent did not approve sending
/// it: once every payout of the sheet has left, `approve` refuses (exit 2)
/// and records nothing, so no report can show it as a prior approval.
#[test]
fn an_approval_after_every_payout_was_sent_is_refused_and_not_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = sheet(d, "pay.csv", 2, 300);
    assert_eq!(code(&submit(d, &s, "nov")), 0);
    let out = approve(d, &s, "nov", "rahim");
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("already sent"), "{err}");
    assert!(err.contains("Nothing was recorded"), "{err}");
    let l = Ledger::open(&d.join("payrun-sandbox/ledger.sqlite")).unwrap();
    assert!(l.approvals("nov", None).unwrap().is_empty());
}
