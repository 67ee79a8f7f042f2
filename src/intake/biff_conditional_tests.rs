use super::*;

/// A CF record: a cell-value comparison `cp` with constant formulas, and a
/// DXFN setting a format of its own (`;;;`) and the font colour `icv`.
fn cf_record(
    cp: u8,
    rgce1: &[u8],
    rgce2: &[u8],
    format: Option<&str>,
    icv: Option<u32>,
) -> Vec<u8> {
    let mut flags: u32 = 0x003F_FFFF & !(1 << 19);
    let mut blocks = Vec::new();
    if let Some(code) = format {
        flags |= 1 << 25;
        let mut s = vec![];
        s.extend((code.len() as u16).to_le_bytes());
        s.push(0);
        s.extend(code.bytes());
        blocks.extend(((s.len() + 2) as u16).to_le_bytes());
        blocks.extend(s);
    }
    if let Some(icv) = icv {
        flags |= 1 << 26;
        let mut font = vec![0u8; FONT];
        font[80..84].copy_from_slice(&icv.to_le_bytes());
        blocks.extend(font);
    }
    let mut d = vec![1, cp];
    d.extend((rgce1.len() as u16).to_le_bytes());
    d.extend((rgce2.len() as u16).to_le_bytes());
    d.extend(flags.to_le_bytes());
    d.extend(u16::from(format.is_some()).to_le_bytes());
    d.extend(blocks);
    d.extend(rgce1);
    d.extend(rgce2);
    d
}

fn read(records: &[(u16, Vec<u8>)]) -> Vec<Rule> {
    let mut rules = BiffRules::default();
    for (typ, d) in records {
        rules.record(*typ, d, &BiffStyles::default()).unwrap();
    }
    rules.rules
}

/// CONDFMT over D2:D100 (0-based rows 1 to 99, column 3).
fn condfmt() -> (u16, Vec<u8>) {
    let area = [1u16, 99, 3, 3];
    let mut d = vec![1, 0, 1, 0];
    d.extend(area.iter().flat_map(|v| v.to_le_bytes()));
    d.extend(1u16.to_le_bytes());
    d.extend(area.iter().flat_map(|v| v.to_le_bytes()));
    (0x01B0, d)
}

#[test]
fn a_format_of_its_own_or_white_ink_hides_when_the_comparison_holds() {
    let nine_thousand = [0x1E, 0x28, 0x23];
    let minus_one = [0x1F, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0x13];
    let rules = read(&[
        condfmt(),
        (0x01B1, cf_record(7, &nine_thousand, &[], Some(";;;"), None)),
        (0x01B1, cf_record(6, &minus_one, &[], None, Some(9))),
        // Red ink hides nothing, and is not kept.
        (0x01B1, cf_record(3, &nine_thousand, &[], None, Some(10))),
    ]);
    assert_eq!(rules.len(), 2);
    assert_eq!(rules[0].areas, vec![(2, 100, 3, 3)]);
    assert_eq!(rules[0].when, When::numbers(Op::Ge, 9000.0, None));
    assert!(rules[0].hides.positive && rules[0].hides.text);
    assert_eq!(rules[1].when, When::numbers(Op::Lt, -1.0, None));
    assert!(rules[1].hides.invisible_ink);
}

#[test]
fn a_formula_or_a_cut_short_record_is_read_safely() {
    let skip = [
        0x4C, 0, 0, 4, 0x80, 0x17, 4, 0, b's', b'k', b'i', b'p', 0x0B,
    ];
    let mut formula = cf_record(0, &skip, &[], None, Some(9));
    formula[0] = 2;
    let rules = read(&[condfmt(), (0x01B1, formula.clone())]);
    assert_eq!(rules[0].when, When::Always);
    for cut in [0, 3, 10, 40, formula.len() - 1] {
        let rules = read(&[condfmt(), (0x01B1, formula[..cut].to_vec())]);
        assert!(rules.is_empty(), "cut at {cut}");
    }
}
