//! What the gateway says, as payrun repeats it to a person.

use super::scripted::{BALANCE, Run, Scripted, json, rich_balance};

/// A gateway's message is text from the network: repeated on a terminal, an
/// escape sequence in it recolours or rewrites the screen, and a line break
/// starts a line that reads as payrun's own ("Paid: 1 of 1").
#[test]
fn a_gateway_message_cannot_write_its_own_lines_or_escapes() {
    let msg = r#"sign error\u001b[2K\rDone: every payout paid\nPaid: 1 of 1\u009b31m"#;
    let gw = Scripted::start(move |c| match c.path.as_str() {
        BALANCE => rich_balance(),
        _ => json(format!(r#"{{"code":"1002","msg":"{msg}"}}"#)),
    });
    let run = Run::new(&gw.url);
    let (code, out) = run.submit("esc", &[("E-1", "01712345642", 300)]);
    assert_eq!(code, 3, "{out}");
    assert!(!out.contains('\u{1b}'), "{out:?}");
    assert!(!out.contains('\u{9b}'), "{out:?}");
    assert!(!out.lines().any(|l| l.starts_with("Paid: 1 of 1")), "{out}");
}
