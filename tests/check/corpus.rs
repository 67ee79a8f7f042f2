//! The corpus: sheets written by LibreOffice itself (tests/fixtures/sheets,
//! made by regenerate.py there from exact sources), and by other writers
//! (tests/fixtures/writers: xlwt, and openpyxl writing what Excel writes).
//! Every row of every fixture has its verdict here, read from the
//! row-by-row report the real binary writes, and the rows listed are all the
//! data rows there are.

use super::*;

#[derive(Debug, Clone, Copy)]
pub(super) enum V {
    /// Paid as it is.
    Paid,
    /// Paid, with a warning containing this.
    Warned(&'static str),
    /// Refused for this reason.
    Invalid(&'static str),
    /// Refused because the row is hidden in the workbook.
    Hidden,
}

/// The workbook saves of a fixture made by a script from an openpyxl source
/// (`suites.py`): LibreOffice's and Gnumeric's.
pub(super) const SAVES: [&str; 6] = [
    "xlsx",
    "xls",
    "ods",
    "gnumeric.xlsx",
    "gnumeric.xls",
    "gnumeric.ods",
];

pub(super) struct Run {
    pub(super) code: i32,
    /// stdout and stderr.
    pub(super) all: String,
    pub(super) json: Option<serde_json::Value>,
    /// row -> (status, issues), from the report.
    pub(super) rows: Vec<(usize, String, String)>,
}

pub(super) fn run(file: &str, args: &[&str]) -> Run {
    let dir = tmp();
    // A bare name is in sheets/, `writers/x` under fixtures, `/abs` as is.
    let dir_of = if file.contains('/') { "" } else { "sheets" };
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir_of)
        .join(file);
    let report = dir.path().join("rows.csv");
    let out = payrun(dir.path())
        .arg("check")
        .arg(&path)
        .arg("--json")
        .arg("--report")
        .arg(&report)
        .args(args)
        .output()
        .unwrap();
    let mut rows = Vec::new();
    if let Ok(mut r) = csv::Reader::from_path(&report) {
        let h = r.headers().unwrap().clone();
        let col = |name: &str| h.iter().position(|c| c == name).unwrap();
        let (row, status, issues) = (col("row"), col("status"), col("issues"));
        for rec in r.records() {
            let rec = rec.unwrap();
            rows.push((
                rec[row].parse().unwrap(),
                rec[status].to_string(),
                rec[issues].to_string(),
            ));
        }
    }
    Run {
        code: out.status.code().unwrap_or(-1),
        all: all_of(&out),
        json: serde_json::from_slice(&out.stdout).ok(),
        rows,
    }
}

/// Runs `file` and checks the exit code and every row's verdict.
pub(super) fn verdicts(file: &str, args: &[&str], code: i32, want: &[(usize, V)]) -> Run {
    let r = run(file, args);
    assert_eq!(r.code, code, "{file} {args:?}:\n{}", r.all);
    assert!(!r.all.contains("panicked"), "{}", r.all);
    let got: Vec<usize> = r.rows.iter().map(|(n, _, _)| *n).collect();
    let wanted: Vec<usize> = want.iter().map(|(n, _)| *n).collect();
    assert_eq!(got, wanted, "{file}: the data rows read");
    for ((n, status, issues), (_, v)) in r.rows.iter().zip(want) {
        let ok = match v {
            V::Paid => status == "ok" && issues.is_empty(),
            V::Warned(w) => status == "warning" && issues.contains(w),
            V::Invalid(why) => {
                status == "invalid" && issues.contains(why) && !issues.contains("is hidden")
            }
            V::Hidden => status == "invalid" && issues.contains("is hidden in the workbook"),
        };
        assert!(ok, "{file} row {n}: want {v:?}, got {status} {issues:?}");
    }
    r
}

pub(super) fn total(r: &Run) -> Option<i64> {
    r.json.as_ref().and_then(|v| v["total_poisha"].as_i64())
}

/// Naming a hidden Amount column with `--map` is a decision: its three rows
/// are read (`poisha` in all), with a note that says so.
fn read_when_mapped(file: &str, poisha: i64) {
    let rows = [(2, Paid), (3, Paid), (4, Paid)];
    let r = verdicts(file, &["--map", "amount=Amount"], 0, &rows);
    assert_eq!(total(&r), Some(poisha), "{file}");
    assert!(
        r.all
            .contains("which is hidden in the workbook, because --map names it"),
        "{file}: {}",
        r.all
    );
}

/// The verdicts of data rows `rows` when those in `unseen` show nothing in
/// the workbook and the others are paid.
pub(super) fn unseen_among(
    rows: std::ops::RangeInclusive<usize>,
    unseen: &[usize],
) -> Vec<(usize, V)> {
    rows.map(|n| match unseen.contains(&n) {
        true => (n, Invalid("nothing in the workbook")),
        false => (n, Paid),
    })
    .collect()
}

/// A sheet refused until told: exit 2 with `want` row by row and `error`
/// among its batch errors; with `--include-hidden-rows`, every row paid,
/// `poisha` in all.
pub(super) fn refused_until_told(file: &str, want: &[(usize, V)], error: &str, poisha: i64) {
    refused_until_told_with(file, &[], want, error, poisha);
}

/// [`refused_until_told`], each run given `args` too.
pub(super) fn refused_until_told_with(
    file: &str,
    args: &[&str],
    want: &[(usize, V)],
    error: &str,
    poisha: i64,
) {
    let r = verdicts(file, args, 2, want);
    assert!(batch_errors(&r).contains(error), "{file}: {}", r.all);
    let all_paid: Vec<(usize, V)> = want.iter().map(|(n, _)| (*n, Paid)).collect();
    let told: Vec<&str> = args
        .iter()
        .copied()
        .chain(["--include-hidden-rows"])
        .collect();
    let r = verdicts(file, &told, 0, &all_paid);
    assert_eq!(total(&r), Some(poisha), "{file}");
}

pub(super) fn batch_errors(r: &Run) -> String {
    r.json
        .as_ref()
        .map_or(String::new(), |v| v["batch_errors"].to_string())
}

use V::{Hidden, Invalid, Paid, Warned};

/// Rows hidden by hand (5), in a closed outline group (7, 8) and by a
/// standard filter (11); row 10 was given a height of 0, which LibreOffice
/// does not keep, so it is visible in every file.
const HIDDEN_ROWS: [(usize, V); 9] = [
    (4, Paid),
    (5, Hidden),
    (6, Paid),
    (7, Hidden),
    (8, Hidden),
    (9, Paid),
    (10, Paid),
    (11, Hidden),
    (12, Paid),
];

#[test]
fn hidden_rows_in_every_workbook_format_are_refused_row_by_row() {
    for file in ["hidden-rows.xlsx", "hidden-rows.xls", "hidden-rows.ods"] {
        refused_until_told(
            file,
            &HIDDEN_ROWS,
            "4 rows are hidden in the workbook but would be paid (rows 5, 7, 8, 11)",
            1_260_000,
        );
    }
    // The CSV LibreOffice saved from the same sheet has no hidden rows: every
    // row is in it, and read (UTF-8 with a byte-order mark, semicolons).
    let all_paid: Vec<(usize, V)> = HIDDEN_ROWS.iter().map(|(n, _)| (*n, Paid)).collect();
    let r = verdicts("hidden-rows.semicolon.csv", &[], 0, &all_paid);
    assert!(r.all.contains("semicolon-separated") && r.all.contains("byte-order mark"));
}

/// Rows dragged nearly shut (1.4 and 2.8 points high: a line on screen, no
/// wallet or amount a person could read) are hidden as surely as rows marked
/// hidden; a low row that still shows its text (8.5 points) is read. Saved
/// by LibreOffice in each format (`low_rows.py`): `.xlsx` heights in points,
/// `.xls` in twips, `.ods` in inches.
#[test]
fn rows_too_low_to_read_are_refused_like_hidden_rows() {
    let want = [(2, Paid), (3, Hidden), (4, Hidden), (5, Paid), (6, Paid)];
    for file in ["low-rows.xlsx", "low-rows.xls", "low-rows.ods"] {
        refused_until_told(
            file,
            &want,
            "2 rows are hidden in the workbook but would be paid (rows 3, 4)",
            3_500_000,
        );
    }
}

#[test]
fn a_hidden_amount_column_beside_net_pay_is_never_read_silently() {
    for file in [
        "hidden-amount-column.xlsx",
        "hidden-amount-column.xls",
        "hidden-amount-column.ods",
    ] {
        // Refused: the hidden Amount may be last month's figures.
        let r = run(file, &[]);
        assert_eq!(r.code, 2, "{file}: {}", r.all);
        // (Refused for the hidden column; with two candidate amounts, also
        // for the choice, which the user settles with --map.)
        assert!(
            r.all.contains("Amount") && (r.all.contains("hidden") || r.all.contains("Net Pay")),
            "{file}: {}",
            r.all
        );
        let rows = [(2, Paid), (3, Paid), (4, Paid)];
        let r = verdicts(file, &["--map", "amount=Net Pay"], 0, &rows);
        assert_eq!(total(&r), Some(300_600), "{file}");
        // Naming the hidden column is a decision: read, with a note.
        read_when_mapped(file, 600_600);
    }
    let rows = [(2, Paid), (3, Paid), (4, Paid)];
    let r = verdicts(
        "hidden-amount-column.semicolon.csv",
        &["--map", "amount=Net Pay"],
        0,
        &rows,
    );
    assert_eq!(total(&r), Some(300_600));
}

#[test]
fn formulas_booleans_errors_and_number_wallets_read_alike_in_every_format() {
    let workbook = [
        (3, Paid),
        (4, Invalid("\"TRUE\" is not an amount")),
        (5, Invalid("\"#DIV/0!\" is a formula error")),
        (6, Invalid("\"#N/A\" is a formula error")),
        (7, Paid),
        (8, Warned("\"1712345006\" lost its leading zero")),
    ];
    for file in ["cells.xlsx", "cells.xls", "cells.ods"] {
        let r = verdicts(file, &[], 2, &workbook);
        assert_eq!(total(&r), Some(470_000), "{file}");
        assert!(
            r.all.contains("header_row\": 2"),
            "{file}: the merged title is above the header"
        );
    }
    // Saved as CSV, cells hold what they showed: the error's text, and the
    // wallet with its leading zero.
    let csv = [
        (3, Paid),
        (4, Invalid("\"TRUE\" is not an amount")),
        (5, Invalid("\"#DIV/0!\" is not an amount")),
        (6, Invalid("\"#N/A\" is not an amount")),
        (7, Paid),
        (8, Paid),
    ];
    let r = verdicts("cells.semicolon.csv", &[], 2, &csv);
    assert_eq!(total(&r), Some(470_000));
}

#[test]
fn libreoffice_html_saved_as_xls_is_refused_as_a_web_page() {
    let r = run("cells.html.xls", &[]);
    assert_eq!(r.code, 2, "{}", r.all);
    assert!(r.all.contains("web page (HTML) saved as .xls"), "{}", r.all);
    assert!(r.rows.is_empty());
}

/// Rows hidden the ways other writers hide them: xlwt's ROW records (hidden,
/// 0 high, a closed outline group), and Excel's `ht="0"`, `hidden="1"`,
/// outline rows and `zeroHeight`.
#[test]
fn rows_other_writers_hide_are_refused_row_by_row() {
    let seven = [
        (2, Paid),
        (3, Hidden),
        (4, Hidden),
        (5, Hidden),
        (6, Hidden),
        (7, Paid),
        (8, Paid),
    ];
    // xlwt hides column F, a remark: read as usual.
    let r = verdicts("writers/xlwt-hidden.xls", &[], 2, &seven);
    assert!(batch_errors(&r).contains("(rows 3, 4, 5, 6)"), "{}", r.all);
    assert!(!batch_errors(&r).contains("column"), "{}", r.all);
    // The Amount column is 0 wide: refused as hidden.
    let r = verdicts("writers/openpyxl-hidden.xlsx", &[], 2, &seven);
    assert!(
        batch_errors(&r).contains("column E \\\"Amount\\\", which is hidden in the workbook"),
        "{}",
        r.all
    );
    let r = verdicts(
        "writers/openpyxl-zero-height-default.xlsx",
        &[],
        2,
        &[(2, Paid), (3, Hidden), (4, Paid), (5, Hidden)],
    );
    assert!(batch_errors(&r).contains("(rows 3, 5)"), "{}", r.all);
}

/// `.xlsm` is read as `.xlsx`: the same hidden rows, row by row.
#[test]
fn an_xlsm_hides_rows_as_its_xlsx_does() {
    let dir = tmp();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sheets/hidden-rows.xlsx");
    let f = dir.path().join("hidden-rows.xlsm");
    std::fs::copy(src, &f).unwrap();
    let r = verdicts(f.to_str().unwrap(), &[], 2, &HIDDEN_ROWS);
    assert!(batch_errors(&r).contains("(rows 5, 7, 8, 11)"), "{}", r.all);
}

/// A CSV whose amounts were written with unquoted thousand separators
/// (`12,000`, `1,25,000`), opened in LibreOffice and saved as a workbook:
/// the pieces are now numbers (`000` became 0) in the columns after the
/// amount. Row 2 kept as many cells as the header, its `000` a 0 in the
/// Remark column: it must never read as a payout of Tk 12.
#[test]
fn an_amount_split_by_a_comma_before_the_workbook_was_saved_is_refused() {
    for file in ["split-amount.xlsx", "split-amount.xls", "split-amount.ods"] {
        let lost_zero = Warned("lost its leading zero");
        verdicts(
            file,
            &[],
            2,
            &[
                (2, Invalid("is probably not the whole amount")),
                (3, lost_zero),
                (4, Invalid("an unquoted comma")),
                (5, lost_zero),
            ],
        );
    }
}

/// Its guard: number columns of the payroll's own beside the amount (days
/// worked, 0 among them; a numeric employee id) are no pieces of it.
#[test]
fn number_columns_beside_the_amount_are_not_taken_for_a_split() {
    let lost_zero = Warned("lost its leading zero");
    let r = verdicts(
        "amount-beside-numbers.xlsx",
        &[],
        0,
        &[(2, lost_zero), (3, lost_zero)],
    );
    assert_eq!(total(&r), Some(1_250_000), "{}", r.all);
}

/// XlsxWriter (and every program that writes formulas without calculating
/// them) saves each formula's result as 0 and asks Excel to recalculate on
/// opening (`fullCalcOnLoad`). Excel shows 10,500; the file holds 0. The
/// rows are refused, and the sheet must say why: the amounts are formulas
/// the file holds no results for, not zeros someone typed.
#[test]
fn formulas_a_program_saved_uncalculated_are_named_as_such() {
    let zero = Invalid("is zero");
    let r = verdicts(
        "writers/xlsxwriter-formulas.xlsx",
        &[],
        2,
        &[(2, zero), (3, zero), (4, zero)],
    );
    let limits = r
        .json
        .as_ref()
        .map_or(String::new(), |v| v["limits"].to_string());
    assert!(
        limits.contains("4 formula cells")
            && limits.contains("G2")
            && limits.contains("open it in Excel or LibreOffice and save it"),
        "{}",
        r.all
    );
}

/// Rows that hold a payout but show nothing of it: every cell formatted
/// `;;;`, every cell in white ink, only the amount `;;;`, only the wallet in
/// white ink, the amount shown as a literal dash (refused as text, not its
/// figure). Beside them, guards that
/// do show their value: `0;;` on a positive amount, `"Tk "#,##0`, white on
/// a black fill. Written by openpyxl as Excel writes styles, and saved
/// again by LibreOffice and by Gnumeric (`unseen_cells.py`). Gnumeric's
/// save loses the black fill (every cell gets its solid white one), so
/// there the white amount of row 9 is invisible too, as LibreOffice
/// renders that file.
#[test]
fn cells_whose_format_shows_nothing_are_refused_until_told() {
    unseen_cells_are_refused(&["", ".gnumeric"], "xlsx");
}

/// The same sheet saved as Excel 97 `.xls` by LibreOffice and Gnumeric.
#[test]
fn cells_whose_format_shows_nothing_are_refused_in_xls_too() {
    unseen_cells_are_refused(&["", ".gnumeric"], "xls");
}

/// And as OpenDocument `.ods`, LibreOffice's own format.
#[test]
fn cells_whose_format_shows_nothing_are_refused_in_ods_too() {
    unseen_cells_are_refused(&[""], "ods");
}

fn unseen_cells_are_refused(suites: &[&str], ext: &str) {
    let unseen = Invalid("nothing in the workbook");
    let five = "5 rows show nothing of a value payrun would pay (rows 3, 4, 5, 8, 10)";
    let six = "6 rows show nothing of a value payrun would pay (rows 3, 4, 5, 8, 9, 10)";
    let mut files = vec![];
    if ext == "xlsx" {
        files.push(("writers/openpyxl-unseen-cells.xlsx".to_string(), Paid, five));
    }
    for suite in suites {
        let gnumeric = *suite == ".gnumeric";
        let row_9 = if gnumeric { unseen } else { Paid };
        files.push((
            format!("unseen-cells{suite}.{ext}"),
            row_9,
            if gnumeric { six } else { five },
        ));
    }
    for (file, row_9, listed) in files {
        let file = file.as_str();
        let want = [
            (2, Paid),
            (3, unseen),
            (4, unseen),
            (5, unseen),
            (6, Paid),
            (7, Paid),
            (8, unseen),
            (9, row_9),
            (10, Invalid("shows text, not its figure")),
        ];
        refused_until_told(file, &want, listed, 7_200_000);
    }
}

/// A row merged into its name, its wallet and amount kept under the merge
/// (LibreOffice's "keep the contents of the hidden cells"), and an amount
/// merged under the provider: both hold a payout nobody sees. A merged
/// title and a remark merged over an empty cell hide nothing. LibreOffice's
/// saves as .xlsx, .xls and .ods (`merged_cells.py`).
#[test]
fn values_under_a_merged_cell_are_refused_until_told() {
    let unseen = Invalid("nothing in the workbook");
    let want = [(3, Paid), (4, unseen), (5, unseen), (6, Paid)];
    for file in ["merged-cells.xlsx", "merged-cells.xls", "merged-cells.ods"] {
        refused_until_told(
            file,
            &want,
            "2 rows show nothing of a value payrun would pay (rows 4, 5)",
            2_600_000,
        );
    }
}

/// Amounts whose number format shows another number than the cell holds:
/// `#,##0,` shows 12000 as "12", `0%` shows 50 as "5000%", `0"000"` shows 12
/// as "12000". Formats that show the amount as held (a taka literal, two
/// decimals, accounting, a currency code, scientific) are read. Written by
/// openpyxl and saved by LibreOffice and Gnumeric (`misstated_amounts.py`).
#[test]
fn amounts_shown_as_another_number_are_refused() {
    let other = Invalid("is shown as another number in the workbook");
    let mut want: Vec<(usize, V)> = (2..=10).map(|n| (n, Paid)).collect();
    for row in [3, 4, 5] {
        want[row - 2].1 = other;
    }
    for file in [
        "writers/openpyxl-misstated-amounts.xlsx",
        "misstated-amounts.xlsx",
        "misstated-amounts.xls",
        "misstated-amounts.ods",
        "misstated-amounts.gnumeric.xlsx",
        "misstated-amounts.gnumeric.xls",
    ] {
        let r = verdicts(file, &[], 2, &want);
        assert_eq!(total(&r), Some(3_610_000), "{file}");
        // No flag pays a misread amount.
        verdicts(file, &["--include-hidden-rows"], 2, &want);
    }
}

/// The Amount column dragged nearly shut (half a character: nothing of its
/// numbers shows) is as hidden as a hidden column: payrun does not pay from
/// a column the person checking the sheet could not read, unless `--map`
/// names it. The empty spacer column as narrow is never read. Saved by
/// LibreOffice in each format (`narrow_columns.py`).
#[test]
fn an_amount_column_too_narrow_to_show_a_digit_is_not_read_silently() {
    for file in [
        "narrow-columns.xlsx",
        "narrow-columns.xls",
        "narrow-columns.ods",
    ] {
        let r = run(file, &[]);
        assert_eq!(r.code, 2, "{file}: {}", r.all);
        let errors = batch_errors(&r);
        assert!(
            errors.contains("the amount would be read from column D")
                && errors.contains("which is hidden in the workbook"),
            "{file}: {}",
            r.all
        );
        read_when_mapped(file, 600_600);
    }
}

/// Text the colour of its fill shows nothing: the font colour picked to
/// match the fill (yellow on yellow, black on black, navy on navy) hides a
/// payout as surely as white on white. Red on yellow and black on grey show
/// theirs. Written by openpyxl as Excel writes styles, and saved by
/// LibreOffice in each format (`same_colour_ink.py`).
#[test]
fn text_the_colour_of_its_fill_is_refused_until_told() {
    let want = unseen_among(2..=7, &[3, 4, 5]);
    for file in [
        "writers/openpyxl-same-colour-ink.xlsx",
        "same-colour-ink.xlsx",
        "same-colour-ink.xls",
        "same-colour-ink.ods",
    ] {
        refused_until_told(
            file,
            &want,
            "3 rows show nothing of a value payrun would pay (rows 3, 4, 5)",
            4_410_000,
        );
    }
}
