use super::super::xlsx_styles::xlsx_styles;
use super::*;
use std::collections::HashMap;

fn hides(code: &str) -> (bool, bool, bool, bool) {
    let h = format_hides(code);
    (h.positive, h.negative, h.zero, h.text)
}

#[test]
fn formats_that_show_nothing_or_only_a_literal_hide_their_values() {
    // (code, hides positive, negative, zero, text)
    let cases = [
        (";;;", (true, true, true, true)),
        (";;", (true, true, true, false)),
        (";", (true, true, true, false)),
        ("\"\"", (true, true, true, false)),
        ("\"-\"", (true, true, true, false)),
        ("0;-0;;@", (false, false, true, false)),
        ("#,##0;;", (false, true, true, false)),
        ("0;0;0;", (false, false, false, true)),
        (
            "[Red]\" \";[Blue]\" \";\" \";\" \"",
            (true, true, true, true),
        ),
        ("_0*0", (true, true, true, false)),
    ];
    for (code, want) in cases {
        assert_eq!(hides(code), want, "{code}");
    }
}

#[test]
fn formats_with_a_placeholder_show_their_values() {
    for code in [
        "General",
        "0",
        "#,##0.00",
        "#,##0,",
        "[$৳-845]#,##0.00",
        "\"Tk \"#,##0",
        "0.00;[Red]-0.00",
        "#,##0;(#,##0);\"-\"",
        "@",
        "dd/mm/yyyy",
        "[h]:mm",
        "0%",
        "0.00E+00",
        "# ?/?",
    ] {
        let h = format_hides(code);
        assert!(!h.positive && !h.negative && !h.text, "{code}: {h:?}");
    }
    // Only the zero section of an accounting format is a dash: a zero is
    // not a payout anyway, but it is shown as hidden, which it is.
    assert!(format_hides("#,##0;(#,##0);\"-\"").zero);
}

#[test]
fn a_word_beside_the_figure_that_is_no_currency_is_a_unit() {
    for (code, unit) in [
        ("#,##0\" K\"", Some(Unit::Named("K"))),
        ("0.0\\M\\n", Some(Unit::Named("Mn"))),
        ("0\" লাখ\";-0\" লাখ\"", Some(Unit::Named("লাখ"))),
        ("General\" units\"", Some(Unit::Other)),
        // Another currency is no taka: named, and refused.
        ("[$USD]#,##0", Some(Unit::Currency("USD"))),
        ("_(\"$\"* #,##0.00_)", Some(Unit::Currency("$"))),
        ("$#,##0", Some(Unit::Currency("$"))),
        ("[$$-409]#,##0.00", Some(Unit::Currency("$"))),
        (
            "[$\u{20ac}-x-euro2] #,##0.00",
            Some(Unit::Currency("\u{20ac}")),
        ),
        ("[$\u{20b9}-4009] #,##0", Some(Unit::Currency("\u{20b9}"))),
        ("\"Tk \"#,##0\"/-\"", None),
        ("[$\u{09f3}-845]#,##0.00", None),
        ("[$BDT] #,##0", None),
        ("[$-445]#,##0", None),
        ("0.00E+00", None),
        ("General", None),
        ("dd/mm/yyyy", None),
        ("[h]:mm", None),
    ] {
        let h = format_hides(code);
        assert_eq!(h.unit, unit, "{code}");
        assert_eq!(h.misstates(None, "12"), unit.is_some(), "{code}");
    }
}

#[test]
fn a_format_of_text_only_shows_text_not_its_figure() {
    // A dash shows nothing of the value; text with a number in it shows
    // another number, which no flag pays.
    let dash = format_hides("\"-\"");
    assert!(dash.as_text && dash.hides(None, "9400"));
    for code in ["\"Tk 5,000\"", "\\0\\0"] {
        let h = format_hides(code);
        assert!(h.as_text && !h.hides(None, "500"), "{code}");
        assert!(h.misstates(None, "500"), "{code}");
    }
    assert!(!format_hides(";;;").as_text && !format_hides("\"Tk \"0").as_text);
}

#[test]
fn zeros_written_before_the_figure_lead_it_and_other_digits_misstate_it() {
    for code in ["\"0\"0000000000", "\\00000000000", "\"00\"#"] {
        assert!(!format_hides(code).misstates(None, "1712345678"), "{code}");
    }
    for code in ["0\"9\"", "0\"0\"", "\"10\"#", "\\0\\0", "\"0\""] {
        assert!(format_hides(code).misstates(None, "1712345678"), "{code}");
    }
}

