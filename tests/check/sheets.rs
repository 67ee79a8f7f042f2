//! Sheets as new finance teams write them: their own header names, provider
//! labels with account words, tab-separated text, Bengali
//! headers, float noise in number cells, the payroll on another worksheet.
//! Each test is a regression for a case that was refused wrongly, accepted
//! wrongly, or refused with a message the user could not act on.

use super::*;

pub(super) fn issue_texts(v: &serde_json::Value) -> Vec<String> {
    v["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["text"].as_str().unwrap().to_string())
        .collect()
}

pub(super) fn notes(v: &serde_json::Value) -> Vec<String> {
    v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn finance_team_header_names_are_found() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "h.csv",
        "SL,Employee Name,A/C,MFS,Payable Amount\n1,Rahim,01712345678,bKash,\"1,500\"\n",
    );
    let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["total_poisha"], 150_000);
    // A less common amount name is read, and the user is told which column.
    assert!(
        notes(&v).contains(
            &"the amount is read from column E \"Payable Amount\"; if another column holds the amount to pay, name it with --map amount=\"HEADER\"".to_string()
        ),
        "{v:#}"
    );

    // A less common name competes with a plain one: `Salary` may be the pay
    // meant. (This used to pay `Amount` without a word: the silent choice
    // issue 11 is about.) The --map settles it.
    let f = write(
        dir.path(),
        "h2.csv",
        "Wallet,Provider,Salary,Amount\n01712345678,bKash,9000,500\n",
    );
    check_fails(
        dir.path(),
        &f,
        &[],
        &[
            "more than one column could be the amount",
            "--map amount=\"Amount\"",
        ],
    );
    let (code, v) = json_of(
        dir.path(),
        &["check", f.to_str().unwrap(), "--map", "amount=Amount"],
    );
    assert_eq!((code, v["total_poisha"].as_i64()), (0, Some(50_000)));

    // Two fallback names are ambiguous: refused, never guessed.
    let f = write(
        dir.path(),
        "h3.csv",
        "Wallet,Provider,Net Pay,Salary\n01712345678,bKash,9000,500\n",
    );
    check_fails(
        dir.path(),
        &f,
        &[],
        &["more than one column could be the amount", "--map amount="],
    );
}

#[test]
fn a_header_holding_an_alias_is_the_closest_match() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "h.csv",
        "Wallet,Provider,Disbursed Amount (Tk)\n01712345678,bKash,500\n",
    );
    check_fails(
        dir.path(),
        &f,
        &[],
        &["amount: closest match \"Disbursed Amount (Tk)\""],
    );
}

#[test]
fn provider_labels_with_account_words() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "p.csv",
        "Wallet,Provider,Amount\n\
         01712345678,bKash Personal,100\n\
         017123456781,DBBL Rocket,200\n\
         01812345678,Rocket (DBBL),300\n\
         01912345678,Nagad Merchant,400\n\
         01612345678,bKash/Nagad,500\n\
         01512345678,bKash Agent,600\n",
    );
    let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(v["valid"], 2, "{v:#}");
    let texts = issue_texts(&v);
    let has = |row: usize, frag: &str| {
        texts
            .iter()
            .any(|t| t.starts_with(&format!("row {row},")) && t.contains(frag))
    };
    // Rows 2 and 3 pay; row 4 is a valid Rocket label with an 11-digit id:
    // the wallet is wrong, not the provider.
    assert!(has(4, "missing the Rocket check digit"), "{texts:#?}");
    assert!(
        has(5, "\"Nagad Merchant\" is a Nagad merchant account") && has(5, "write just Nagad"),
        "{texts:#?}"
    );
    assert!(has(6, "names two providers, bKash and Nagad"), "{texts:#?}");
    assert!(has(7, "is a bKash agent account"), "{texts:#?}");
    let by: Vec<i64> = v["providers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["count"].as_i64().unwrap())
        .collect();
    assert_eq!(by, [1, 0, 1], "bKash Personal and Rocket (DBBL) are valid");
}

