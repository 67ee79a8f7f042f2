//! When a conditional format applies, read from what each format writes:
//! an `.xlsx` `cfRule` (its type, operator, text and formulas), an `.xls`
//! CF record's operator and constants, an `.ods` `calcext:value`.
//!
//! Separate from [`super`], which looks the rules up against the cells:
//! this only turns each format's words into one [`When`], and takes what
//! it cannot read plainly as [`When::Always`].

use super::{Op, Operand, TextTest, When, split_outside};

impl Op {
    /// An `.xlsx` `operator` (ST_ConditionalFormattingOperator).
    pub(super) fn xlsx(name: &str) -> Option<Op> {
        Some(match name {
            "lessThan" => Op::Lt,
            "lessThanOrEqual" => Op::Le,
            "equal" => Op::Eq,
            "notEqual" => Op::Ne,
            "greaterThanOrEqual" => Op::Ge,
            "greaterThan" => Op::Gt,
            "between" => Op::Between,
            "notBetween" => Op::NotBetween,
            _ => return None,
        })
    }
}

/// A formula that is a constant: a number (`9000`, `-1.5`) or a quoted
/// text (`"skip"`, with `""` for a quote). Anything else (a reference, a
/// function) is `None`.
pub(in crate::intake) fn constant(formula: &str) -> Option<Operand> {
    let f = formula.trim().trim_start_matches('=').trim();
    if let Some(inner) = f.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        if inner.replace("\"\"", "").contains('"') {
            return None;
        }
        return Some(Operand::Text(inner.replace("\"\"", "\"")));
    }
    f.parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
        .map(Operand::Number)
}

/// `when` from an `.xlsx` `cfRule`: its `type`, `operator`, `text` and
/// `<formula>`s.
pub(in crate::intake) fn xlsx_when(
    kind: &str,
    operator: Option<&str>,
    text: Option<&str>,
    formulas: &[String],
) -> When {
    let test = |t: TextTest| text.map_or(When::Always, |s| When::Text(t, s.to_string()));
    match kind {
        "cellIs" => compare(operator.and_then(Op::xlsx), formulas),
        "containsText" => test(TextTest::Contains),
        "notContainsText" => test(TextTest::NotContains),
        "beginsWith" => test(TextTest::Begins),
        "endsWith" => test(TextTest::Ends),
        "containsBlanks" => When::Blanks,
        "containsErrors" => When::Errors(true),
        "notContainsErrors" => When::Errors(false),
        _ => When::Always,
    }
}

fn compare(op: Option<Op>, formulas: &[String]) -> When {
    let a = formulas.first().and_then(|f| constant(f));
    let b = formulas.get(1).and_then(|f| constant(f));
    compare_with(op, a, b)
}

/// A comparison with one or two constants (two for `between`); any other
/// operand payrun could not read makes it [`When::Always`].
pub(in crate::intake) fn compare_with(
    op: Option<Op>,
    a: Option<Operand>,
    b: Option<Operand>,
) -> When {
    let Some(op) = op else {
        return When::Always;
    };
    match (op, a, b) {
        (Op::Between | Op::NotBetween, Some(a), Some(b)) => When::Compare(op, a, Some(b)),
        (Op::Between | Op::NotBetween, ..) => When::Always,
        (_, Some(a), _) => When::Compare(op, a, None),
        _ => When::Always,
    }
}

/// `when` from an `.ods` condition, as LibreOffice writes
/// `calcext:value` (`>=9000`, `=0`, `!="x"`, `between(1,5)`,
/// `contains-text("x")`, `is-error`, ...).
pub(in crate::intake) fn odf_when(value: &str) -> When {
    let v = value.trim();
    let args = |name: &str| -> Option<Vec<String>> {
        let inner = v.strip_prefix(name)?.strip_prefix('(')?.strip_suffix(')')?;
        Some(split_args(inner))
    };
    for (name, t) in [
        ("contains-text", TextTest::Contains),
        ("not-contains-text", TextTest::NotContains),
        ("begins-with", TextTest::Begins),
        ("ends-with", TextTest::Ends),
    ] {
        if let Some(a) = args(name) {
            return match a.first().and_then(|s| constant(s)) {
                Some(Operand::Text(s)) => When::Text(t, s),
                _ => When::Always,
            };
        }
    }
    if let Some(a) = args("between") {
        return compare(Some(Op::Between), &a);
    }
    if let Some(a) = args("not-between") {
        return compare(Some(Op::NotBetween), &a);
    }
    match v {
        "is-error" => return When::Errors(true),
        "is-no-error" => return When::Errors(false),
        _ => {}
    }
    for (prefix, op) in [
        ("<=", Op::Le),
        (">=", Op::Ge),
        ("!=", Op::Ne),
        ("<>", Op::Ne),
        ("=", Op::Eq),
        ("<", Op::Lt),
        (">", Op::Gt),
    ] {
        if let Some(rest) = v.strip_prefix(prefix) {
            return compare(Some(op), &[rest.to_string()]);
        }
    }
    When::Always
}

/// The arguments of `f(a,b)` (or `f(a;b)`), split outside double quotes.
fn split_args(inner: &str) -> Vec<String> {
    split_outside(inner, '"', &[',', ';'])
}