#[test]
fn a_condition_makes_any_empty_number_section_count() {
    let h = format_hides("[>100]0;;");
    assert!(h.positive && h.negative && h.zero);
    assert!(!format_hides("[>100]0;[<=100]0.0").positive);
}

#[test]
fn a_value_is_hidden_by_the_section_its_kind_and_sign_choose() {
    let h = format_hides("0;;;@");
    assert!(!h.hides(None, "6000"));
    assert!(h.hides(None, "-6000"));
    assert!(h.hides(Some("n"), "0"));
    assert!(!h.hides(Some("s"), "7"));
    assert!(!h.hides(Some("b"), "1"));
    let all = format_hides(";;;");
    assert!(all.hides(Some("s"), "3") && all.hides(Some("inlineStr"), ""));
}

fn styles(fonts: &str, fills: &str, xfs: &str, fmts: &str) -> HashMap<usize, Hides> {
    let xml = format!(
        r#"<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
        <numFmts>{fmts}</numFmts><fonts>{fonts}</fonts><fills>{fills}</fills>
        <cellStyleXfs><xf numFmtId="165" fontId="1"/></cellStyleXfs>
        <cellXfs>{xfs}</cellXfs></styleSheet>"#
    );
    xlsx_styles(xml.as_bytes(), Default::default())
        .unwrap()
        .cells
}

#[test]
fn styles_xml_names_the_cell_styles_that_hide() {
    let fonts = r#"<font><sz val="11"/><color theme="1"/></font><font><color rgb="FFFFFFFF"/></font><font><color theme="0"/></font><font><color theme="0" tint="-0.5"/></font>"#;
    let fills = r#"<fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FF000000"/></patternFill></fill>"#;
    let fmts =
        r#"<numFmt numFmtId="164" formatCode="General"/><numFmt numFmtId="165" formatCode=";;;"/>"#;
    let xfs = [
        r#"<xf numFmtId="0" fontId="0" fillId="0"/>"#, // 0: plain
        r#"<xf numFmtId="165" fontId="0" fillId="0"/>"#, // 1: ;;;
        r#"<xf numFmtId="164" fontId="1" fillId="0"/>"#, // 2: white ink
        r#"<xf numFmtId="0" fontId="2" fillId="0"/>"#, // 3: theme 0 ink
        r#"<xf numFmtId="0" fontId="1" fillId="2"/>"#, // 4: white on black
        r#"<xf numFmtId="0" fontId="3" fillId="0"/>"#, // 5: tinted: grey
    ]
    .concat();
    let got = styles(fonts, fills, &xfs, fmts);
    let mut keys: Vec<usize> = got.keys().copied().collect();
    keys.sort_unstable();
    assert_eq!(keys, vec![1, 2, 3]);
    assert!(got[&1].positive && !got[&1].invisible_ink);
    assert!(got[&2].invisible_ink && got[&3].invisible_ink);
}