#[test]
fn tab_separated_text_is_read() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "t.txt",
        "Name\tWallet\tProvider\tAmount\r\nRahim\t01712345678\tbKash\t1,500\r\nKarim\t01812345678\tNagad\t\"2,000\"\r\n",
    );
    let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["total_poisha"], 350_000);
    assert!(notes(&v).contains(&"tab-separated".to_string()), "{v:#}");
    let tsv = write(
        dir.path(),
        "t.tsv",
        "Wallet\tProvider\tAmount\n01712345678\tbKash\t500\n",
    );
    let (code, v) = json_of(dir.path(), &["check", tsv.to_str().unwrap()]);
    assert_eq!(
        (code, v["total_poisha"].as_i64()),
        (0, Some(50_000)),
        "{v:#}"
    );
}

#[test]
fn bengali_headers_and_values_read_and_show_as_written() {
    let dir = tmp();
    let f = xlsx(dir.path(), "bn.xlsx", |wb| {
        let ws = wb.add_worksheet();
        for (c, h) in ["নাম", "মোবাইল নম্বর", "মাধ্যম", "টাকা"].iter().enumerate()
        {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for (r, row) in [
            ["রহিম", "০১৭১২৩৪৫৬৭৮", "বিকাশ", "৫,০০০"],
            ["করিম", "০১৮১২৩৪৫৬৭৮", "বিকাশ এজেন্ট", "৫০০"],
        ]
        .iter()
        .enumerate()
        {
            for (c, v) in row.iter().enumerate() {
                ws.write_string(r as u32 + 1, c as u16, *v).unwrap();
            }
        }
    });
    // `বিকাশ এজেন্ট` (bKash agent) is not a provider: the message must show
    // the header and the value as written, not `"ম\u{9be}ধ\u{9cd}যম"`.
    let out = check_fails(
        dir.path(),
        &f,
        &[],
        &["row 3, column \"মাধ্যম\": \"বিকাশ এজেন্ট\" is not a provider"],
    );
    assert!(!out.contains("\\u{"), "{out}");
    assert!(out.contains("valid              1"), "{out}");
}

#[test]
fn float_noise_in_a_number_cell_is_refused_with_round_advice() {
    let dir = tmp();
    let f = xlsx(dir.path(), "f.xlsx", |wb| {
        let ws = wb.add_worksheet();
        header(ws, 0);
        data_row(ws, 1, "E1", "01712345678", 1234.5000000001);
        data_row(ws, 2, "E2", "01812345678", 1234.0);
    });
    check_fails(
        dir.path(),
        &f,
        &["--allow-poisha"],
        &[
            "row 2, column \"Amount\": \"1234.5000000001\" is what the cell really holds",
            "=ROUND(...,2)",
        ],
    );
}

#[test]
fn payroll_on_another_sheet_names_the_sheets() {
    let dir = tmp();
    let f = xlsx(dir.path(), "s.xlsx", |wb| {
        let ws = wb.add_worksheet().set_name("Summary").unwrap();
        ws.write_string(0, 0, "Total payees").unwrap();
        ws.write_number(0, 1, 1).unwrap();
        let ws = wb.add_worksheet().set_name("Payroll").unwrap();
        header(ws, 0);
        data_row(ws, 1, "E1", "01712345678", 500.0);
    });
    check_fails(
        dir.path(),
        &f,
        &[],
        &[
            "no column for the required fields",
            "payrun read worksheet \"Summary\"; the workbook also has \"Payroll\"",
            "--sheet NAME",
        ],
    );
    let (code, v) = json_of(
        dir.path(),
        &["check", f.to_str().unwrap(), "--sheet", "Payroll"],
    );
    assert_eq!((code, v["valid"].as_i64()), (0, Some(1)));

    // An empty first sheet says the same, not "the file is empty".
    let f = xlsx(dir.path(), "e.xlsx", |wb| {
        wb.add_worksheet().set_name("Cover").unwrap();
        let ws = wb.add_worksheet().set_name("Payroll").unwrap();
        header(ws, 0);
        data_row(ws, 1, "E1", "01712345678", 500.0);
    });
    check_fails(
        dir.path(),
        &f,
        &[],
        &["worksheet \"Cover\" is empty", "also has \"Payroll\""],
    );
}

#[test]
fn a_provider_merged_over_rows_is_refused_with_the_reason() {
    let dir = tmp();
    let f = xlsx(dir.path(), "m.xlsx", |wb| {
        let ws = wb.add_worksheet();
        header(ws, 0);
        for (r, w) in ["01712345678", "01812345678", "01912345678"]
            .iter()
            .enumerate()
        {
            data_row(ws, r as u32 + 1, &format!("E{r}"), w, 500.0);
        }
        // Provider D2:D4 merged, value "bKash" on row 2 only.
        let fmt = rust_xlsxwriter::Format::new();
        ws.merge_range(1, 3, 3, 3, "bKash", &fmt).unwrap();
    });
    let out = check_fails(
        dir.path(),
        &f,
        &[],
        &[
            "row 3, column \"Provider\": the provider cell is empty",
            "a merged cell holds its value on its first row only",
            "row 4, column \"Provider\"",
        ],
    );
    assert!(out.contains("valid              1"), "{out}");
}

#[test]
fn formulas_are_read_as_their_cached_values() {
    let dir = tmp();
    let f = xlsx(dir.path(), "f.xlsx", |wb| {
        let ws = wb.add_worksheet();
        header(ws, 0);
        data_row(ws, 1, "E1", "01712345678", 0.0);
        data_row(ws, 2, "E2", "01812345678", 0.0);
        ws.write_formula(
            1,
            4,
            rust_xlsxwriter::Formula::new("=200+300").set_result("500"),
        )
        .unwrap();
        ws.write_formula(
            2,
            4,
            rust_xlsxwriter::Formula::new("=1/0").set_result("#DIV/0!"),
        )
        .unwrap();
    });
    let out = check_fails(
        dir.path(),
        &f,
        &[],
        &["row 3, column \"Amount\": \"#DIV/0!\" is a formula error"],
    );
    assert!(out.contains("total      Tk 500.00"), "{out}");
}

#[test]
fn excel_force_text_formula_in_a_csv_is_the_text_inside() {
    let dir = tmp();
    let f = write(
        dir.path(),
        "f.csv",
        "Name,Wallet,Provider,Amount\nA,=\"01712345678\",bKash,=\"500\"\n",
    );
    let (code, v) = json_of(dir.path(), &["check", f.to_str().unwrap()]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["total_poisha"], 50_000);
    let report = std::fs::read_to_string(dir.path().join("payrun-out/f.csv.check.csv")).unwrap();
    assert!(report.contains(",01712345678,"), "{report}");
}

#[test]
fn a_percentage_in_the_amount_column_is_refused_even_with_poisha_allowed() {
    let dir = tmp();
    let f = xlsx(dir.path(), "p.xlsx", |wb| {
        let ws = wb.add_worksheet();
        header(ws, 0);
        data_row(ws, 1, "E1", "01712345678", 0.15);
        data_row(ws, 2, "E2", "01812345678", 1500.5);
        let pct = rust_xlsxwriter::Format::new().set_num_format("0%");
        ws.set_cell_format(1, 4, &pct).unwrap();
    });
    let out = check_fails(
        dir.path(),
        &f,
        &["--allow-poisha"],
        &[
            "row 2, column \"Amount\": \"0.15\" is less than one taka (Tk 0.15); the cell is probably a percentage",
        ],
    );
    assert!(out.contains("valid              1"), "{out}");
}
