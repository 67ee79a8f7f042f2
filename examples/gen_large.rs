//! Generates large sheets for benchmarks under `samples/large/` (gitignored):
//! a 1,000,000-row CSV and a 100,000-row XLSX, both clean apart from a few
//! rows per thousand that need a repair (a `+88` prefix, a lost zero, a
//! Bengali amount), so the validator does real work on every path.
//!
//! Run: `cargo run --release --example gen_large [CSV_ROWS] [XLSX_ROWS]`

use rust_xlsxwriter::{Format, Workbook};
use std::io::{BufWriter, Write};
use std::path::PathBuf;

/// A small deterministic generator, so every machine benchmarks the same file.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

const FIRST: [&str; 8] = [
    "Rahim",
    "Fatema",
    "Karim",
    "Nasrin",
    "Jamal",
    "Shirin",
    "রহিম",
    "ফাতেমা",
];
const LAST: [&str; 6] = ["Uddin", "Khatun", "Hossain", "Akter", "Ahmed", "Islam"];
const PROVIDERS: [&str; 3] = ["bKash", "Nagad", "Rocket"];

struct Row {
    id: String,
    name: String,
    wallet: String,
    provider: &'static str,
    amount: String,
}

fn row(i: usize, rng: &mut XorShift) -> Row {
    let r = rng.next();
    let provider = PROVIDERS[(r % 3) as usize];
    // Unique per row: the 8 digits after 01X are the row index.
    let operator = 3 + (i / 100_000_000 + (r >> 8) as usize % 7) % 7;
    let mobile = format!("01{operator}{:08}", i % 100_000_000);
    let mut wallet = if provider == "Rocket" {
        format!("{mobile}{}", (r >> 16) % 10)
    } else {
        mobile
    };
    let taka = 5_000 + (r >> 20) % 45_000;
    let mut amount = taka.to_string();
    match (r >> 40) % 1000 {
        0 => wallet = format!("+88{wallet}"),
        1 => wallet = wallet[1..].to_string(),
        2 => amount = format!("Tk {},{:03}", taka / 1000, taka % 1000),
        _ => {}
    }
    Row {
        id: format!("EMP-{:07}", i + 1),
        name: format!(
            "{} {}",
            FIRST[((r >> 24) % 8) as usize],
            LAST[((r >> 28) % 6) as usize]
        ),
        wallet,
        provider,
        amount,
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let csv_rows: usize = args.next().map_or(Ok(1_000_000), |a| a.parse())?;
    let xlsx_rows: usize = args.next().map_or(Ok(100_000), |a| a.parse())?;
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples/large");
    std::fs::create_dir_all(&dir)?;

    let csv_path = dir.join(format!("payroll-{}.csv", label(csv_rows)));
    let mut w = BufWriter::new(std::fs::File::create(&csv_path)?);
    writeln!(w, "Employee ID,Name,Wallet,Provider,Amount,Remark")?;
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for i in 0..csv_rows {
        let r = row(i, &mut rng);
        let amount = if r.amount.contains(',') {
            format!("\"{}\"", r.amount)
        } else {
            r.amount
        };
        writeln!(
            w,
            "{},{},{},{},{},November salary",
            r.id, r.name, r.wallet, r.provider, amount
        )?;
    }
    w.flush()?;
    println!("wrote {}", csv_path.display());

    let xlsx_path = dir.join(format!("payroll-{}.xlsx", label(xlsx_rows)));
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let text = Format::new().set_num_format("@");
    for (c, h) in [
        "Employee ID",
        "Name",
        "Wallet",
        "Provider",
        "Amount",
        "Remark",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *h)?;
    }
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for i in 0..xlsx_rows {
        let r = row(i, &mut rng);
        let n = (i + 1) as u32;
        sheet.write_string(n, 0, &r.id)?;
        sheet.write_string(n, 1, &r.name)?;
        sheet.write_string_with_format(n, 2, &r.wallet, &text)?;
        sheet.write_string(n, 3, r.provider)?;
        match r.amount.parse::<f64>() {
            Ok(a) => sheet.write_number(n, 4, a)?,
            Err(_) => sheet.write_string(n, 4, &r.amount)?,
        };
        sheet.write_string(n, 5, "November salary")?;
    }
    book.save(&xlsx_path)?;
    println!("wrote {}", xlsx_path.display());
    Ok(())
}

fn label(n: usize) -> String {
    if n.is_multiple_of(1_000_000) {
        format!("{}m", n / 1_000_000)
    } else if n.is_multiple_of(1000) {
        format!("{}k", n / 1000)
    } else {
        n.to_string()
    }
}