#[test]
fn a_font_with_strike_on_strikes_its_cell_styles_through() {
    // Excel's `<strike/>`, LibreOffice's `val="true"`, openpyxl's and
    // Gnumeric's `val="1"`; `0` and `false` are off.
    let fonts = [
        "<font/>",
        "<font><strike/></font>",
        r#"<font><strike val="true"/></font>"#,
        r#"<font><strike val="1"/></font>"#,
        r#"<font><strike val="0"/></font>"#,
        r#"<font><strike val="false"/></font>"#,
    ]
    .concat();
    let xfs: String = (0..6)
        .map(|i| format!(r#"<xf numFmtId="0" fontId="{i}" fillId="0"/>"#))
        .collect();
    let got = styles(&fonts, "", &xfs, "");
    let mut keys: Vec<usize> = got.keys().copied().collect();
    keys.sort_unstable();
    assert_eq!(keys, vec![1, 2, 3]);
    assert!(got.values().all(|h| h.struck && !h.hides(None, "1")));
}

#[test]
fn a_differential_format_with_strike_on_strikes_through() {
    let xml = r#"<styleSheet><dxfs count="3"><dxf><font><strike/></font></dxf><dxf><font><strike val="0"/></font></dxf><dxf><font><strike val="1"/><color rgb="FFFF0000"/></font></dxf></dxfs></styleSheet>"#;
    let dxfs = xlsx_styles(xml.as_bytes(), Default::default())
        .unwrap()
        .dxfs;
    let struck: Vec<bool> = dxfs.iter().map(|h| h.struck).collect();
    assert_eq!(struck, [true, false, true]);
    assert!(dxfs.iter().all(|h| !h.invisible_ink));
}

#[test]
fn ink_the_colour_of_its_fill_is_lost_and_palette_entries_resolve() {
    assert!(ink_lost_in(Some(0xFFFF00), Some(0xFFFF00)));
    assert!(!ink_lost_in(Some(0xFF0000), Some(0xFFFF00)));
    // Automatic or unknown colours never match.
    assert!(!ink_lost_in(None, None) && !ink_lost_in(None, Some(0)));
    // The fixed eight, the default palette from 8, and system colours.
    assert_eq!(palette_colour(0), Some(0x000000));
    assert_eq!(palette_colour(5), Some(0xFFFF00));
    assert_eq!(palette_colour(9), Some(WHITE));
    assert_eq!(palette_colour(18), Some(0x000080));
    assert_eq!(palette_colour(63), Some(0x333333));
    assert_eq!(palette_colour(64), None);
    assert_eq!(palette_colour(0x7FFF), None);
}

#[test]
fn ink_too_near_its_ground_to_read_is_lost() {
    // White darkened 5 %, yellow and pale yellow on white; white on yellow.
    for (ink, ground) in [
        (0xF2F2F2, WHITE),
        (0xFFFF00, WHITE),
        (0xFFFF99, WHITE),
        (WHITE, 0xFFFF00),
        (0xC0C0C0, 0xB2B2B2),
    ] {
        assert!(
            ink_lost_in(Some(ink), Some(ground)),
            "{ink:06X} on {ground:06X}"
        );
    }
    // Light grey, grey, cyan on white; Excel's "Bad" style (dark red on pink).
    for (ink, ground) in [
        (0xD9D9D9, WHITE),
        (0x808080, WHITE),
        (0x00FFFF, WHITE),
        (0x9C0006, 0xFFC7CE),
    ] {
        assert!(
            !ink_lost_in(Some(ink), Some(ground)),
            "{ink:06X} on {ground:06X}"
        );
    }
}

#[test]
fn theme_white_and_black_tinted_as_excel_tints_them() {
    let fonts = r#"<font><color theme="0" tint="-4.9989318521683403E-2"/></font><font><color theme="1" tint="0.95"/></font><font><color theme="0" tint="-0.249977111117893"/></font><font><sz val="1"/></font><font><sz val="6"/></font>"#;
    let fills = r#"<fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>"#;
    let xfs = [
        r#"<xf numFmtId="0" fontId="0" fillId="0"/>"#, // 0: white darker 5 %
        r#"<xf numFmtId="0" fontId="1" fillId="0"/>"#, // 1: black lighter 95 %
        r#"<xf numFmtId="0" fontId="2" fillId="0"/>"#, // 2: white darker 25 %: BFBFBF
        r#"<xf numFmtId="0" fontId="3" fillId="0"/>"#, // 3: 1-point text
        r#"<xf numFmtId="0" fontId="4" fillId="0"/>"#, // 4: 6-point text
    ]
    .concat();
    let got = styles(fonts, fills, &xfs, "");
    let mut keys: Vec<usize> = got.keys().copied().collect();
    keys.sort_unstable();
    assert_eq!(keys, vec![0, 1, 3]);
    assert!(keys.iter().all(|k| got[k].invisible_ink));
}

#[test]
fn a_section_coloured_white_hides_its_kind_on_white_only() {
    let white = Some(WHITE);
    let h = format_hides("[White]#,##0").inked(None, false, white);
    assert!(h.positive && h.negative && h.zero && h.invisible_ink);
    // Only negatives white: a positive amount shows.
    let h = format_hides("#,##0;[WHITE]-#,##0").inked(None, false, white);
    assert!(h.negative && !h.positive && !h.zero && !h.invisible_ink);
    // [Color2] is the palette's white; [Red] and a condition are no colour
    // to hide with.
    assert!(format_hides("[Color2]0").inked(None, false, white).positive);
    assert!(!format_hides("[Red][>100]0").inked(None, false, white).any());
    // White on a black fill shows, though the font is black on black.
    let h = format_hides("[White]0").inked(Some(0), false, Some(0));
    assert!(!h.any(), "{h:?}");
}

/// A country code before a wallet's ten placeholders shows the same wallet
/// in international form; before an amount's few, or any other digits
/// before the figure, another number.
#[test]
fn a_country_code_before_a_wallets_figure_leads_it() {
    for code in [
        "\"+880\"0000000000",
        "\"880\"0000000000",
        "\"+88\"00000000000",
        "\"+880 \"0000-000000",
        "\"00880\"0000000000",
    ] {
        assert!(!format_hides(code).misstates(None, "1712345678"), "{code}");
    }
    for code in [
        "\"880\"000",
        "\"+881\"0000000000",
        "\"123\"0000000000",
        "\"880\"",
    ] {
        assert!(format_hides(code).misstates(None, "1712345678"), "{code}");
    }
}
